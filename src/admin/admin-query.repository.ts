import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows } from '../database/sql.js';

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export interface PoolFigures {
  country: string;
  pool: string;
  available: number;
  inUse: number;
  quarantined: number;
  retired: number;
  total: number;
  shareInUse: number;
}

export interface RecordItem {
  id: string;
  kind: 'call' | 'sms';
  providerSid: string;
  bindingId: string | null;
  orderId: string | null;
  relayNumber: string;
  direction: string;
  fromRole: string;
  toRole: string | null;
  fromMasked: string;
  toMasked: string | null;
  outcome: string;
  reason: string | null;
  at: string;
  durationSeconds?: number | null;
  reasons?: string[];
  body?: string | null;
  deliveryStatus?: string | null;
}

const HOUR_MS = 3_600_000;

/** Read-only SQL behind the admin API: filtered and paginated in the database, masked numbers only. */
@Injectable()
export class AdminQueryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async overview(now: Date) {
    const db = this.dataSource;
    const dayAgo = new Date(now.getTime() - 24 * HOUR_MS);
    const [pools, [bindings], calls, texts, blocked, [purges], shared, dedicated, history] = await Promise.all([
      queryRows<{
        country: string;
        pool: string;
        available: number;
        in_use: number;
        quarantined: number;
        retired: number;
        total: number;
      }>(
        db,
        `SELECT n.country, n.pool,
                count(*) FILTER (WHERE n.status = 'available' AND NOT live.any)::int AS available,
                count(*) FILTER (WHERE n.status = 'in_use' OR (n.status = 'available' AND live.any))::int AS in_use,
                count(*) FILTER (WHERE n.status = 'quarantined')::int AS quarantined,
                count(*) FILTER (WHERE n.status = 'retired')::int AS retired,
                count(*)::int AS total
           FROM relay_number n
           CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM binding b WHERE b.relay_number_id = n.id AND b.status = 'active' AND b.expires_at > $1) AS any) live
          GROUP BY n.country, n.pool ORDER BY n.country, n.pool`,
        [now],
      ),
      queryRows<{ active: number; in24h: number; in7d: number }>(
        db,
        `SELECT count(*)::int AS active,
                count(*) FILTER (WHERE expires_at <= $1::timestamptz + interval '24 hours')::int AS in24h,
                count(*) FILTER (WHERE expires_at <= $1::timestamptz + interval '7 days')::int AS in7d
           FROM binding WHERE status = 'active' AND expires_at > $1`,
        [now],
      ),
      queryRows<{ outcome: string; n: number }>(
        db,
        `SELECT outcome, count(*)::int AS n FROM call_record WHERE started_at > $1 GROUP BY outcome`,
        [dayAgo],
      ),
      queryRows<{ outcome: string; n: number }>(
        db,
        `SELECT outcome, count(*)::int AS n FROM message_record WHERE received_at > $1 GROUP BY outcome`,
        [dayAgo],
      ),
      queryRows<{ reason: string; n: number }>(
        db,
        `SELECT reason, count(*)::int AS n FROM message_record
          WHERE received_at > $1 AND outcome IN ('blocked', 'rate_limited') AND reason IS NOT NULL GROUP BY reason`,
        [dayAgo],
      ),
      queryRows<{ n: number }>(db, `SELECT count(*)::int AS n FROM binding WHERE purged_at IS NOT NULL`),
      queryRows<{ country: string; pool_size: number; max_active: number }>(
        db,
        `SELECT n.country, count(*)::int AS pool_size,
                COALESCE((SELECT max(c)::int FROM (
                   SELECT count(*) AS c FROM participant p
                     JOIN binding b ON b.id = p.binding_id AND b.status = 'active' AND b.expires_at > $1 AND b.mode = 'shared'
                     JOIN relay_number rn ON rn.id = p.relay_number_id AND rn.country = n.country
                    WHERE p.active GROUP BY p.phone_hash) per_phone), 0) AS max_active
           FROM relay_number n WHERE n.pool = 'shared' AND n.status <> 'retired' GROUP BY n.country ORDER BY n.country`,
        [now],
      ),
      queryRows<{ country: string; free: number; checkouts: number }>(
        db,
        `SELECT n.country, count(*) FILTER (WHERE n.status = 'available')::int AS free,
                (SELECT count(*)::int FROM binding b JOIN relay_number rn ON rn.id = b.relay_number_id
                  WHERE b.mode = 'dedicated' AND rn.country = n.country AND b.created_at > $1) AS checkouts
           FROM relay_number n WHERE n.pool = 'dedicated' GROUP BY n.country ORDER BY n.country`,
        [dayAgo],
      ),
      // 25 hourly points: bindings (dedicated) and numbers (shared) in use at each hour.
      queryRows<{ at: Date; dedicated: number; shared: number }>(
        db,
        `SELECT h.at,
                (SELECT count(*)::int FROM binding b WHERE b.mode = 'dedicated' AND b.created_at <= h.at
                    AND LEAST(b.expires_at, COALESCE(b.ended_at, 'infinity')) > h.at) AS dedicated,
                (SELECT count(DISTINCT b.relay_number_id)::int FROM binding b WHERE b.mode = 'shared' AND b.created_at <= h.at
                    AND LEAST(b.expires_at, COALESCE(b.ended_at, 'infinity')) > h.at) AS shared
           FROM generate_series(date_trunc('hour', $1::timestamptz) - interval '24 hours', date_trunc('hour', $1::timestamptz), interval '1 hour') AS h(at)
          ORDER BY h.at`,
        [now],
      ),
    ]);
    const tally = <K extends string>(
      keys: readonly K[],
      rows: { outcome?: string; reason?: string; n: number }[],
      field: 'outcome' | 'reason',
    ) => Object.fromEntries([...keys.map((k) => [k, 0]), ...rows.map((r) => [r[field]!, r.n])]) as Record<K, number>;
    return {
      generatedAt: now.toISOString(),
      pools: pools.map((p): PoolFigures => ({
        country: p.country,
        pool: p.pool,
        available: p.available,
        inUse: p.in_use,
        quarantined: p.quarantined,
        retired: p.retired,
        total: p.total,
        shareInUse: p.total - p.retired > 0 ? Math.round((p.in_use / (p.total - p.retired)) * 1000) / 1000 : 0,
      })),
      bindings: { active: bindings!.active, expiringIn24h: bindings!.in24h, expiringIn7d: bindings!.in7d },
      calls24h: tally(['connected', 'no_answer', 'busy', 'failed', 'not_in_service', 'refused'] as const, calls, 'outcome'),
      texts24h: tally(['connected', 'failed', 'not_in_service', 'refused', 'blocked', 'rate_limited'] as const, texts, 'outcome'),
      blockedByReason: tally(['marketing', 'opted_out', 'keyword', 'rate_limited'] as const, blocked, 'reason'),
      purges: purges!.n,
      headroom: {
        shared: shared.map((s) => ({ country: s.country, poolSize: s.pool_size, maxActivePerPhone: s.max_active })),
        dedicated: dedicated.map((d) => {
          const perHour = Math.round((d.checkouts / 24) * 100) / 100;
          return {
            country: d.country,
            free: d.free,
            checkoutsPerHour: perHour,
            hoursUntilDry: perHour > 0 ? Math.round((d.free / perHour) * 10) / 10 : null,
          };
        }),
      },
      history: { poolInUse: history.map((h) => ({ at: h.at.toISOString(), dedicated: h.dedicated, shared: h.shared })) },
    };
  }

  async bindingIds(
    filter: { status?: string; orderId?: string; tenantId?: string },
    page: number,
    pageSize: number,
    now: Date,
  ): Promise<{ ids: string[]; total: number }> {
    // `expired` includes bindings past expiresAt the sweeper has not reached yet, as the API reports them.
    const rows = await queryRows<{ id: string; total: string }>(
      this.dataSource,
      `SELECT id, count(*) OVER () AS total FROM binding
        WHERE ($1::text IS NULL
               OR ($1 = 'active' AND status = 'active' AND expires_at > $4)
               OR ($1 = 'expired' AND (status = 'expired' OR (status = 'active' AND expires_at <= $4)))
               OR ($1 = 'closed' AND status = 'closed'))
          AND ($2::text IS NULL OR order_id = $2)
          AND ($3::uuid IS NULL OR tenant_id = $3)
        ORDER BY created_at DESC, id
        LIMIT $5 OFFSET $6`,
      [filter.status ?? null, filter.orderId ?? null, filter.tenantId ?? null, now, pageSize, (page - 1) * pageSize],
    );
    const total = rows[0] ? Number(rows[0].total) : 0;
    return { ids: rows.map((r) => r.id), total };
  }

  async records(
    kind: 'call' | 'sms',
    filter: { outcome?: string; bindingId?: string },
    page: number,
    pageSize: number,
  ): Promise<Page<RecordItem>> {
    const table = kind === 'call' ? 'call_record' : 'message_record';
    const at = kind === 'call' ? 'started_at' : 'received_at';
    const rows = await queryRows<Record<string, unknown> & { total: string }>(
      this.dataSource,
      `SELECT r.*, r.${at} AS at, b.order_id, count(*) OVER () AS total
         FROM ${table} r LEFT JOIN binding b ON b.id = r.binding_id
        WHERE ($1::text IS NULL OR r.outcome = $1) AND ($2::uuid IS NULL OR r.binding_id = $2)
        ORDER BY r.${at} DESC, r.id
        LIMIT $3 OFFSET $4`,
      [filter.outcome ?? null, filter.bindingId ?? null, pageSize, (page - 1) * pageSize],
    );
    const items = rows.map((r): RecordItem => {
      const base: RecordItem = {
        id: r.id as string,
        kind,
        providerSid: r.provider_sid as string,
        bindingId: r.binding_id as string | null,
        orderId: r.order_id as string | null,
        relayNumber: r.relay_number as string,
        direction: r.direction as string,
        fromRole: r.from_role as string,
        toRole: r.to_role as string | null,
        fromMasked: r.from_masked as string,
        toMasked: r.to_masked as string | null,
        outcome: r.outcome as string,
        reason: r.reason as string | null,
        at: (r.at as Date).toISOString(),
      };
      return kind === 'call'
        ? { ...base, durationSeconds: r.duration_seconds as number | null }
        : {
            ...base,
            reasons: r.reasons as string[],
            body: r.body as string | null,
            deliveryStatus: r.delivery_status as string | null,
          };
    });
    return { items, page, pageSize, total: rows[0] ? Number(rows[0].total) : 0 };
  }
}
