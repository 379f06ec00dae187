import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows } from '../database/sql.js';
import { TelephonyProvider } from '../telephony/telephony.provider.js';
import { NumberService } from './number.service.js';

export interface NumberSyncReport {
  /** Pool numbers whose webhooks (voice, status, SMS, fallbacks) now point at PUBLIC_BASE_URL. */
  repointed: string[];
  /** Pool numbers added to the Messaging Service. */
  addedToService: string[];
  /** Pool numbers the account no longer holds (released by hand?): they cannot work. */
  missingAtCarrier: string[];
  /** Account numbers Veil does not know (bought elsewhere): left alone, listed for the operator. */
  notInPool: string[];
  /** Retired numbers whose earlier release failed, released now. */
  released: string[];
  failures: { e164: string; step: 'repoint' | 'messaging_service' | 'release'; message: string }[];
}

/**
 * `npm run numbers:sync`: compares the pool with the carrier account and mends what drifted: webhooks
 * after a PUBLIC_BASE_URL change, numbers missing from the Messaging Service, releases that failed.
 * Safe to run any time and repeatedly: each repair is idempotent at the carrier.
 */
@Injectable()
export class NumberSyncService {
  private readonly logger = new Logger(NumberSyncService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly telephony: TelephonyProvider,
    private readonly numbers: NumberService,
  ) {}

  async sync(): Promise<NumberSyncReport> {
    const report: NumberSyncReport = { repointed: [], addedToService: [], missingAtCarrier: [], notInPool: [], released: [], failures: [] };
    const pool = await queryRows<{ id: string; e164: string; provider_sid: string | null; status: string; carrier_released_at: Date | null }>(
      this.dataSource,
      `SELECT id, e164, provider_sid, status, carrier_released_at FROM relay_number WHERE provider = $1 ORDER BY e164`,
      [this.telephony.name],
    );
    const account = new Map((await this.telephony.listAccountNumbers()).map((n) => [n.e164, n]));
    const service = await this.telephony.messagingService();
    const inService = new Set(service?.numbers ?? []);
    const known = new Set(pool.map((n) => n.e164));

    for (const number of pool) {
      const held = account.get(number.e164);
      if (number.status === 'retired') {
        if (number.carrier_released_at) continue;
        if ((await this.numbers.releaseAtCarrier(number.id)) && held) report.released.push(number.e164);
        else if (held) report.failures.push({ e164: number.e164, step: 'release', message: 'the carrier did not release it (see the log)' });
        else report.released.push(number.e164);
        continue;
      }
      if (!held) {
        report.missingAtCarrier.push(number.e164);
        continue;
      }
      if (held.providerSid !== number.provider_sid) {
        await queryRows(this.dataSource, `UPDATE relay_number SET provider_sid = $2 WHERE id = $1`, [number.id, held.providerSid]);
      }
      await this.repair(report, number.e164, 'repoint', held.webhooksCurrent, () => this.telephony.repointWebhooks(held.providerSid), report.repointed);
      await this.repair(
        report,
        number.e164,
        'messaging_service',
        !service || inService.has(number.e164),
        () => this.telephony.addToMessagingService(held.providerSid),
        report.addedToService,
      );
    }
    report.notInPool = [...account.keys()].filter((e164) => !known.has(e164)).sort();
    this.logger.log(
      `numbers sync: ${report.repointed.length} re-pointed, ${report.addedToService.length} added to the service, ` +
        `${report.released.length} released, ${report.missingAtCarrier.length} missing at the carrier, ` +
        `${report.notInPool.length} not in the pool, ${report.failures.length} failed`,
    );
    return report;
  }

  private async repair(
    report: NumberSyncReport,
    e164: string,
    step: 'repoint' | 'messaging_service',
    fine: boolean,
    fix: () => Promise<void>,
    done: string[],
  ): Promise<void> {
    if (fine) return;
    try {
      await fix();
      done.push(e164);
    } catch (error) {
      report.failures.push({ e164, step, message: (error as Error).message });
    }
  }
}
