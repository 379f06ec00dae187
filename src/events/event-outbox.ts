import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryRows } from '../database/sql.js';

/** What Veil tells a platform. DESIGN.md (Events) names them; docs/API.md gives each one's `data`. */
export const EVENT_TYPES = [
  'binding.created',
  'binding.extended',
  'binding.closed',
  'binding.expired',
  'binding.purged',
  'binding.deleted',
  'call.completed',
  'text.forwarded',
  'text.blocked',
  'text.delivery_failed',
  'text.reported',
  'buyer.opted_out',
  'buyer.carrier_opt_out',
  'carrier_block.cleared',
  'reminder.sent',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** One event to append. `data` holds masked numbers at most: never a real number, never a message body. */
export interface NewEvent {
  tenantId: string;
  bindingId: string;
  type: EventType;
  data: Record<string, unknown>;
  at: Date;
}

/**
 * The SQL that appends events, as CTEs to put after `WITH <source> AS (…)`. `source` must give
 * `tenant_id, binding_id, type, data (jsonb), at (timestamptz), ord` (the order within one binding).
 * Only events of a tenant whose endpoint wants the type are written. The binding's `event_seq` is taken
 * by an UPDATE, which also holds the binding's row until the commit: a binding's sequence numbers are
 * in commit order, so a receiver may order by them. Bindings are locked in id order, so that two
 * batches naming the same bindings queue rather than deadlock. The statement must not update the same
 * bindings elsewhere (one statement cannot change a row twice): append in a statement of its own then.
 */
export function appendEventsSql(source: string): string {
  return `
    , ev_hooked AS (
      SELECT s.tenant_id, s.binding_id, s.type, s.data, s.at, s.ord FROM ${source} s
        JOIN tenant_webhook w ON w.tenant_id = s.tenant_id
       WHERE s.binding_id IS NOT NULL AND (w.events IS NULL OR s.type = ANY(w.events)))
    , ev_counts AS (
      SELECT binding_id, count(*)::bigint AS n FROM ev_hooked GROUP BY binding_id)
    , ev_locked AS (
      SELECT b.id FROM binding b WHERE b.id IN (SELECT binding_id FROM ev_counts) ORDER BY b.id FOR UPDATE OF b)
    , ev_seq AS (
      UPDATE binding b SET event_seq = b.event_seq + c.n
        FROM ev_counts c, ev_locked l WHERE b.id = c.binding_id AND l.id = b.id
      RETURNING b.id, b.order_id, b.event_seq - c.n AS base)
    , ev_written AS (
      INSERT INTO event_outbox (tenant_id, binding_id, order_id, type, seq, payload, created_at, due_at)
      SELECT h.tenant_id, h.binding_id, q.order_id, h.type,
             q.base + row_number() OVER (PARTITION BY h.binding_id ORDER BY h.ord), h.data, h.at, h.at
        FROM ev_hooked h JOIN ev_seq q ON q.id = h.binding_id
      RETURNING id)`;
}

/** A timestamptz as the API writes instants (`2026-12-01T10:00:00.000Z`), for events' `data` built in SQL. */
export function isoSql(expression: string): string {
  return `to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

const APPEND = `
  WITH src AS (
    SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::jsonb[], $5::timestamptz[]) WITH ORDINALITY
      AS s(tenant_id, binding_id, type, data, at, ord))
  ${appendEventsSql('src')}
  SELECT count(*)::int AS written FROM ev_written`;

/**
 * The outbox: events are written in the transaction of the change they report, so that a crash between
 * the change and its delivery loses nothing (EventDeliveryJob delivers them).
 */
@Injectable()
export class EventOutbox {
  /** Appends in the caller's transaction (`manager` must be the transaction's). Answers how many were written. */
  async append(manager: EntityManager, ...events: NewEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    const [row] = await queryRows<{ written: number }>(manager, APPEND, [
      events.map((e) => e.tenantId),
      events.map((e) => e.bindingId),
      events.map((e) => e.type),
      events.map((e) => JSON.stringify(e.data)),
      events.map((e) => e.at),
    ]);
    return row?.written ?? 0;
  }

  /**
   * Appends one event per row of `select`, which gives `tenant_id, binding_id, type, data, at, ord` (a
   * sweeper batch's bindings, say), in the caller's transaction.
   */
  async appendSelected(manager: EntityManager, select: string, params: unknown[]): Promise<number> {
    const [row] = await queryRows<{ written: number }>(
      manager,
      `WITH src AS (${select}) ${appendEventsSql('src')} SELECT count(*)::int AS written FROM ev_written`,
      params,
    );
    return row?.written ?? 0;
  }
}
