import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { isDatabaseUnavailable } from '../database/database-errors.js';
import { HotPathPool } from '../database/hot-path-pool.js';
import { queryRows } from '../database/sql.js';
import { appendEventsSql, isoSql } from '../events/event-outbox.js';
import { DELIVERY_RANK, deliveryFailureReason, deliveryRankSql, FAILED_DELIVERY } from './delivery-status.js';
import type { CallOutcome, NewCallRecord, NewMessageRecord } from './record.types.js';

// Twilio's DialCallStatus / CallStatus to our outcomes.
const DIAL_OUTCOMES: Record<string, CallOutcome> = {
  completed: 'connected',
  answered: 'connected',
  'in-progress': 'connected',
  busy: 'busy',
  'no-answer': 'no_answer',
  canceled: 'no_answer',
  failed: 'failed',
};

// A batch goes out when this many records wait, or this long after the first one arrived.
const BATCH_SIZE = 500;
const BATCH_DELAY_MS = 20;
// While the database is away, records wait in memory up to this many; older ones are dropped (and logged).
const MAX_PENDING = 20_000;

/** Each sid's first place in the batch ($1), which orders the batch's events. */
const FIRST_PLACE = `(SELECT sid, min(n) AS n FROM unnest($1::text[]) WITH ORDINALITY AS o(sid, n) GROUP BY sid)`;

// Each insert also appends the records' events (events/event-outbox.ts) in the same statement, so a
// record and its event commit together, a binding's in the order the webhooks came (their first place in
// $1: a redelivery may sit in the same batch). A redelivered webhook inserts nothing, so appends nothing.
// A connected call's event waits for its end (COMPLETE_CALL, COMPLETE_FROM_STATUS); any other call with
// a binding is over when it is recorded.
const INSERT_CALLS = {
  name: 'veil_insert_call_records_v2',
  text: `WITH r AS (
         INSERT INTO call_record (provider_sid, binding_id, tenant_id, relay_number, direction, from_role, to_role,
                                 from_masked, to_masked, outcome, reason, started_at, created_at)
         SELECT * , r.started_at FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[],
                                             $8::text[], $9::text[], $10::text[], $11::text[], $12::timestamptz[])
           AS r(provider_sid, binding_id, tenant_id, relay_number, direction, from_role, to_role, from_masked, to_masked, outcome, reason, started_at)
         ON CONFLICT ON CONSTRAINT uq_call_record_provider_sid DO NOTHING
         RETURNING *)
       , src AS (
         SELECT tenant_id, binding_id, 'call.completed'::text AS type, ${callEventData('r')} AS data, started_at AS at, o.n AS ord
           FROM r JOIN ${FIRST_PLACE} o ON o.sid = r.provider_sid
          WHERE binding_id IS NOT NULL AND tenant_id IS NOT NULL AND outcome <> 'connected')
       ${appendEventsSql('src')}
       SELECT count(*) FROM r`,
};

const INSERT_MESSAGES = {
  name: 'veil_insert_message_records_v3',
  text: `WITH r AS (
         INSERT INTO message_record (provider_sid, binding_id, tenant_id, relay_number, direction, from_role, to_role,
                                    from_masked, to_masked, outcome, reason, reasons, body, received_at, media_count, created_at)
         SELECT r.provider_sid, r.binding_id, r.tenant_id, r.relay_number, r.direction, r.from_role, r.to_role,
                r.from_masked, r.to_masked, r.outcome, r.reason,
                COALESCE((SELECT array_agg(x) FROM jsonb_array_elements_text(r.reasons) x), '{}'), r.body, r.received_at,
                r.media_count, r.received_at
           FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[],
                       $8::text[], $9::text[], $10::text[], $11::text[], $12::jsonb[], $13::text[], $14::timestamptz[], $15::int[])
             AS r(provider_sid, binding_id, tenant_id, relay_number, direction, from_role, to_role, from_masked, to_masked,
                  outcome, reason, reasons, body, received_at, media_count)
         ON CONFLICT ON CONSTRAINT uq_message_record_provider_sid DO NOTHING
         RETURNING *)
       , src AS (
         SELECT tenant_id, binding_id,
                CASE WHEN outcome = 'connected' AND reason = 'reminder' THEN 'reminder.sent'
                     WHEN outcome = 'connected' THEN 'text.forwarded'
                     ELSE 'text.blocked' END AS type,
                jsonb_build_object('recordId', id, 'messageSid', provider_sid, 'direction', direction,
                                   'fromRole', from_role, 'toRole', to_role, 'fromMasked', from_masked, 'toMasked', to_masked,
                                   'outcome', outcome, 'reason', reason, 'mediaCount', media_count,
                                   -- Named signals only: the classifier's n-gram reasons quote words of the body.
                                   'reasons', to_jsonb(ARRAY(SELECT x FROM unnest(reasons) x WHERE strpos(x, ':') = 0))) AS data,
                received_at AS at, o.n AS ord
           FROM r JOIN ${FIRST_PLACE} o ON o.sid = r.provider_sid
          WHERE binding_id IS NOT NULL AND tenant_id IS NOT NULL AND outcome IN ('connected', 'blocked', 'rate_limited'))
       ${appendEventsSql('src')}
       SELECT count(*) FROM r`,
};

