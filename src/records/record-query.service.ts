import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows } from '../database/sql.js';

export type RecordKind = 'call' | 'sms';
export const RECORDS_PAGE_SIZE = 50;

interface RecordRow {
  id: string;
  provider_sid: string;
  direction: string;
  from_role: string;
  to_role: string | null;
  from_masked: string;
  to_masked: string | null;
  outcome: string;
  reason: string | null;
  reasons: string[] | null;
  duration_seconds: number | null;
  delivery_status: string | null;
  at: Date;
  ended_at: Date | null;
}

/**
 * A binding's own calls and texts, as its tenant reads them: masked numbers, outcomes and reasons.
 * Never a message body (only admins see a blocked text's body, while it is kept), and only the named
 * reasons of the marketing filter: its n-gram reasons quote words of the body.
 */
@Injectable()
export class RecordQueryService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async forBinding(bindingId: string, kind: RecordKind, page: number) {
    const rows = await queryRows<RecordRow>(
      this.dataSource,
      kind === 'call'
        ? `SELECT id, provider_sid, direction, from_role, to_role, from_masked, to_masked, outcome, reason, NULL::text[] AS reasons,
                  duration_seconds, NULL AS delivery_status, started_at AS at, ended_at
             FROM call_record WHERE binding_id = $1 ORDER BY started_at DESC, id DESC LIMIT $2 OFFSET $3`
        : `SELECT id, provider_sid, direction, from_role, to_role, from_masked, to_masked, outcome, reason,
                  ARRAY(SELECT x FROM unnest(reasons) x WHERE strpos(x, ':') = 0) AS reasons,
                  NULL::int AS duration_seconds, delivery_status, received_at AS at, NULL::timestamptz AS ended_at
             FROM message_record WHERE binding_id = $1 ORDER BY received_at DESC, id DESC LIMIT $2 OFFSET $3`,
      [bindingId, RECORDS_PAGE_SIZE + 1, (page - 1) * RECORDS_PAGE_SIZE],
    );
    return {
      kind,
      page,
      pageSize: RECORDS_PAGE_SIZE,
      hasMore: rows.length > RECORDS_PAGE_SIZE,
      records: rows.slice(0, RECORDS_PAGE_SIZE).map((r) => ({
        id: r.id,
        providerSid: r.provider_sid,
        direction: r.direction,
        fromRole: r.from_role,
        toRole: r.to_role,
        fromMasked: r.from_masked,
        toMasked: r.to_masked,
        outcome: r.outcome,
        reason: r.reason,
        ...(kind === 'call'
          ? { durationSeconds: r.duration_seconds, startedAt: r.at.toISOString(), endedAt: r.ended_at?.toISOString() ?? null }
          : { reasons: r.reasons ?? [], deliveryStatus: r.delivery_status, receivedAt: r.at.toISOString() }),
      })),
    };
  }
}
