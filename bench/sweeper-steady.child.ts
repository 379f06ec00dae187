import type { SweepResult } from '../src/lifecycle/sweeper.job.js';
import { withClient } from './lib/database.js';
import { startSweeperApp, TENANT } from './lib/veil.js';

/**
 * Benchmark 4b, in a process of its own: a steady order rate for many simulated days. Each step seeds
 * the step's orders in SQL (each with a buyer, a courier, one call and one text record; window 15 days)
 * on the shared numbers the parent seeded, moves the clock, runs Veil's own SweeperJob.runOnce(), and
 * then VACUUMs the tables as autovacuum would, so that freed space is reused. Measured after each
 * step: the rows and the on-disk bytes (indexes and TOAST included) of everything an order leaves.
 */
export interface SteadyPoint {
  day: number;
  rows: number;
  bytes: number;
  result: SweepResult;
}

export interface SteadyRun {
  perDay: number;
  stepDays: number;
  windowDays: number;
  points: SteadyPoint[];
  sweepSeconds: number;
}

const DAY = 86_400_000;
const WINDOW_DAYS = 15;
const TABLES = ['binding', 'participant', 'call_record', 'message_record', 'former_party'];

const [databaseUrl, startIso, daysArg, perDayArg, stepDaysArg] = process.argv.slice(2) as [string, string, string, string, string];

async function main(): Promise<void> {
  const start = Date.parse(startIso);
  const [days, perDay, stepDays] = [Number(daysArg), Number(perDayArg), Number(stepDaysArg)];
  const { clock, app, sweeper } = await startSweeperApp(databaseUrl, start);
  const points: SteadyPoint[] = [];
  let sweepSeconds = 0;
  try {
    await withClient(databaseUrl, async (c) => {
      await c.query('SET synchronous_commit = off');
      const { rows: numbers } = await c.query<{ id: string; e164: string }>(
        `SELECT id, e164 FROM relay_number WHERE pool = 'shared' ORDER BY e164`,
      );
      const perStep = perDay * stepDays;
      for (let step = 0; step * stepDays < days; step++) {
        const from = start + step * stepDays * DAY;
        clock.at = from + stepDays * DAY;
        // The step's orders, created evenly over it; each party's hashes unique to its order.
        await c.query(
          `WITH o AS (
             SELECT i, $3::timestamptz + make_interval(secs => (i * $4::float8 / $2)) AS created,
                    ($5::uuid[])[1 + i % array_length($5::uuid[], 1)] AS relay_id,
                    ($6::text[])[1 + i % array_length($6::text[], 1)] AS relay_e164
               FROM generate_series(0, $2::int - 1) i)
           , b AS (
             INSERT INTO binding (tenant_id, order_id, mode, relay_number_id, expires_at, window_cap_at, created_at, updated_at)
             SELECT $1, 'steady-' || $7::int || '-' || i, 'shared', relay_id, created + make_interval(days => ${WINDOW_DAYS}),
                    created + make_interval(days => 90), created, created FROM o
             RETURNING id, order_id, relay_number_id, created_at)
           , p AS (
             INSERT INTO participant (binding_id, relay_number_id, role, phone_hash, phone_enc, pair_hash, phone_masked, created_at)
             SELECT b.id, b.relay_number_id, r.role, sha256(convert_to(r.role || b.order_id, 'UTF8')),
                    'v1.k1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA',
                    sha256(convert_to(b.relay_number_id::text || r.role || b.order_id, 'UTF8')), '+1 219****0000', b.created_at
               FROM b CROSS JOIN (VALUES ('buyer'), ('courier')) AS r(role))
           , calls AS (
             INSERT INTO call_record (provider_sid, binding_id, tenant_id, relay_number, direction, from_role, to_role, from_masked, to_masked, outcome, started_at)
             SELECT 'CA' || md5(b.order_id), b.id, $1, '+15550100', 'to_buyer', 'courier', 'buyer', '+1 210****0000', '+1 219****0000', 'connected', b.created_at + interval '1 day'
               FROM b)
           INSERT INTO message_record (provider_sid, binding_id, tenant_id, relay_number, direction, from_role, to_role, from_masked, to_masked, outcome, received_at)
           SELECT 'SM' || md5(b.order_id), b.id, $1, '+15550100', 'to_buyer', 'courier', 'buyer', '+1 210****0000', '+1 219****0000', 'connected', b.created_at + interval '1 day'
             FROM b`,
          [TENANT.id, perStep, new Date(from), stepDays * 86_400, numbers.map((n) => n.id), numbers.map((n) => n.e164), step],
        );
        const started = process.hrtime.bigint();
        const result = await sweeper.runOnce();
        sweepSeconds += Number(process.hrtime.bigint() - started) / 1e9;
        // What autovacuum does in production: marks the deleted rows' space reusable (no shrinking).
        await c.query(`VACUUM ${TABLES.join(', ')}`);
        const { rows } = await c.query<{ rows: string; bytes: string }>(
          `SELECT ${TABLES.map((t) => `(SELECT count(*) FROM ${t})`).join(' + ')} AS rows,
                  ${TABLES.map((t) => `pg_total_relation_size('${t}')`).join(' + ')} AS bytes`,
        );
        const point = { day: (step + 1) * stepDays, rows: Number(rows[0]!.rows), bytes: Number(rows[0]!.bytes), result };
        points.push(point);
        if (point.day % 50 === 0) {
          process.send!({
            progress: `day ${point.day}: ${point.rows.toLocaleString('en-US')} rows, ${(point.bytes / 2 ** 20).toFixed(1)} MB, last sweep ${JSON.stringify(result)}`,
          });
        }
      }
    });
  } finally {
    await app.close();
  }
  process.send!({ result: { perDay, stepDays, windowDays: WINDOW_DAYS, points, sweepSeconds } satisfies SteadyRun });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
