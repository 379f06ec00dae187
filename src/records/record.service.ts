import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { queryRows } from '../database/sql.js';
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

/**
 * Call and message records. Keyed by the carrier's CallSid / MessageSid: a retried webhook finds the
 * record already there and adds nothing.
 */
@Injectable()
export class RecordService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async recordCall(record: NewCallRecord): Promise<void> {
    await queryRows(
      this.dataSource,
      `INSERT INTO call_record (provider_sid, binding_id, tenant_id, relay_number, direction, from_role, to_role,
                                from_masked, to_masked, outcome, reason, started_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)
       ON CONFLICT ON CONSTRAINT uq_call_record_provider_sid DO NOTHING`,
      [
        record.providerSid,
        record.bindingId,
        record.tenantId,
        record.relayNumber,
        record.direction,
        record.fromRole,
        record.toRole,
        record.fromMasked,
        record.toMasked,
        record.outcome,
        record.reason,
        record.at,
      ],
    );
  }

  async recordMessage(record: NewMessageRecord, tx?: EntityManager): Promise<void> {
    await queryRows(
      tx ?? this.dataSource,
      `INSERT INTO message_record (provider_sid, binding_id, tenant_id, relay_number, direction, from_role, to_role,
                                   from_masked, to_masked, outcome, reason, reasons, body, received_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)
       ON CONFLICT ON CONSTRAINT uq_message_record_provider_sid DO NOTHING`,
      [
        record.providerSid,
        record.bindingId,
        record.tenantId,
        record.relayNumber,
        record.direction,
        record.fromRole,
        record.toRole,
        record.fromMasked,
        record.toMasked,
        record.outcome,
        record.reason,
        record.reasons,
        record.outcome === 'blocked' ? record.body : null,
        record.at,
      ],
    );
  }

  /** The Dial action: how the forwarded leg ended. Only a record still marked connected is changed. */
  async completeCall(callSid: string, dialStatus: string, durationSeconds: number | null, at: Date): Promise<boolean> {
    const outcome = DIAL_OUTCOMES[dialStatus] ?? 'failed';
    const rows = await queryRows<{ id: string }>(
      this.dataSource,
      `UPDATE call_record SET outcome = $2, duration_seconds = COALESCE($3, duration_seconds), ended_at = COALESCE(ended_at, $4)
        WHERE provider_sid = $1 AND outcome = 'connected' RETURNING id`,
      [callSid, outcome, durationSeconds, at],
    );
    return rows.length > 0;
  }

  async updateDelivery(recordSid: string, deliveryStatus: string): Promise<boolean> {
    const failed = deliveryStatus === 'failed' || deliveryStatus === 'undelivered';
    const rows = await queryRows<{ id: string }>(
      this.dataSource,
      `UPDATE message_record SET delivery_status = $2, outcome = CASE WHEN $3 AND outcome = 'connected' THEN 'failed' ELSE outcome END
        WHERE provider_sid = $1 RETURNING id`,
      [recordSid, deliveryStatus, failed],
    );
    return rows.length > 0;
  }
}
