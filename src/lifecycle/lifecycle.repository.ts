import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { EventOutbox, isoSql, type EventType } from '../events/event-outbox.js';
import { queryRows, scopeSql, unflushedTransaction, type BatchScope } from '../database/sql.js';

/** A record table and the time its retention counts from. */
export type UnboundRecordTable = 'call_record' | 'message_record';
const RECORD_TIME: Record<UnboundRecordTable, string> = { call_record: 'started_at', message_record: 'received_at' };

/**
 * The sweeper's batch statements. Each claims its rows with SKIP LOCKED, so instances share the work,
 * and commits without waiting for the WAL flush: a batch lost in a crash is found and done again.
 * Each takes a BatchScope (rows to leave out, or the only rows to take) and has a `due…` twin that
 * lists, without claiming, the keys its next batch would take, so that a failed batch can be retried
 * in parts and its bad row set aside.
 */
@Injectable()
export class LifecycleRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: EventOutbox,
  ) {}

  /** Bindings past `expiresAt`, in the order BindingRepository.expireDue claims them. */
  async dueToExpire(now: Date, exclude: string[], limit: number): Promise<string[]> {
    return this.keys(
      `SELECT id AS key FROM binding WHERE status = 'active' AND expires_at <= $1 AND id <> ALL($2::uuid[])
        ORDER BY expires_at LIMIT $3`,
      [now, exclude, limit],
    );
  }

  /**
   * Quarantine over: the number goes back to the pool, at the back of the least-recently-used order; in
   * the same statement, extension pairs (X, E) whose quarantine is over are freed for new checkouts.
   */
  async releaseQuarantined(now: Date, limit: number, scope: BatchScope): Promise<number> {
    const rows = await unflushedTransaction(this.dataSource, (tx) =>
      queryRows<{ id: string }>(
        tx,
        `WITH pairs AS (
           UPDATE binding SET extension_held = false
            WHERE id IN (SELECT id FROM binding WHERE extension_held AND status <> 'active' AND extension_free_at <= $1
                          ORDER BY extension_free_at LIMIT $2 FOR UPDATE SKIP LOCKED)
            RETURNING id)
         , numbers AS (
           UPDATE relay_number SET status = 'available', quarantine_until = NULL, available_since = $1, updated_at = $1
            WHERE id IN (SELECT id FROM relay_number WHERE status = 'quarantined' AND quarantine_until <= $1 AND ${scopeSql('id', 3)}
                          ORDER BY quarantine_until LIMIT $2 FOR UPDATE SKIP LOCKED)
            RETURNING id)
         SELECT id FROM numbers UNION ALL SELECT id FROM pairs`,
        [now, limit, scope.exclude, scope.only],
      ),
    );
    return rows.length;
  }

  async dueToRelease(now: Date, exclude: string[], limit: number): Promise<string[]> {
    return this.keys(
      `SELECT id AS key FROM relay_number WHERE status = 'quarantined' AND quarantine_until <= $1 AND id <> ALL($2::uuid[])
        ORDER BY quarantine_until LIMIT $3`,
      [now, exclude, limit],
    );
  }

  /**
   * Retention over: the real numbers (ciphertext and keyed hashes) are deleted, and so are blocked
   * texts' bodies and the keyed hashes of unreachable senders (their counters serve a live binding only); the binding, its masked parties and its records stay for history until
   * RECORD_RETENTION_DAYS. A party still active here (a `caller` added as the binding ended) is ended
   * too, and kept as a former party like the others, so that no row is left that the purge cannot wipe.
   */
  async purgeEnded(now: Date, retentionDays: number, formerPartyDays: number, limit: number, scope: BatchScope): Promise<number> {
    const rows = await unflushedTransaction(this.dataSource, (tx) =>
      queryRows<{ id: string }>(
        tx,
        `WITH due AS (
         SELECT id, ended_at FROM binding
          WHERE status <> 'active' AND purged_at IS NULL AND ended_at <= $1::timestamptz - make_interval(days => $2::int)
            AND ${scopeSql('id', 5)}
          ORDER BY ended_at LIMIT $3 FOR UPDATE SKIP LOCKED)
       , late AS (
         INSERT INTO former_party (pair_hash, forget_after)
         SELECT p.pair_hash, max(d.ended_at) + make_interval(days => $4::int)
           FROM participant p JOIN due d ON d.id = p.binding_id
          WHERE p.active AND p.pair_hash IS NOT NULL GROUP BY p.pair_hash
         ON CONFLICT (pair_hash) DO UPDATE SET forget_after = GREATEST(former_party.forget_after, EXCLUDED.forget_after))
       , wiped AS (
         UPDATE participant SET active = false, phone_enc = NULL, phone_hash = NULL, pair_hash = NULL
          WHERE binding_id IN (SELECT id FROM due))
       , bodies AS (
         UPDATE message_record SET body = NULL WHERE binding_id IN (SELECT id FROM due) AND body IS NOT NULL)
       , senders AS (DELETE FROM unreachable_sender WHERE binding_id IN (SELECT id FROM due))
       UPDATE binding SET purged_at = $1, updated_at = $1 WHERE id IN (SELECT id FROM due) RETURNING id`,
        [now, retentionDays, limit, formerPartyDays, scope.exclude, scope.only],
      ).then(async (purged) => {
        await this.appendForBindings(tx, purged, 'binding.purged', `jsonb_build_object('purgedAt', ${isoSql('purged_at')})`, now);
        return purged;
      }),
    );
    return rows.length;
  }

  async dueToPurge(now: Date, retentionDays: number, exclude: string[], limit: number): Promise<string[]> {
    return this.keys(
      `SELECT id AS key FROM binding
        WHERE status <> 'active' AND purged_at IS NULL AND ended_at <= $1::timestamptz - make_interval(days => $2::int)
          AND id <> ALL($3::uuid[])
        ORDER BY ended_at LIMIT $4`,
      [now, retentionDays, exclude, limit],
    );
  }

  /**
   * Record retention over: the ended binding goes, with its masked parties and its call and text
   * records, so that storage stays flat under a steady order rate. Its former parties' keyed hashes
   * stay in former_party for their own period. The order id is free again: a checkout of it is new.
   */
  async deleteEnded(now: Date, recordRetentionDays: number, limit: number, scope: BatchScope): Promise<number> {
    const rows = await unflushedTransaction(this.dataSource, async (tx) => {
      const due = await queryRows<{ id: string }>(
        tx,
        `SELECT id FROM binding
          WHERE status <> 'active' AND ended_at <= $1::timestamptz - make_interval(days => $2::int) AND ${scopeSql('id', 4)}
          ORDER BY ended_at LIMIT $3 FOR UPDATE SKIP LOCKED`,
        [now, recordRetentionDays, limit, scope.exclude, scope.only],
      );
      if (due.length === 0) return [];
      // The event first: it takes its sequence number from the binding row this transaction deletes.
      await this.appendForBindings(tx, due, 'binding.deleted', `'{}'::jsonb`, now);
      return queryRows<{ id: string }>(
        tx,
        `WITH due AS (SELECT unnest($1::uuid[]) AS id)
       , calls AS (DELETE FROM call_record WHERE binding_id IN (SELECT id FROM due))
       , texts AS (DELETE FROM message_record WHERE binding_id IN (SELECT id FROM due))
       , parties AS (DELETE FROM participant WHERE binding_id IN (SELECT id FROM due))
       , prints AS (DELETE FROM text_fingerprint WHERE binding_id IN (SELECT id FROM due))
       DELETE FROM binding WHERE id IN (SELECT id FROM due) RETURNING id`,
        [due.map((r) => r.id)],
      );
    });
    return rows.length;
  }

  /** One event per binding of a sweeper batch, in the batch's transaction. */
  private async appendForBindings(
    tx: EntityManager,
    bindings: { id: string }[],
    type: EventType,
    dataSql: string,
    now: Date,
  ): Promise<void> {
    if (bindings.length === 0) return;
    await this.outbox.appendSelected(
      tx,
      `SELECT tenant_id, id AS binding_id, $2::text AS type, ${dataSql} AS data, $3::timestamptz AS at, 1 AS ord
         FROM binding WHERE id = ANY($1::uuid[])`,
      [bindings.map((b) => b.id), type, now],
    );
  }

  async dueToDelete(now: Date, recordRetentionDays: number, exclude: string[], limit: number): Promise<string[]> {
    return this.keys(
      `SELECT id AS key FROM binding
        WHERE status <> 'active' AND ended_at <= $1::timestamptz - make_interval(days => $2::int) AND id <> ALL($3::uuid[])
        ORDER BY ended_at LIMIT $4`,
      [now, recordRetentionDays, exclude, limit],
    );
  }

  /** Records of no binding (strangers, numbers not in service) follow the records' retention. */
  async purgeUnboundRecords(
    table: UnboundRecordTable,
    now: Date,
    recordRetentionDays: number,
    limit: number,
    scope: BatchScope,
  ): Promise<number> {
    const rows = await unflushedTransaction(this.dataSource, (tx) =>
      queryRows<{ id: string }>(
        tx,
        `DELETE FROM ${table} WHERE id IN (
           SELECT id FROM ${table}
            WHERE binding_id IS NULL AND ${RECORD_TIME[table]} <= $1::timestamptz - make_interval(days => $2::int) AND ${scopeSql('id', 4)}
            LIMIT $3 FOR UPDATE SKIP LOCKED)
         RETURNING id`,
        [now, recordRetentionDays, limit, scope.exclude, scope.only],
      ),
    );
    return rows.length;
  }

  async dueUnboundRecords(
    table: UnboundRecordTable,
    now: Date,
    recordRetentionDays: number,
    exclude: string[],
    limit: number,
  ): Promise<string[]> {
    return this.keys(
      `SELECT id AS key FROM ${table}
        WHERE binding_id IS NULL AND ${RECORD_TIME[table]} <= $1::timestamptz - make_interval(days => $2::int) AND id <> ALL($3::uuid[])
        LIMIT $4`,
      [now, recordRetentionDays, exclude, limit],
    );
  }

  /**
   * Campaign fingerprints are kept CAMPAIGN_WINDOW_DAYS, then deleted (rows are bands; whole texts at a time).
   * Keys: text ids.
   */
  async purgeFingerprints(now: Date, windowDays: number, limit: number, scope: BatchScope): Promise<number> {
    const rows = await unflushedTransaction(this.dataSource, (tx) =>
      queryRows<{ text_id: string }>(
        tx,
        `DELETE FROM text_fingerprint WHERE text_id IN (
           SELECT text_id FROM text_fingerprint
            WHERE seen_at <= $1::timestamptz - make_interval(days => $2::int) AND ${scopeSql('text_id', 4)}
            LIMIT $3 FOR UPDATE SKIP LOCKED)
         RETURNING text_id`,
        [now, windowDays, limit, scope.exclude, scope.only],
      ),
    );
    return rows.length;
  }

  async dueFingerprints(now: Date, windowDays: number, exclude: string[], limit: number): Promise<string[]> {
    return this.keys(
      `SELECT DISTINCT text_id AS key FROM text_fingerprint
        WHERE seen_at <= $1::timestamptz - make_interval(days => $2::int) AND text_id <> ALL($3::uuid[])
        LIMIT $4`,
      [now, windowDays, exclude, limit],
    );
  }

  /** Former parties are remembered for FORMER_PARTY_DAYS after their binding ended, then forgotten. Keys: hex. */
  async forgetFormerParties(now: Date, limit: number, scope: BatchScope): Promise<number> {
    const rows = await unflushedTransaction(this.dataSource, (tx) =>
      queryRows<{ pair_hash: Buffer }>(
        tx,
        `DELETE FROM former_party WHERE pair_hash IN (
           SELECT pair_hash FROM former_party WHERE forget_after <= $1 AND ${scopeSql('pair_hash', 3, 'bytea')}
            LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING pair_hash`,
        [now, limit, fromHex(scope.exclude), scope.only && fromHex(scope.only)],
      ),
    );
    return rows.length;
  }

  async dueToForget(now: Date, exclude: string[], limit: number): Promise<string[]> {
    return this.keys(
      `SELECT encode(pair_hash, 'hex') AS key FROM former_party WHERE forget_after <= $1 AND pair_hash <> ALL($2::bytea[]) LIMIT $3`,
      [now, fromHex(exclude), limit],
    );
  }

  /** Redelivered webhooks come within minutes; their claims and answers (encrypted) go after a day. */
  async forgetWebhookDeliveries(now: Date, limit: number, scope: BatchScope): Promise<number> {
    const rows = await unflushedTransaction(this.dataSource, (tx) =>
      queryRows<{ sid: string }>(
        tx,
        // Extension mode's day-long counters (keyed hashes) go on the same schedule.
        `WITH hints AS (DELETE FROM extension_hint WHERE day < ($1::timestamptz - interval '1 day')::date)
         , misses AS (DELETE FROM extension_miss WHERE at <= $1::timestamptz - interval '1 day')
         , lockouts AS (DELETE FROM extension_lockout WHERE until <= $1::timestamptz)
         , reaches AS (DELETE FROM extension_reach WHERE day < ($1::timestamptz - interval '1 day')::date)
         DELETE FROM webhook_delivery WHERE sid IN (
           SELECT sid FROM webhook_delivery WHERE claimed_at <= $1::timestamptz - interval '1 day' AND ${scopeSql('sid', 3, 'text')}
            LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING sid`,
        [now, limit, scope.exclude, scope.only],
      ),
    );
    return rows.length;
  }

  async dueWebhookDeliveries(now: Date, exclude: string[], limit: number): Promise<string[]> {
    return this.keys(
      `SELECT sid AS key FROM webhook_delivery WHERE claimed_at <= $1::timestamptz - interval '1 day' AND sid <> ALL($2::text[]) LIMIT $3`,
      [now, exclude, limit],
    );
  }

  private async keys(text: string, params: unknown[]): Promise<string[]> {
    return (await queryRows<{ key: string }>(this.dataSource, text, params)).map((r) => r.key);
  }
}

function fromHex(keys: string[]): Buffer[] {
  return keys.map((key) => Buffer.from(key, 'hex'));
}
