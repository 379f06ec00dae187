import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MetricsService } from '../health/metrics.service.js';
import { queryRows, scopeSql, type BatchScope } from '../database/sql.js';
import { TelephonyProvider, type ErasureResult } from '../telephony/telephony.provider.js';

export const ERASURE_BATCH = 50;
/** A claimed deletion belongs to its instance this long. */
const LEASE_MS = 10 * 60_000;
/** Attempts in all before a deletion is given up (and reported). */
export const ERASURE_MAX_ATTEMPTS = 8;
const RETRY_BASE_MS = 60_000;
const RETRY_MAX_MS = 6 * 3600_000;
// Only ids of the carrier's own records: calls (CA) and texts (SM, MM).
const CARRIER_SID = `'^(CA|SM|MM)[0-9a-f]{32}$'`;

interface Claimed {
  provider_sid: string;
  binding_id: string;
  kind: 'call' | 'message';
  attempts: number;
}

export interface ErasureBatch {
  erased: number;
  failed: { id: string; error: unknown }[];
  claimed: number;
}

/**
 * The carrier's copies of a purged binding's calls and texts (and their media): deleted through the
 * carrier's API, so that "purged" holds everywhere Veil put the numbers. Each deletion is a row, retried
 * with backoff; an account or API key that may not delete gets its rows marked `refused` and reported,
 * once each, in the log and the metrics (veil_carrier_erasures_total{result="refused"}).
 */
@Injectable()
export class CarrierErasureService {
  private readonly logger = new Logger(CarrierErasureService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly telephony: TelephonyProvider,
    private readonly metrics: MetricsService,
  ) {}

  /** One batch: queue the carrier records of newly purged bindings, then work off due deletions. */
  async eraseDue(now: Date, scope: BatchScope): Promise<ErasureBatch> {
    const queued = await this.queuePurged(now, scope);
    const claimed = await queryRows<Claimed>(
      this.dataSource,
      `UPDATE carrier_erasure SET attempts = attempts + 1, next_attempt_at = $2, updated_at = $1
        WHERE provider_sid IN (SELECT provider_sid FROM carrier_erasure
                                WHERE state = 'pending' AND next_attempt_at <= $1 AND ${scopeSql('binding_id', 4)}
                                ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING provider_sid, binding_id, kind, attempts`,
      [now, new Date(now.getTime() + LEASE_MS), ERASURE_BATCH, scope.exclude, scope.only],
    );
    const batch: ErasureBatch = { erased: 0, failed: [], claimed: queued + claimed.length };
    for (const row of claimed) {
      try {
        if (await this.erase(row, now)) batch.erased += 1;
      } catch (error) {
        batch.failed.push({ id: row.binding_id, error });
      }
    }
    return batch;
  }

  /** The bindings the next batch would work on (the sweeper narrows a failed batch with them). */
  async due(now: Date, exclude: string[], limit: number): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      this.dataSource,
      `(SELECT id FROM binding WHERE purged_at IS NOT NULL AND carrier_erasure_queued_at IS NULL AND id <> ALL($2::uuid[]) LIMIT $3)
       UNION
       (SELECT binding_id FROM carrier_erasure WHERE state = 'pending' AND next_attempt_at <= $1 AND binding_id <> ALL($2::uuid[]) LIMIT $3)`,
      [now, exclude, limit],
    );
    return rows.map((r) => r.id).slice(0, limit);
  }

  /** Purged bindings' carrier ids, one row each; the binding is marked so it is queued once. */
  private async queuePurged(now: Date, scope: BatchScope): Promise<number> {
    const rows = await queryRows<{ id: string }>(
      this.dataSource,
      `WITH due AS (
         SELECT id FROM binding
          WHERE purged_at IS NOT NULL AND carrier_erasure_queued_at IS NULL AND ${scopeSql('id', 3)}
          ORDER BY purged_at LIMIT $2 FOR UPDATE SKIP LOCKED)
       , sids AS (
         SELECT provider_sid AS sid, binding_id, 'call' AS kind FROM call_record WHERE binding_id IN (SELECT id FROM due)
         UNION ALL
         SELECT provider_sid, binding_id, 'message' FROM message_record WHERE binding_id IN (SELECT id FROM due)
         UNION ALL
         SELECT forward_sid, binding_id, 'message' FROM message_record WHERE binding_id IN (SELECT id FROM due) AND forward_sid IS NOT NULL)
       , queued AS (
         INSERT INTO carrier_erasure (provider_sid, binding_id, kind, state, next_attempt_at, created_at, updated_at)
         SELECT sid, binding_id, kind, 'pending', $1, $1, $1 FROM sids WHERE sid ~ ${CARRIER_SID}
         ON CONFLICT (provider_sid) DO NOTHING)
       UPDATE binding SET carrier_erasure_queued_at = $1 WHERE id IN (SELECT id FROM due) RETURNING id`,
      [now, ERASURE_BATCH, scope.exclude, scope.only],
    );
    return rows.length;
  }

  /** One deletion at the carrier, settled; true when the record is gone there now. */
  private async erase(row: Claimed, now: Date): Promise<boolean> {
    let result: ErasureResult | 'error';
    let detail: string | null = null;
    try {
      result = row.kind === 'call' ? await this.telephony.eraseCall(row.provider_sid) : await this.telephony.eraseMessage(row.provider_sid);
    } catch (error) {
      result = 'error';
      detail = (error as Error).message;
    }
    const gone = result === 'erased' || result === 'gone';
    const retry = result === 'in_flight' || result === 'error';
    const state = gone ? 'done' : result === 'forbidden' ? 'refused' : retry && row.attempts < ERASURE_MAX_ATTEMPTS ? 'pending' : 'failed';
    const next = new Date(now.getTime() + Math.min(RETRY_BASE_MS * 2 ** (row.attempts - 1), RETRY_MAX_MS));
    await queryRows(
      this.dataSource,
      `UPDATE carrier_erasure SET state = $2, next_attempt_at = $3, last_error = $4, updated_at = $5 WHERE provider_sid = $1`,
      [row.provider_sid, state, state === 'pending' ? next : now, detail ?? (gone ? null : result), now],
    );
    this.metrics.carrierErasure(state === 'pending' ? 'retry' : state);
    if (state === 'refused') {
      this.logger.error(
        `the carrier refused to delete ${row.kind} ${row.provider_sid} of purged binding ${row.binding_id}: the account or API key ` +
          'may not delete records; grant it (or delete them in the Console) so that the real numbers go there too',
      );
    } else if (state === 'failed') {
      this.logger.error(`gave up deleting ${row.kind} ${row.provider_sid} at the carrier after ${row.attempts} attempts (${detail ?? result})`);
    }
    return gone;
  }
}
