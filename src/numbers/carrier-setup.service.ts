import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app.config.js';
import { maskPhone } from '../common/phone.js';
import { queryRows } from '../database/sql.js';
import { TelephonyProvider } from '../telephony/telephony.provider.js';

export type CarrierSetupProblem =
  | 'no_messaging_service'
  | 'inbound_not_deferred'
  | 'numbers_outside_service'
  | 'campaign_not_registered'
  | 'messaging_service_unreadable';

export interface CarrierSetupFinding {
  problem: CarrierSetupProblem;
  /** What is wrong and what to change, for the operator. */
  message: string;
}

/**
 * Checks what Veil cannot do for itself at the carrier: US texts need an A2P 10DLC Messaging Service,
 * that service must hand inbound texts to each number's own webhook (Veil's), and every relay number
 * must sit in it. Run at start (warnings in the log) and on every provisioning (in the answer).
 */
@Injectable()
export class CarrierSetupService implements OnApplicationBootstrap {
  private readonly logger = new Logger(CarrierSetupService.name);
  /** The check started with the application; tests and the CLI await it. */
  startupCheck: Promise<CarrierSetupFinding[]> = Promise.resolve([]);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly telephony: TelephonyProvider,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.telephony.name !== 'twilio') return;
    // Not awaited: an unreachable Twilio must not hold the start; the findings are logged when known.
    this.startupCheck = this.check().then((findings) => {
      for (const finding of findings) this.logger.warn(finding.message);
      return findings;
    });
  }

  async check(): Promise<CarrierSetupFinding[]> {
    if (this.telephony.name !== 'twilio') return [];
    const pool = await queryRows<{ e164: string; country: string }>(
      this.dataSource,
      `SELECT e164, country FROM relay_number WHERE provider = $1 AND status <> 'retired' AND 'sms' = ANY (capabilities) ORDER BY e164`,
      [this.telephony.name],
    );
    const serviceSid = this.telephony.messagingServiceSid;
    if (!serviceSid) {
      const us = pool.filter((n) => n.country === 'US').length;
      if (us === 0) return [];
      return [
        {
          problem: 'no_messaging_service',
          message:
            `TWILIO_MESSAGING_SERVICE_SID is not set, but the pool has ${us} US number(s): US carriers block texts ` +
            'from long codes outside a registered A2P 10DLC campaign (error 30034), so forwarded texts and reminders ' +
            'will not arrive. Register a brand and campaign, attach them to a Messaging Service and set ' +
            'TWILIO_MESSAGING_SERVICE_SID (docs/TWILIO.md).',
        },
      ];
    }
    let service;
    try {
      service = await this.telephony.messagingService();
    } catch (error) {
      return [
        {
          problem: 'messaging_service_unreadable',
          message: `Messaging Service ${serviceSid} could not be read: ${(error as Error).message}. Check the SID and the credentials' account.`,
        },
      ];
    }
    const findings: CarrierSetupFinding[] = [];
    if (service && !service.useInboundWebhookOnNumber) {
      findings.push({
        problem: 'inbound_not_deferred',
        message:
          `Messaging Service ${serviceSid} handles incoming texts itself, so they never reach Veil: in the Twilio ` +
          "Console open Messaging > Services > this service > Integration, and under Incoming Messages choose " +
          "\"Defer to sender's webhook\" (API: UseInboundWebhookOnNumber=true).",
      });
    }
    const us = pool.filter((n) => n.country === 'US').length;
    if (service && !service.usA2pRegistered && us > 0) {
      findings.push({
        problem: 'campaign_not_registered',
        message:
          `Messaging Service ${serviceSid} has no approved US A2P 10DLC campaign, and the pool has ${us} US number(s): ` +
          'US carriers block their texts (error 30034), so forwarded texts and reminders will not arrive. Register a ' +
          'brand and campaign and attach the campaign to this service (docs/TWILIO.md, checklist step 2); review takes days to weeks.',
      });
    }
    const inService = new Set(service?.numbers ?? []);
    const outside = pool.filter((n) => !inService.has(n.e164));
    if (outside.length > 0) {
      findings.push({
        problem: 'numbers_outside_service',
        message:
          `${outside.length} relay number(s) are not in Messaging Service ${serviceSid} ` +
          `(${outside.slice(0, 5).map((n) => maskPhone(n.e164)).join(', ')}${outside.length > 5 ? ', …' : ''}), ` +
          'so their texts are sent unregistered (error 30034): run `npm run numbers:sync` to add them, or add them ' +
          "in the Console under the service's Sender Pool.",
      });
    }
    return findings;
  }
}
