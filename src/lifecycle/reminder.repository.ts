import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { queryRows, scopeSql, type BatchScope } from '../database/sql.js';

export interface ClaimedReminder {
  binding_id: string;
  tenant_id: string;
  order_id: string;
  relay_e164: string;
  buyer_enc: string | null;
  buyer_masked: string;
  attempts: number;
  attempt_at: Date;
  body_hash: Buffer | null;
}

/** What an attempt came to; `sending` rows stay as they are (their outcome is unknown). */
export type ReminderSettlement =
  | { state: 'sent'; providerSid: string }
  | { state: 'failed'; errorCode: number | null }
  | { state: 'retry'; nextAttemptAt: Date; errorCode: number | null };

// A reminder is due: live binding, buyer's number still held, inside the window, never attempted or
// waiting for a retry that is due. (Reads `b`, `p` and `r`.)
const DUE = `b.status = 'active' AND b.reminder_sent_at IS NULL
            AND b.expires_at > $1 AND b.expires_at <= $1::timestamptz + make_interval(days => $2::int)
            AND p.phone_enc IS NOT NULL
            AND (r.binding_id IS NULL OR (r.state = 'retry' AND r.next_attempt_at <= $1))`;

// No end date: the text names the end as it is at send time (`current`), not at the claim.
const CLAIM_COLUMNS = `b.tenant_id, b.order_id, n.e164 AS relay_e164, p.phone_enc AS buyer_enc, p.phone_masked AS buyer_masked`;

/**
 * The reminder's states, each move one short statement. No statement here locks a binding row: the
 * claim reads bindings and writes only `reminder`, so a buyer's EXTEND never waits for a send.
 */
@Injectable()
export class ReminderRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Due bindings (never attempted, or waiting to retry and due) become `sending`, attempt counted,
   * leased until `leaseUntil`. Exactly one instance claims each: a concurrent claim of the same binding
   * meets the primary key (a first attempt) or the row's new state (a retry) and gets nothing.
   */
  async claimDue(now: Date, daysBefore: number, leaseUntil: Date, limit: number, scope: BatchScope): Promise<ClaimedReminder[]> {
    return queryRows<ClaimedReminder>(
      this.dataSource,
      `WITH due AS (
         SELECT b.id AS binding_id, ${CLAIM_COLUMNS}
           FROM binding b
           JOIN relay_number n ON n.id = b.relay_number_id
           JOIN participant p ON p.binding_id = b.id AND p.role = 'buyer'
           LEFT JOIN reminder r ON r.binding_id = b.id
          WHERE ${DUE} AND ${scopeSql('b.id', 5)}
          ORDER BY b.expires_at
          LIMIT $4)
       , claimed AS (
         INSERT INTO reminder (binding_id, state, attempts, attempt_at, lease_until, updated_at)
         SELECT binding_id, 'sending', 1, $1, $3, $1 FROM due
         ON CONFLICT (binding_id) DO UPDATE
            SET state = 'sending', attempts = reminder.attempts + 1, attempt_at = $1, lease_until = $3,
                next_attempt_at = NULL, body_hash = NULL, updated_at = $1
          WHERE reminder.state = 'retry' AND reminder.next_attempt_at <= $1
         RETURNING binding_id, attempts, attempt_at, body_hash)
       SELECT due.*, claimed.attempts, claimed.attempt_at, claimed.body_hash
         FROM due JOIN claimed USING (binding_id)`,
      [now, daysBefore, leaseUntil, limit, scope.exclude, scope.only],
    );
  }

  /** The bindings the next claim would take, unclaimed (the sweeper narrows a failed batch with them). */
  async due(now: Date, daysBefore: number, exclude: string[], limit: number): Promise<string[]> {
    const rows = await queryRows<{ binding_id: string }>(
      this.dataSource,
      `SELECT b.id AS binding_id FROM binding b
         JOIN participant p ON p.binding_id = b.id AND p.role = 'buyer'
         LEFT JOIN reminder r ON r.binding_id = b.id
        WHERE ${DUE} AND b.id <> ALL($3::uuid[]) ORDER BY b.expires_at LIMIT $4`,
      [now, daysBefore, exclude, limit],
    );
    return rows.map((r) => r.binding_id);
  }

  /**
   * Attempts whose instance never said how they ended (it crashed, or the carrier's answer was lost)
   * and whose lease ran out: leased again to this instance, to be settled.
   */
  async claimUnsettled(now: Date, leaseUntil: Date, limit: number, scope: BatchScope): Promise<ClaimedReminder[]> {
    return queryRows<ClaimedReminder>(
      this.dataSource,
      `WITH stale AS (
         UPDATE reminder SET lease_until = $2, updated_at = $1
          WHERE binding_id IN (SELECT binding_id FROM reminder WHERE state = 'sending' AND lease_until <= $1
                                  AND ${scopeSql('binding_id', 4)}
                                ORDER BY lease_until LIMIT $3 FOR UPDATE SKIP LOCKED)
          RETURNING binding_id, attempts, attempt_at, body_hash)
       SELECT stale.binding_id, ${CLAIM_COLUMNS}, stale.attempts, stale.attempt_at, stale.body_hash
         FROM stale
         JOIN binding b ON b.id = stale.binding_id
         JOIN relay_number n ON n.id = b.relay_number_id
         JOIN participant p ON p.binding_id = b.id AND p.role = 'buyer'`,
      [now, leaseUntil, limit, scope.exclude, scope.only],
    );
  }

  /**
   * The binding as it is now, read after the claim: an EXTEND (which never waits for the claim) or a
   * close may have committed since, and the text must name the end as it stands.
   */
  async current(bindingId: string): Promise<{ status: string; expires_at: Date } | null> {
    const rows = await queryRows<{ status: string; expires_at: Date }>(this.dataSource, `SELECT status, expires_at FROM binding WHERE id = $1`, [
      bindingId,
    ]);
    return rows[0] ?? null;
  }

  /** Written and committed before the carrier is called: from here on, the text may be out. */
  async markSending(bindingId: string, bodyHash: Buffer, now: Date): Promise<void> {
    await queryRows(this.dataSource, `UPDATE reminder SET body_hash = $2, updated_at = $3 WHERE binding_id = $1 AND state = 'sending'`, [
      bindingId,
      bodyHash,
      now,
    ]);
  }

  /**
   * Ends an attempt. A sent or failed reminder is final: the binding's `reminder_sent_at` stops the
   * scan from finding it again. Runs in the caller's transaction so the record commits with it.
   */
  async settle(tx: EntityManager, bindingId: string, settlement: ReminderSettlement, now: Date): Promise<boolean> {
    const rows = await queryRows<{ binding_id: string }>(
      tx,
      `UPDATE reminder
          SET state = $2, lease_until = NULL,
              next_attempt_at = $3, provider_sid = $4, error_code = $5, updated_at = $6
        WHERE binding_id = $1 AND state = 'sending'
        RETURNING binding_id`,
      [
        bindingId,
        settlement.state,
        settlement.state === 'retry' ? settlement.nextAttemptAt : null,
        settlement.state === 'sent' ? settlement.providerSid : null,
        settlement.state === 'sent' ? null : settlement.errorCode,
        now,
      ],
    );
    if (rows.length === 0) return false;
    if (settlement.state !== 'retry') {
      // Only the reminder column: an EXTEND committed meanwhile keeps its new end.
      await queryRows(tx, `UPDATE binding SET reminder_sent_at = $2 WHERE id = $1`, [bindingId, now]);
    }
    return true;
  }

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