// The Dial action: how the forwarded leg ended. A connected call's first end appends its call.completed.
const COMPLETE_CALL = {
  name: 'veil_complete_call_v3',
  text: `WITH old AS (
         SELECT id, outcome, ended_at FROM call_record WHERE provider_sid = $1 AND direction <> 'none' FOR UPDATE)
       , u AS (
         UPDATE call_record c SET
                outcome = CASE WHEN $5 AND c.direction = 'to_buyer' AND $2 = 'connected' AND c.accepted_at IS NULL THEN 'no_answer' ELSE $2 END,
                duration_seconds = CASE WHEN $5 AND c.direction = 'to_buyer' AND c.accepted_at IS NULL THEN 0
                                        ELSE COALESCE($3, c.duration_seconds) END,
                ended_at = COALESCE(c.ended_at, $4)
           FROM old WHERE c.id = old.id
         RETURNING c.*, old.ended_at IS NULL AND old.outcome = 'connected' AS first)
       , src AS (
         SELECT tenant_id, binding_id, 'call.completed'::text AS type, ${callEventData('u')} AS data, ended_at AS at, 1 AS ord
           FROM u WHERE first AND binding_id IS NOT NULL AND tenant_id IS NOT NULL)
       ${appendEventsSql('src')}
       SELECT outcome FROM u`,
};

// The number-level status callback: the call is over. The same first end appends call.completed.
const COMPLETE_FROM_STATUS = {
  name: 'veil_complete_call_from_status_v2',
  text: `WITH old AS (
         SELECT id, outcome, direction FROM call_record WHERE provider_sid = $1 AND ended_at IS NULL FOR UPDATE)
       , u AS (
         UPDATE call_record c SET
                outcome = CASE WHEN c.outcome <> 'connected' OR c.direction = 'none' THEN c.outcome
                               WHEN $5 AND c.direction = 'to_buyer' AND c.accepted_at IS NULL THEN 'no_answer' ELSE $2 END,
                duration_seconds = CASE WHEN c.outcome = 'connected' AND c.direction <> 'none'
                                             AND NOT ($5 AND c.direction = 'to_buyer' AND c.accepted_at IS NULL)
                                        THEN $3 ELSE c.duration_seconds END,
                ended_at = $4
           FROM old WHERE c.id = old.id
         RETURNING c.*, old.outcome = 'connected' AND old.direction <> 'none' AS first)
       , src AS (
         SELECT tenant_id, binding_id, 'call.completed'::text AS type, ${callEventData('u')} AS data, ended_at AS at, 1 AS ord
           FROM u WHERE first AND binding_id IS NOT NULL AND tenant_id IS NOT NULL)
       ${appendEventsSql('src')}
       SELECT id FROM u`,
};

// A forwarded text the carrier could not deliver: a failed state is final, so its event comes once.
const UPDATE_DELIVERY = {
  name: 'veil_update_delivery_v4',
  text: `WITH u AS (
         UPDATE message_record
            SET delivery_status = $2,
                delivery_error_code = COALESCE($3, delivery_error_code),
                forward_sid = COALESCE(forward_sid, $8),
                outcome = CASE WHEN $4 AND outcome = 'connected' THEN 'failed' ELSE outcome END
          WHERE provider_sid = $1 AND ${deliveryRankSql('delivery_status')} < $5
          RETURNING *)
       , src AS (
         SELECT tenant_id, binding_id, 'text.delivery_failed'::text AS type,
                jsonb_build_object('recordId', id, 'messageSid', provider_sid, 'direction', direction, 'toRole', to_role,
                                   'toMasked', to_masked, 'status', $2::text, 'errorCode', $3::int, 'reason', $7::text) AS data,
                $6::timestamptz AS at, 1 AS ord
           FROM u WHERE $4 AND binding_id IS NOT NULL AND tenant_id IS NOT NULL)
       ${appendEventsSql('src')}
       SELECT binding_id FROM u`,
};

