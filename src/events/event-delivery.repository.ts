import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows } from '../database/sql.js';

export interface LeasedEndpoint {
  tenant_id: string;
  url: string;
  secret_enc: string;
  previous_secret_enc: string | null;
  previous_secret_until: Date | null;
}

export interface PendingEvent {
  id: string;
  binding_id: string | null;
  order_id: string | null;
  type: string;
  seq: string;
  payload: Record<string, unknown>;
  created_at: Date;
  attempts: number;
}

const PENDING = `failed_at IS NULL`;

/**
 * The delivery worker's SQL. A tenant's events are delivered by one instance at a time: the instance
 * that holds the tenant's lease (claimed with SKIP LOCKED, renewed every round, given back when done).
 * So a binding's events are never sent twice at once, and always in order; other tenants are claimed by
 * other workers and instances, so one dead endpoint never holds them up.
 */
@Injectable()
export class EventDeliveryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Up to `limit` tenants with due events and no live lease, now leased to `owner` until `until`. */
  async leaseTenants(owner: string, now: Date, until: Date, limit: number, exclude: string[]): Promise<LeasedEndpoint[]> {
    return queryRows<LeasedEndpoint>(
      this.dataSource,
      `UPDATE tenant_webhook w SET lease_owner = $1, lease_until = $3
        WHERE w.tenant_id IN (
          SELECT x.tenant_id FROM tenant_webhook x
           WHERE (x.lease_until IS NULL OR x.lease_until <= $2) AND x.tenant_id <> ALL($5::uuid[])
             AND EXISTS (SELECT 1 FROM event_outbox e WHERE e.tenant_id = x.tenant_id AND e.${PENDING} AND e.due_at <= $2)
           ORDER BY x.lease_until NULLS FIRST
           LIMIT $4 FOR UPDATE SKIP LOCKED)
        RETURNING w.tenant_id, w.url, w.secret_enc, w.previous_secret_enc, w.previous_secret_until`,
      [owner, now, until, limit, exclude],
    );
  }

  /** Keeps the lease; false when it was lost (it ran out and another instance took the tenant). */
  async renewLease(tenantId: string, owner: string, until: Date): Promise<boolean> {
    const rows = await queryRows<{ tenant_id: string }>(
      this.dataSource,
      `UPDATE tenant_webhook SET lease_until = $3 WHERE tenant_id = $1 AND lease_owner = $2 RETURNING tenant_id`,
      [tenantId, owner, until],
    );
    return rows.length > 0;
  }

  /** Gives the tenant back; `until` keeps other workers off it for a while (after a failure), or null. */
  async releaseLease(tenantId: string, owner: string, until: Date | null): Promise<void> {
    await queryRows(
      this.dataSource,
      `UPDATE tenant_webhook SET lease_owner = NULL, lease_until = $3 WHERE tenant_id = $1 AND lease_owner = $2`,
      [tenantId, owner, until],
    );
  }

  /**
   * The tenant's next due events in the order they were written (`pos`). An event waits while an earlier
   * event of its binding is pending but not due (a retry backs off): a binding's events go in order.
   */
  async due(tenantId: string, now: Date, limit: number): Promise<PendingEvent[]> {
    return queryRows<PendingEvent>(
      this.dataSource,
      `SELECT e.id, e.binding_id, e.order_id, e.type, e.seq, e.payload, e.created_at, e.attempts
         FROM event_outbox e
        WHERE e.tenant_id = $1 AND e.${PENDING} AND e.due_at <= $2
          AND NOT EXISTS (SELECT 1 FROM event_outbox p
                           WHERE p.binding_id = e.binding_id AND p.seq < e.seq AND p.${PENDING} AND p.due_at > $2)
        ORDER BY e.pos
        LIMIT $3`,
      [tenantId, now, limit],
    );
  }

  /** The endpoint took them: delivered events leave the outbox, and the endpoint's health is noted. */
  async delivered(tenantId: string, ids: string[], now: Date): Promise<void> {
    await queryRows(
      this.dataSource,
      `WITH gone AS (DELETE FROM event_outbox WHERE id = ANY($2::uuid[]))
       UPDATE tenant_webhook SET last_success_at = $3, consecutive_failures = 0 WHERE tenant_id = $1`,
      [tenantId, ids, now],
    );
  }

  /**
   * The endpoint did not take them: each is due again at `retryAt`, or failed for good when `giveUp`
   * or when it is older than `retryHours`.
   */
  async notDelivered(
    tenantId: string,
    ids: string[],
    now: Date,
    retryAt: Date,
    giveUp: boolean,
    retryHours: number,
    error: string,
  ): Promise<void> {
    await queryRows(
      this.dataSource,
      `WITH upd AS (
         UPDATE event_outbox SET attempts = attempts + 1, due_at = $4, last_error = $6,
                failed_at = CASE WHEN $5 OR COALESCE(retry_since, created_at) <= $3::timestamptz - make_interval(hours => $7::int) THEN $3::timestamptz END
          WHERE id = ANY($2::uuid[]) AND ${PENDING})
       UPDATE tenant_webhook SET last_failure_at = $3, consecutive_failures = consecutive_failures + 1, last_error = $6
        WHERE tenant_id = $1`,
      [tenantId, ids, now, retryAt, giveUp, error.slice(0, 200), retryHours],
    );
  }

  /** Failed events go back to the queue, due now, for another 24 h of tries. Answers how many. */
  async replayFailed(tenantId: string, now: Date): Promise<number> {
    // The endpoint's pause after its last failure ends too: the replay is meant to go now.
    const rows = await queryRows<{ id: string }>(
      this.dataSource,
      `WITH resumed AS (UPDATE tenant_webhook SET lease_until = NULL WHERE tenant_id = $1 AND lease_owner IS NULL)
       UPDATE event_outbox SET failed_at = NULL, attempts = 0, due_at = $2, retry_since = $2, last_error = NULL
        WHERE tenant_id = $1 AND failed_at IS NOT NULL RETURNING id`,
      [tenantId, now],
    );
    return rows.length;
  }

  /** What admins see of a tenant's events: the endpoint's health, the backlog, the failed events (newest 100). */
  async health(tenantId: string) {
    const [endpoint] = await queryRows<{
      url: string;
      events: string[] | null;
      last_success_at: Date | null;
      last_failure_at: Date | null;
      consecutive_failures: number;
      last_error: string | null;
    }>(
      this.dataSource,
      `SELECT url, events, last_success_at, last_failure_at, consecutive_failures, last_error FROM tenant_webhook WHERE tenant_id = $1`,
      [tenantId],
    );
    const [counts] = await queryRows<{ backlog: number; failed: number; oldest: Date | null }>(
      this.dataSource,
      `SELECT count(*) FILTER (WHERE failed_at IS NULL)::int AS backlog, count(*) FILTER (WHERE failed_at IS NOT NULL)::int AS failed,
              min(created_at) FILTER (WHERE failed_at IS NULL) AS oldest
         FROM event_outbox WHERE tenant_id = $1`,
      [tenantId],
    );
    const failed = await queryRows<PendingEvent & { failed_at: Date; last_error: string | null }>(
      this.dataSource,
      `SELECT id, binding_id, order_id, type, seq, payload, created_at, attempts, failed_at, last_error
         FROM event_outbox WHERE tenant_id = $1 AND failed_at IS NOT NULL ORDER BY failed_at DESC, pos DESC LIMIT 100`,
      [tenantId],
    );
    return {
      endpoint: endpoint
        ? {
            url: endpoint.url,
            events: endpoint.events,
            lastSuccessAt: endpoint.last_success_at?.toISOString() ?? null,
            lastFailureAt: endpoint.last_failure_at?.toISOString() ?? null,
            consecutiveFailures: endpoint.consecutive_failures,
            lastError: endpoint.last_error,
          }
        : null,
      backlog: counts!.backlog,
      failed: counts!.failed,
      oldestPendingAt: counts!.oldest?.toISOString() ?? null,
      failedEvents: failed.map((e) => ({
        id: e.id,
        type: e.type,
        bindingId: e.binding_id,
        orderId: e.order_id,
        sequence: Number(e.seq),
        occurredAt: e.created_at.toISOString(),
        attempts: e.attempts,
        failedAt: e.failed_at.toISOString(),
        lastError: e.last_error,
      })),
    };
  }
}
