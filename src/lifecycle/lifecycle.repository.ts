import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows, unflushedTransaction } from '../database/sql.js';

// Each record table and the time its retention counts from.
const UNBOUND_RECORDS = [
  ['call_record', 'started_at'],
  ['message_record', 'received_at'],
] as const;

/**
 * The sweeper's batch statements. Each claims its rows with SKIP LOCKED, so instances share the work,
 * and commits without waiting for the WAL flush: a batch lost in a crash is found and done again.
 */
@Injectable()
export class LifecycleRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Quarantine over: the number goes back to the pool, at the back of the least-recently-used order. */
  async releaseQuarantined(now: Date, limit: number): Promise<number> {
    const rows = await unflushedTransaction(this.dataSource, (tx) =>
      queryRows<{ id: string }>(
        tx,
        `UPDATE relay_number SET status = 'available', quarantine_until = NULL, available_since = $1, updated_at = $1
        WHERE id IN (SELECT id FROM relay_number WHERE status = 'quarantined' AND quarantine_until <= $1
                      ORDER BY quarantine_until LIMIT $2 FOR UPDATE SKIP LOCKED)
        RETURNING id`,
        [now, limit],
      ),
    );
    return rows.length;
  }

  /**
   * Retention over: the real numbers (ciphertext and keyed hashes) are deleted, and so are the binding's
   * call and message records (blocked texts' bodies with them); masked forms on the binding stay.
   */
  async purgeEnded(now: Date, retentionDays: number, limit: number): Promise<number> {
    const rows = await unflushedTransaction(this.dataSource, (tx) =>
      queryRows<{ id: string }>(
        tx,
        `WITH due AS (
         SELECT id FROM binding
          WHERE status <> 'active' AND purged_at IS NULL AND ended_at <= $1::timestamptz - make_interval(days => $2::int)
          ORDER BY ended_at LIMIT $3 FOR UPDATE SKIP LOCKED)
       , wiped AS (
         UPDATE participant SET phone_enc = NULL, phone_hash = NULL, pair_hash = NULL
          WHERE binding_id IN (SELECT id FROM due))
       , calls AS (DELETE FROM call_record WHERE binding_id IN (SELECT id FROM due))
       , texts AS (DELETE FROM message_record WHERE binding_id IN (SELECT id FROM due))
       UPDATE binding SET purged_at = $1, updated_at = $1 WHERE id IN (SELECT id FROM due) RETURNING id`,
        [now, retentionDays, limit],
      ),
    );
    return rows.length;
  }

  /** Records of no binding (strangers, numbers not in service) follow the same retention. */
  async purgeUnboundRecords(now: Date, retentionDays: number, limit: number): Promise<number> {
    return unflushedTransaction(this.dataSource, async (tx) => {
      let purged = 0;
      for (const [table, time] of UNBOUND_RECORDS) {
        const rows = await queryRows<{ id: string }>(
          tx,
          `DELETE FROM ${table} WHERE id IN (
             SELECT id FROM ${table} WHERE binding_id IS NULL AND ${time} <= $1::timestamptz - make_interval(days => $2::int)
              LIMIT $3 FOR UPDATE SKIP LOCKED)
           RETURNING id`,
          [now, retentionDays, limit],
        );
        purged += rows.length;
      }
      return purged;
    });
  }

  /** Former parties are remembered for quarantine + retention, then forgotten. */
  async forgetFormerParties(now: Date, limit: number): Promise<number> {
    const rows = await unflushedTransaction(this.dataSource, (tx) =>
      queryRows<{ pair_hash: Buffer }>(
        tx,
        `DELETE FROM former_party WHERE pair_hash IN (
           SELECT pair_hash FROM former_party WHERE forget_after <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING pair_hash`,
        [now, limit],
      ),
    );
    return rows.length;
  }
}