/** A call's event data from a call_record row alias: outcome, duration, roles, masked numbers. */
function callEventData(row: string): string {
  return `jsonb_build_object('recordId', ${row}.id, 'callSid', ${row}.provider_sid, 'direction', ${row}.direction,
            'fromRole', ${row}.from_role, 'toRole', ${row}.to_role, 'fromMasked', ${row}.from_masked, 'toMasked', ${row}.to_masked,
            'outcome', ${row}.outcome, 'reason', ${row}.reason, 'durationSeconds', ${row}.duration_seconds,
            'startedAt', ${isoSql(`${row}.started_at`)}, 'endedAt', ${isoSql(`${row}.ended_at`)})`;
}

/**
 * Call and message records, keyed by the carrier's CallSid / MessageSid so a retried webhook adds
 * nothing. Webhook records are written in batches off the answer's path (what routing depends on is
 * written before the answer, elsewhere); a clean shutdown writes whatever is still waiting.
 */
@Injectable()
export class RecordService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(RecordService.name);
  private calls: NewCallRecord[] = [];
  private messages: NewMessageRecord[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly pool: HotPathPool) {}

  enqueueCall(record: NewCallRecord): void {
    this.calls.push(record);
    this.schedule();
  }

  enqueueMessage(record: NewMessageRecord): void {
    this.messages.push({ ...record, body: record.outcome === 'blocked' ? record.body : null });
    this.schedule();
  }

  /**
   * Written now, in the caller's transaction (a reminder and its mark commit together), with what the
   * carrier said of it so far.
   */
  async recordMessage(
    record: NewMessageRecord,
    tx: EntityManager,
    delivery?: { status: string | null; errorCode: number | null },
  ): Promise<void> {
    await queryRows(tx, INSERT_MESSAGES.text, messageColumns([record]));
    if (delivery) {
      await queryRows(tx, `UPDATE message_record SET delivery_status = $2, delivery_error_code = $3 WHERE provider_sid = $1`, [
        record.providerSid,
        delivery.status,
        delivery.errorCode,
      ]);
    }
  }

  /** Writes everything waiting; resolves when it is in the database (or has failed and been kept). */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.writing = this.writing.then(() => this.writeBatch());
    return this.writing;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
    if (this.calls.length + this.messages.length > 0) {
      this.logger.error(`shutting down with ${this.calls.length} call and ${this.messages.length} text records unwritten`);
    }
  }

  /**
   * The Dial action: how the forwarded leg ended. With screening, a leg the buyer's phone answered but
   * nobody accepted with a key (a voicemail, a machine) was never bridged: `no_answer`. Applies to any
   * routed call, also one the number-level status callback completed first (the Dial action knows more).
   * Returns the outcome, or null when there is no such record.
   */
  async completeCall(
    callSid: string,
    dialStatus: string,
    durationSeconds: number | null,
    at: Date,
    screened: boolean,
  ): Promise<CallOutcome | null> {
    await this.flush(); // the record it updates may still be waiting
    const rows = await this.pool.query<{ outcome: CallOutcome }>(COMPLETE_CALL, [
      callSid,
      DIAL_OUTCOMES[dialStatus] ?? 'failed',
      durationSeconds,
      at,
      screened,
    ]);
    return rows[0]?.outcome ?? null;
  }

  /**
   * The number-level status callback (CallStatus, no DialCallStatus): the call is over. Completes a
   * routed call the Dial action has not completed (it may come late, or never); other records only get
   * their end time.
   */
  async completeFromStatus(callSid: string, callStatus: string, durationSeconds: number | null, at: Date, screened: boolean) {
    await this.flush();
    await this.pool.query(COMPLETE_FROM_STATUS, [callSid, DIAL_OUTCOMES[callStatus] ?? 'failed', durationSeconds, at, screened]);
  }

  /** The buyer pressed a key in the screening: the leg is bridged. */
  async acceptCall(callSid: string, at: Date): Promise<void> {
    await this.flush();
    await this.pool.query(
      {
        name: 'veil_accept_call_v1',
        text: `UPDATE call_record SET accepted_at = COALESCE(accepted_at, $2) WHERE provider_sid = $1`,
      },
      [callSid, at],
    );
  }

  /**
   * A delivery callback. Only forward (see DELIVERY_RANK), in one statement, so callbacks racing each
   * other or arriving late can never move a record back. Returns the record's binding when it changed.
   * A text that reaches a failed state (final: it happens once) appends text.delivery_failed with it.
   */
  async updateDelivery(
    recordSid: string,
    deliveryStatus: string,
    errorCode: number | null,
    at: Date,
    /** The id of the text Twilio sent to forward this one (its callback's MessageSid), kept to delete it at purge. */
    forwardSid: string | null = null,
  ): Promise<{ changed: boolean; bindingId: string | null }> {
    const rank = DELIVERY_RANK[deliveryStatus];
    if (rank === undefined) return { changed: false, bindingId: null };
    await this.flush();
    const failed = FAILED_DELIVERY.has(deliveryStatus);
    const rows = await this.pool.query<{ binding_id: string | null }>(UPDATE_DELIVERY, [
      recordSid,
      deliveryStatus,
      errorCode,
      failed,
      rank,
      at,
      failed ? deliveryFailureReason(errorCode) : null,
      forwardSid && forwardSid !== recordSid ? forwardSid : null,
    ]);
    return { changed: rows.length > 0, bindingId: rows[0]?.binding_id ?? null };
  }

  private schedule(): void {
    if (this.calls.length + this.messages.length >= BATCH_SIZE) {
      void this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), BATCH_DELAY_MS);
      this.timer.unref();
    }
  }

  private async writeBatch(): Promise<void> {
    const calls = this.calls;
    const messages = this.messages;
    if (calls.length + messages.length === 0) return;
    this.calls = [];
    this.messages = [];
    try {
      if (calls.length > 0) await this.pool.query(INSERT_CALLS, callColumns(calls));
      if (messages.length > 0) await this.pool.query(INSERT_MESSAGES, messageColumns(messages));
    } catch (error) {
      if (isDatabaseUnavailable(error)) this.keepForRetry(calls, messages, error);
      else await this.writeOneByOne(calls, messages);
    }
  }

  /** The database may be restarting: keep the batch for the next attempt, within a bound. */
  private keepForRetry(calls: NewCallRecord[], messages: NewMessageRecord[], error: unknown): void {
    const waiting = calls.length + messages.length + this.calls.length + this.messages.length;
    this.calls = [...calls, ...this.calls].slice(-MAX_PENDING);
    this.messages = [...messages, ...this.messages].slice(-MAX_PENDING);
    const dropped = waiting - (this.calls.length + this.messages.length);
    const e = error as { name?: string; code?: string };
    this.logger.error(
      `writing ${calls.length + messages.length} records failed (${e.name ?? 'Error'} ${e.code ?? ''}), will retry${dropped > 0 ? `; dropped ${dropped}` : ''}`,
    );
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), 1000);
      this.timer.unref();
    }
  }

  /** One bad record (say, for a binding deleted meanwhile) must not hold back the others. */
  private async writeOneByOne(calls: NewCallRecord[], messages: NewMessageRecord[]): Promise<void> {
    let failed = 0;
    for (const call of calls) await this.pool.query(INSERT_CALLS, callColumns([call])).catch(() => (failed += 1));
    for (const message of messages) await this.pool.query(INSERT_MESSAGES, messageColumns([message])).catch(() => (failed += 1));
    if (failed > 0) this.logger.error(`dropped ${failed} record(s) the database refused`);
  }
}

/** The columns both record tables share, in the order of the INSERT statements' parameters $1-$11. */
function sharedColumns(records: (NewCallRecord | NewMessageRecord)[]): unknown[] {
  return [
    records.map((r) => r.providerSid),
    records.map((r) => r.bindingId),
    records.map((r) => r.tenantId),
    records.map((r) => r.relayNumber),
    records.map((r) => r.direction),
    records.map((r) => r.fromRole),
    records.map((r) => r.toRole),
    records.map((r) => r.fromMasked),
    records.map((r) => r.toMasked),
    records.map((r) => r.outcome),
    records.map((r) => r.reason),
  ];
}

function callColumns(records: NewCallRecord[]): unknown[] {
  return [...sharedColumns(records), records.map((r) => r.at)];
}

function messageColumns(records: NewMessageRecord[]): unknown[] {
  return [
    ...sharedColumns(records),
    records.map((r) => JSON.stringify(r.reasons)),
    // PostgreSQL text cannot hold U+0000: a blocked text carrying one would lose its whole record.
    records.map((r) => (r.outcome === 'blocked' && r.body !== null ? r.body.replace(/\u0000/g, '\ufffd') : null)),
    records.map((r) => r.at),
    records.map((r) => r.mediaCount ?? 0),
  ];
}
