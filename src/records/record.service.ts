import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { isDatabaseUnavailable } from '../database/database-errors.js';
import { HotPathPool } from '../database/hot-path-pool.js';
import { queryRows } from '../database/sql.js';
import { DELIVERY_RANK, deliveryRankSql, FAILED_DELIVERY } from './delivery-status.js';
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

const INSERT_CALLS = {
  name: 'veil_insert_call_records_v1',
  text: `INSERT INTO call_record (provider_sid, binding_id, tenant_id, relay_number, direction, from_role, to_role,
                                 from_masked, to_masked, outcome, reason, started_at, created_at)
         SELECT * , r.started_at FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[],
                                             $8::text[], $9::text[], $10::text[], $11::text[], $12::timestamptz[])
           AS r(provider_sid, binding_id, tenant_id, relay_number, direction, from_role, to_role, from_masked, to_masked, outcome, reason, started_at)
         ON CONFLICT ON CONSTRAINT uq_call_record_provider_sid DO NOTHING`,
};

const INSERT_MESSAGES = {
  name: 'veil_insert_message_records_v2',
  text: `INSERT INTO message_record (provider_sid, binding_id, tenant_id, relay_number, direction, from_role, to_role,
                                    from_masked, to_masked, outcome, reason, reasons, body, received_at, media_count, created_at)
         SELECT r.provider_sid, r.binding_id, r.tenant_id, r.relay_number, r.direction, r.from_role, r.to_role,
                r.from_masked, r.to_masked, r.outcome, r.reason,
                COALESCE((SELECT array_agg(x) FROM jsonb_array_elements_text(r.reasons) x), '{}'), r.body, r.received_at,
                r.media_count, r.received_at
           FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[],
                       $8::text[], $9::text[], $10::text[], $11::text[], $12::jsonb[], $13::text[], $14::timestamptz[], $15::int[])
             AS r(provider_sid, binding_id, tenant_id, relay_number, direction, from_role, to_role, from_masked, to_masked,
                  outcome, reason, reasons, body, received_at, media_count)
         ON CONFLICT ON CONSTRAINT uq_message_record_provider_sid DO NOTHING`,
};

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
    const rows = await this.pool.query<{ outcome: CallOutcome }>(
      {
        name: 'veil_complete_call_v2',
        text: `UPDATE call_record SET
                  outcome = CASE WHEN $5 AND direction = 'to_buyer' AND $2 = 'connected' AND accepted_at IS NULL THEN 'no_answer' ELSE $2 END,
                  duration_seconds = CASE WHEN $5 AND direction = 'to_buyer' AND accepted_at IS NULL THEN 0
                                          ELSE COALESCE($3, duration_seconds) END,
                  ended_at = COALESCE(ended_at, $4)
                WHERE provider_sid = $1 AND direction <> 'none' RETURNING outcome`,
      },
      [callSid, DIAL_OUTCOMES[dialStatus] ?? 'failed', durationSeconds, at, screened],
    );
    return rows[0]?.outcome ?? null;
  }

  /**
   * The number-level status callback (CallStatus, no DialCallStatus): the call is over. Completes a
   * routed call the Dial action has not completed (it may come late, or never); other records only get
   * their end time.
   */
  async completeFromStatus(callSid: string, callStatus: string, durationSeconds: number | null, at: Date, screened: boolean) {
    await this.flush();
    await this.pool.query(
      {
        name: 'veil_complete_call_from_status_v1',
        text: `UPDATE call_record SET
                  outcome = CASE WHEN outcome <> 'connected' OR direction = 'none' THEN outcome
                                 WHEN $5 AND direction = 'to_buyer' AND accepted_at IS NULL THEN 'no_answer' ELSE $2 END,
                  duration_seconds = CASE WHEN outcome = 'connected' AND direction <> 'none'
                                               AND NOT ($5 AND direction = 'to_buyer' AND accepted_at IS NULL)
                                          THEN $3 ELSE duration_seconds END,
                  ended_at = $4
                WHERE provider_sid = $1 AND ended_at IS NULL`,
      },
      [callSid, DIAL_OUTCOMES[callStatus] ?? 'failed', durationSeconds, at, screened],
    );
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
   */
  async updateDelivery(
    recordSid: string,
    deliveryStatus: string,
    errorCode: number | null,
  ): Promise<{ changed: boolean; bindingId: string | null }> {
    const rank = DELIVERY_RANK[deliveryStatus];
    if (rank === undefined) return { changed: false, bindingId: null };
    await this.flush();
    const rows = await this.pool.query<{ binding_id: string | null }>(
      {
        name: 'veil_update_delivery_v2',
        text: `UPDATE message_record
                  SET delivery_status = $2,
                      delivery_error_code = COALESCE($3, delivery_error_code),
                      outcome = CASE WHEN $4 AND outcome = 'connected' THEN 'failed' ELSE outcome END
                WHERE provider_sid = $1 AND ${deliveryRankSql('delivery_status')} < $5
                RETURNING binding_id`,
      },
      [recordSid, deliveryStatus, errorCode, FAILED_DELIVERY.has(deliveryStatus), rank],
    );
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
