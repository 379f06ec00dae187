import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows } from '../database/sql.js';
import { deliveryFailureReason, type DeliveryFailureReason } from '../records/delivery-status.js';

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
  /** The carrier's error code for a text not delivered, and what it means. */
  deliveryErrorCode?: number | null;
  deliveryFailure?: DeliveryFailureReason | null;
}

const HOUR_MS = 3_600_000;
/** The extension forecast's horizon: numbers to add so that the pool holds this many days at the recent rate. */
export const EXTENSION_FORECAST_DAYS = 30;

/** What extension occupancy is measured against (from config). */
export interface ExtensionLimits {
  digits: number;
  occupancy: number;
  quarantineDays: number;
}

export interface ExtensionNumberFigures {
  id: string;
  e164: string;
  country: string;
  status: string;
  /** Active bindings on the number (what the checkout's cap counts). */
  live: number;
  /** Pairs (number, extension) resting after their binding ended. */
  quarantined: number;
  /** EXTENSION_OCCUPANCY x 10^EXTENSION_DIGITS: the live bindings one number may hold. */
  cap: number;
  /** live / cap. */
  shareOfCap: number;
  /** Checkouts it can still take now: the room under the cap, and in the code space beside the resting pairs. */
  free: number;
}

export interface ExtensionForecast {
  country: string;
  numbers: number;
  capacity: number;
  live: number;
  quarantined: number;
  free: number;
  checkoutsLast24h: number;
  endedLast24h: number;
  /** Checkouts minus endings over the last 24 h: how fast live orders grow. */
  growthPerDay: number;
  /** free / growthPerDay; null when live orders are not growing. */
  daysUntilFull: number | null;
  /** To hold EXTENSION_FORECAST_DAYS more days at the recent rate (and its quarantine): numbers to add. */
  numbersToAdd: number;
}

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
      // Numbers in use over the last 24 h as a step function: one row per instant the count changed, the
      // first at the window's start. A number is in use while any of its bindings is live, so each
      // number's own running count yields +1 when it goes 0 → 1 and -1 when it goes back to 0.
      queryRows<{ at: Date; dedicated: number; shared: number }>(
        db,
        `WITH span AS (
           SELECT b.mode, b.relay_number_id AS number_id, GREATEST(b.created_at, $1) AS starts,
                  LEAST(b.expires_at, COALESCE(b.ended_at, 'infinity')) AS ends
             FROM binding b
            WHERE b.created_at <= $2 AND LEAST(b.expires_at, COALESCE(b.ended_at, 'infinity')) > $1
         ), edge AS (
           SELECT mode, number_id, starts AS at, 1 AS step FROM span
           UNION ALL
           SELECT mode, number_id, ends, -1 FROM span WHERE ends <= $2
         ), per_number AS (
           SELECT mode, at, step,
                  sum(step) OVER (PARTITION BY number_id ORDER BY at, step ROWS UNBOUNDED PRECEDING) AS live
             FROM edge
         ), change AS (
           SELECT mode, at, CASE WHEN step = 1 AND live = 1 THEN 1 WHEN step = -1 AND live = 0 THEN -1 ELSE 0 END AS step
             FROM per_number
           UNION ALL
           SELECT 'dedicated', $1, 0
         ), per_instant AS (
           SELECT at, sum(step) FILTER (WHERE mode = 'dedicated') AS dedicated, sum(step) FILTER (WHERE mode = 'shared') AS shared
             FROM change GROUP BY at HAVING at = $1 OR bool_or(step <> 0)
         )
         SELECT at, (sum(COALESCE(dedicated, 0)) OVER w)::int AS dedicated, (sum(COALESCE(shared, 0)) OVER w)::int AS shared
           FROM per_instant WINDOW w AS (ORDER BY at) ORDER BY at`,
        [dayAgo, now],
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
      texts24h: tally(
        ['connected', 'failed', 'not_in_service', 'refused', 'blocked', 'rate_limited', 'keyword'] as const,
        texts,
        'outcome',
      ),
      blockedByReason: tally(['marketing', 'opted_out', 'rate_limited', 'carrier_opt_out'] as const, blocked, 'reason'),
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
      history: { poolInUse: poolInUseSteps(history, pools, now) },
    };
  }

  /**
   * The extension pool: per number, live bindings and resting pairs against the cap
   * (EXTENSION_OCCUPANCY x 10^EXTENSION_DIGITS); per country, a forecast from the last 24 h of
   * checkouts and endings. Live is the allocator's own count (relay_number.extension_live).
   */
  async extensionOccupancy(now: Date, limits: ExtensionLimits) {
    const db = this.dataSource;
    const dayAgo = new Date(now.getTime() - 24 * HOUR_MS);
    const space = 10 ** limits.digits;
    const cap = Math.max(1, Math.floor(space * limits.occupancy));
    const [numbers, flows] = await Promise.all([
      queryRows<{ id: string; e164: string; country: string; status: string; live: number; quarantined: number }>(
        db,
        `SELECT n.id, n.e164, n.country, n.status, n.extension_live AS live, COALESCE(q.n, 0)::int AS quarantined
           FROM relay_number n
           LEFT JOIN (SELECT relay_number_id, count(*) AS n FROM binding
                       WHERE extension_held AND status <> 'active' GROUP BY relay_number_id) q ON q.relay_number_id = n.id
          WHERE n.pool = 'extension' AND n.status <> 'retired'
          ORDER BY n.country, n.created_at, n.e164`,
      ),
      queryRows<{ country: string; checkouts: number; ended: number }>(
        db,
        `SELECT n.country,
                count(*) FILTER (WHERE b.created_at > $1)::int AS checkouts,
                count(*) FILTER (WHERE b.status <> 'active' AND b.ended_at > $1)::int AS ended
           FROM binding b JOIN relay_number n ON n.id = b.relay_number_id
          WHERE b.mode = 'extension' AND (b.created_at > $1 OR (b.status <> 'active' AND b.ended_at > $1))
          GROUP BY n.country`,
        [dayAgo],
      ),
    ]);
    const perNumber = numbers.map((n): ExtensionNumberFigures => ({
      ...n,
      cap,
      shareOfCap: Math.round((n.live / cap) * 1000) / 1000,
      free: n.status === 'available' ? Math.max(0, Math.min(cap - n.live, space - n.live - n.quarantined)) : 0,
    }));
    const countries = [...new Set(perNumber.map((n) => n.country))];
    const forecast = countries.map((country): ExtensionForecast => {
      const rows = perNumber.filter((n) => n.country === country);
      const flow = flows.find((f) => f.country === country) ?? { checkouts: 0, ended: 0 };
      const sum = (f: (n: ExtensionNumberFigures) => number) => rows.reduce((a, n) => a + f(n), 0);
      const live = sum((n) => n.live);
      const quarantined = sum((n) => n.quarantined);
      const free = sum((n) => n.free);
      const growth = flow.checkouts - flow.ended;
      // In FORECAST_DAYS at this rate: the live orders then, and the pairs resting then (an ending rests
      // QUARANTINE_DAYS); numbers needed for both the cap and the code space.
      const liveThen = live + Math.max(0, growth) * EXTENSION_FORECAST_DAYS;
      const restingThen = Math.max(quarantined, flow.ended * limits.quarantineDays);
      const needed = Math.max(Math.ceil(liveThen / cap), Math.ceil((liveThen + restingThen) / space));
      const usable = rows.filter((n) => n.status === 'available').length;
      return {
        country,
        numbers: rows.length,
        capacity: usable * cap,
        live,
        quarantined,
        free,
        checkoutsLast24h: flow.checkouts,
        endedLast24h: flow.ended,
        growthPerDay: growth,
        daysUntilFull: growth > 0 ? Math.round((free / growth) * 10) / 10 : null,
        numbersToAdd: Math.max(0, needed - usable),
      };
    });
    return {
      digits: limits.digits,
      occupancy: limits.occupancy,
      codeSpace: space,
      capPerNumber: cap,
      forecastDays: EXTENSION_FORECAST_DAYS,
      numbers: perNumber,
      forecast,
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
            deliveryErrorCode: r.delivery_error_code as number | null,
            deliveryFailure: deliveryFailureReason(r.delivery_error_code as number | null),
          };
    });
    return { items, page, pageSize, total: rows[0] ? Number(rows[0].total) : 0 };
  }
}

/**
 * The chart's points: each instant the count changed, then now. The last point is the pool cards' own
 * "in use" (it also counts a dedicated number whose binding expired moments ago and that the sweeper
 * has not released yet), so the line ends where the cards say.
 */
function poolInUseSteps(
  changes: { at: Date; dedicated: number; shared: number }[],
  pools: { pool: string; in_use: number }[],
  now: Date,
): { at: string; dedicated: number; shared: number }[] {
  const inUse = (pool: string) => pools.filter((p) => p.pool === pool).reduce((sum, p) => sum + p.in_use, 0);
  const points = changes.map((c) => ({ at: c.at.toISOString(), dedicated: c.dedicated, shared: c.shared }));
  const current = { at: now.toISOString(), dedicated: inUse('dedicated'), shared: inUse('shared') };
  if (points.at(-1)?.at === current.at) points.pop();
  return [...points, current];
}
