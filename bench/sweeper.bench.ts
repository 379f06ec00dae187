import { fork } from 'node:child_process';
import { join } from 'node:path';
import { withClient } from './lib/database.js';
import { TSX } from './lib/processes.js';
import { fmt, type BenchContext, type BenchOutcome } from './lib/report.js';
import { seedRelayNumbers, seedTenant } from './lib/seed.js';
import { ROOT, TENANT } from './lib/veil.js';
import type { SteadyPoint, SteadyRun } from './sweeper-steady.child.js';
import type { SweeperPhase, SweeperRun } from './sweeper.child.js';

const BINDINGS = 1_000_000;
const DEDICATED = 10_000;
const SHARED_NUMBERS = 10_000;
const CHUNK = 100_000;
/** One call and one text record on every tenth binding: deleted with their binding. */
const RECORD_EVERY = 10;
/**
 * When in the 10 minutes before T binding i expired. By default in checkout order, as a burst is in
 * life: orders that expire together were taken together (same window), so their rows sit together.
 * BENCH_SWEEPER_EXPIRY=scattered spreads each minute's expiries over the whole table (i mod 600 s),
 * the worst case for the sweeper's page reads.
 */
const SCATTERED = process.env.BENCH_SWEEPER_EXPIRY === 'scattered';
const EXPIRY_OFFSET_SEC = SCATTERED ? 'i % 600' : `600.0 * (${BINDINGS} - i) / ${BINDINGS}`;
/** A phase still running after this long is stopped between batches (and the target is missed). */
const PHASE_CAP_SEC = 240;

/**
 * Benchmark 4: 1,000,000 bindings expiring at once (10,000 dedicated on numbers in use, the rest shared,
 * each with a buyer and a courier), seeded in SQL in chunks; then Veil's own sweeper in a process of
 * its own expires, quarantines, releases and purges them, phase by phase, with its RSS sampled.
 */
export async function sweeperBench(ctx: BenchContext): Promise<BenchOutcome> {
  const part = process.env.BENCH_SWEEPER_PART?.trim() || 'both';
  const burst = part === 'steady' ? null : await burstBench(ctx);
  const steady = part === 'burst' ? null : await steadyBench(ctx);
  return {
    rows: [...(burst?.rows ?? []), ...(steady?.rows ?? [])],
    details: { ...(burst ? { burst: burst.details } : {}), ...(steady ? { steady: steady.details } : {}) },
  };
}

/** Simulated days of the steady run, orders per day, and days per step (one sweep each). */
const STEADY_DAYS = 320;
const STEADY_PER_DAY = 500;
const STEADY_STEP_DAYS = 10;
/** From here on every order that can be deleted has been: window 15 + RECORD_RETENTION_DAYS 180, and a step. */
const STEADY_FROM_DAY = 220;

/**
 * Benchmark 4b: storage under a steady order rate. 500 orders a day for 320 simulated days, swept by
 * Veil's own sweeper every 10 days (see sweeper-steady.child.ts); once the oldest orders reach
 * RECORD_RETENTION_DAYS after their end, rows and bytes must stop growing.
 */
async function steadyBench(ctx: BenchContext): Promise<BenchOutcome> {
  const { db, log } = ctx;
  await db.reset();
  const start = new Date('2026-01-01T00:00:00.000Z');
  await withClient(db.url, async (c) => {
    await seedTenant(c);
    await seedRelayNumbers(c, { count: 100, pool: 'shared', at: start });
  });
  log(`steady order rate: ${fmt.n(STEADY_PER_DAY)} orders a day for ${STEADY_DAYS} simulated days, a sweep every ${STEADY_STEP_DAYS}`);
  const run = await new Promise<SteadyRun>((resolve, reject) => {
    const child = fork(
      join(ROOT, 'bench/sweeper-steady.child.ts'),
      [db.url, start.toISOString(), String(STEADY_DAYS), String(STEADY_PER_DAY), String(STEADY_STEP_DAYS)],
      { execArgv: ['--import', TSX] },
    );
    let result: SteadyRun | null = null;
    child.on('message', (m: { progress?: string; result?: SteadyRun }) => {
      if (m.progress) log(`  ${m.progress}`);
      if (m.result) result = m.result;
    });
    child.once('exit', (code) => (result ? resolve(result) : reject(new Error(`steady sweeper process exited with ${code}`))));
  });
  const at = (day: number) => run.points.find((p) => p.day >= day)!;
  const settled = at(STEADY_FROM_DAY);
  const last = run.points[run.points.length - 1]!;
  const rowChange = (last.rows - settled.rows) / settled.rows;
  const byteChange = (last.bytes - settled.bytes) / settled.bytes;
  const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
  const line = (p: SteadyPoint) => `${fmt.n(p.rows)} rows, ${fmt.mb(p.bytes / 2 ** 20)}`;
  return {
    rows: [
      { metric: `steady ${fmt.n(STEADY_PER_DAY)} orders/day: storage at day 100`, value: line(at(100)) },
      { metric: `steady: storage at day ${settled.day}`, value: line(settled) },
      { metric: `steady: storage at day ${last.day}`, value: line(last) },
      {
        metric: `steady: rows, day ${settled.day} -> ${last.day}`,
        value: pct(rowChange),
        target: 'within 2%',
        met: Math.abs(rowChange) <= 0.02,
      },
      {
        metric: `steady: bytes on disk, day ${settled.day} -> ${last.day}`,
        value: pct(byteChange),
        target: 'within 10%',
        met: Math.abs(byteChange) <= 0.1,
      },
      { metric: 'steady: sweeper time, all sweeps', value: fmt.s(run.sweepSeconds) },
    ],
    details: { ...run, settledDay: settled.day },
  };
}

/**
 * Benchmark 4a: 1,000,000 bindings expiring at once, swept phase by phase (see the constants above).
 */
async function burstBench(ctx: BenchContext): Promise<BenchOutcome> {
  const { db, log } = ctx;
  await db.reset();
  const expiredAt = new Date('2026-12-01T12:00:00.000Z');
  const seedStarted = Date.now();
  await withClient(db.url, async (c) => {
    await c.query('SET synchronous_commit = off');
    await c.query(`SET maintenance_work_mem = '256MB'`);
    // A bulk load: Veil's secondary indexes come off and are rebuilt afterwards from their own
    // definitions (the same names and columns, built by sorting instead of row by row).
    const { rows: indexes } = await c.query<{ name: string; def: string }>(`
      SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
        FROM pg_index i LEFT JOIN pg_constraint k ON k.conindid = i.indexrelid
       WHERE i.indrelid = ANY ('{binding,participant,call_record,message_record}'::regclass[]) AND k.oid IS NULL`);
    for (const index of indexes) await c.query(`DROP INDEX ${index.name}`);
    // Foreign keys are checked row by row by triggers; the seed is consistent by construction.
    const skipTriggers = await c.query(`SET session_replication_role = replica`).then(
      () => true,
      () => false,
    );
    try {
      await seedTenant(c);
      await seedRelayNumbers(c, {
        count: DEDICATED,
        pool: 'dedicated',
        status: 'in_use',
        at: new Date(expiredAt.getTime() - 30 * 86_400_000),
      });
      await seedRelayNumbers(c, {
        first: DEDICATED,
        count: SHARED_NUMBERS,
        pool: 'shared',
        at: new Date(expiredAt.getTime() - 30 * 86_400_000),
      });
      // Binding i sits on dedicated number i (i <= 10,000) or on shared number i mod 10,000.
      await c.query(`CREATE TEMP TABLE nums AS
      SELECT row_number() OVER (PARTITION BY pool ORDER BY e164) - 1 AS k, pool, id, e164 FROM relay_number`);
      await c.query('CREATE INDEX ON nums (pool, k)');
      // Ids in insertion order keep the primary keys' inserts at the right edge of their indexes.
      const uuid = (prefix: string, expr: string) => `('${prefix}' || lpad(to_hex(${expr}), 12, '0'))::uuid`;
      for (let lo = 1; lo <= BINDINGS; lo += CHUNK) {
        const hi = Math.min(BINDINGS, lo + CHUNK - 1);
        const relay = `CASE WHEN i <= ${DEDICATED} THEN 'dedicated' ELSE 'shared' END`;
        const k = `CASE WHEN i <= ${DEDICATED} THEN i - 1 ELSE i % ${SHARED_NUMBERS} END`;
        await c.query(
          `INSERT INTO binding (id, tenant_id, order_id, mode, status, relay_number_id, expires_at, window_cap_at, created_at, updated_at)
         SELECT ${uuid('00000000-0000-4000-8000-', 'i')}, $3, 'sweep-' || lpad(i::text, 7, '0'), n.pool, 'active', n.id,
                $4::timestamptz - make_interval(secs => ${EXPIRY_OFFSET_SEC}), $4::timestamptz + interval '60 days',
                $4::timestamptz - interval '10 days', $4::timestamptz - interval '10 days'
           FROM generate_series($1::int, $2::int) i JOIN nums n ON n.pool = ${relay} AND n.k = ${k}`,
          [lo, hi, TENANT.id, expiredAt],
        );
        await c.query(
          `INSERT INTO participant (id, binding_id, relay_number_id, role, phone_hash, phone_enc, pair_hash, phone_masked, active, created_at)
         SELECT ${uuid('00000000-0000-4000-8001-', '2 * i + h.o')}, ${uuid('00000000-0000-4000-8000-', 'i')}, n.id, h.role, h.hash,
                'v1.k1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA',
                sha256(convert_to(n.e164 || ':', 'UTF8') || h.hash), '+1 219****' || lpad((i % 10000)::text, 4, '0'), true,
                $3::timestamptz - interval '10 days'
           FROM generate_series($1::int, $2::int) i JOIN nums n ON n.pool = ${relay} AND n.k = ${k}
          CROSS JOIN LATERAL (VALUES (0, 'buyer', sha256(convert_to('buyer:' || i, 'UTF8'))),
                                     (1, 'courier', sha256(convert_to('courier:' || i, 'UTF8')))) AS h(o, role, hash)`,
          [lo, hi, expiredAt],
        );
        for (const [table, time] of [
          ['call_record', 'started_at'],
          ['message_record', 'received_at'],
        ] as const) {
          await c.query(
            `INSERT INTO ${table} (provider_sid, binding_id, tenant_id, relay_number, direction, from_role, to_role, from_masked, to_masked, outcome, ${time})
           SELECT '${table === 'call_record' ? 'CA' : 'SM'}' || lpad(i::text, 32, '0'), ${uuid('00000000-0000-4000-8000-', 'i')}, $3, n.e164,
                  'to_buyer', 'courier', 'buyer', '+1 210****0000', '+1 219****0000', 'connected', $4::timestamptz - interval '5 days'
             FROM generate_series($1::int, $2::int) i JOIN nums n ON n.pool = ${relay} AND n.k = ${k}
            WHERE i % ${RECORD_EVERY} = 0`,
            [lo, hi, TENANT.id, expiredAt],
          );
        }
        if (hi % 250_000 === 0) log(`  seeded ${hi.toLocaleString('en-US')} bindings`);
      }
    } finally {
      if (skipTriggers) await c.query('SET session_replication_role = DEFAULT');
      for (const index of indexes) {
        const { rows } = await c.query<{ missing: boolean }>('SELECT to_regclass($1) IS NULL AS missing', [index.name]);
        if (rows[0]!.missing) await c.query(index.def);
      }
    }
    await c.query('VACUUM ANALYZE');
  });
  const seedSec = (Date.now() - seedStarted) / 1000;
  log(
    `seeded ${BINDINGS.toLocaleString('en-US')} bindings (expiring ${SCATTERED ? 'scattered over the table' : 'in checkout order'}) in ${seedSec.toFixed(0)} s; sweeping in a process of its own`,
  );

  const r = await new Promise<SweeperRun>((resolve, reject) => {
    const child = fork(
      join(ROOT, 'bench/sweeper.child.ts'),
      [db.url, expiredAt.toISOString(), String(PHASE_CAP_SEC), db.localName ?? ''],
      {
        execArgv: ['--import', TSX, '--expose-gc'],
      },
    );
    let result: SweeperRun | null = null;
    child.on('message', (m: { progress?: string; result?: typeof result }) => {
      if (m.progress) log(`  ${m.progress}`);
      if (m.result) result = m.result;
    });
    child.once('exit', (code) => (result ? resolve(result) : reject(new Error(`sweeper process exited with ${code}`))));
  });
  const check = await withClient(db.url, async (c) => {
    const { rows } = await c.query<Record<string, string>>(`
      SELECT (SELECT count(*) FROM binding WHERE status = 'active') AS still_active,
             (SELECT count(*) FROM binding) AS bindings_left,
             (SELECT count(*) FROM participant) AS parties_left,
             (SELECT count(*) FROM participant WHERE phone_enc IS NOT NULL) AS ciphertexts_left,
             (SELECT count(*) FROM relay_number WHERE status <> 'available') AS numbers_not_back,
             (SELECT count(*) FROM former_party) AS former_parties_left,
             (SELECT count(*) FROM call_record) + (SELECT count(*) FROM message_record) AS records_left`);
    return Object.fromEntries(Object.entries(rows[0]!).map(([k, v]) => [k, Number(v)]));
  });
  const [expire, purge, forget] = r.phases as [SweeperPhase, SweeperPhase | undefined, SweeperPhase | undefined];
  const finished = r.phases.length === 3 && !r.phases.some((p) => p.capped);
  const total = expire.seconds + (purge?.seconds ?? NaN);
  const peak = Math.max(...r.phases.map((p) => p.peakRssMb));
  const retained = Math.max(...r.phases.map((p) => p.heapAfterGcMb)) - r.idleHeapAfterGcMb;
  // Loading everything would keep memory in proportion to the bindings; batches keep none between them.
  const flat = retained < 16;
  const clean = Object.values(check).every((n) => n === 0);
  const phaseLine = (p: SweeperPhase | undefined, what: string) =>
    p
      ? `${fmt.s(p.seconds)}${p.capped ? ' (stopped at the cap)' : ''}: ${what}, ${fmt.n(p.batchesPerSec, 1)} batches/s; ` +
        `CPU ${fmt.s(p.cpuSec.sweeper)} sweeper + ${fmt.s(p.cpuSec.database)} PostgreSQL`
      : 'not reached';
  return {
    rows: [
      { metric: 'expire + quarantine (1st sweep)', value: phaseLine(expire, `${fmt.n(expire.result.expired)} expired`) },
      {
        metric: 'release + purge (after retention)',
        value: phaseLine(purge, `${fmt.n(purge?.result.released ?? 0)} released, ${fmt.n(purge?.result.purged ?? 0)} purged`),
      },
      { metric: 'expire, quarantine and purge, total', value: fmt.s(total), target: '< 60 s', met: finished && total < 60 },
      {
        metric: 'delete bindings + forget former parties (after 180 days)',
        value: phaseLine(
          forget,
          `${fmt.n(forget?.result.deleted ?? 0)} bindings deleted, ${fmt.n(forget?.result.forgotten ?? 0)} forgotten`,
        ),
      },
      {
        metric: 'sweeper process RSS: idle -> peak',
        value: `${fmt.mb(r.idleRssMb)} -> ${fmt.mb(peak)} (VmHWM ${fmt.mb(r.vmHwmMb)})`,
      },
      {
        metric: 'memory flat: heap kept after GC (after each phase vs idle)',
        value: `${retained >= 0 ? '+' : ''}${retained.toFixed(1)} MB (RSS peak ${peak - r.idleRssMb >= 0 ? '+' : ''}${fmt.mb(peak - r.idleRssMb)} over idle)`,
        target: '< 16 MB',
        met: flat,
      },
      {
        metric: 'left behind (active, bindings, parties, ciphertexts, numbers, hashes, records)',
        value: Object.values(check).join(', '),
        target: 'all 0',
        met: clean,
      },
    ],
    details: {
      setup: {
        bindings: BINDINGS,
        dedicated: DEDICATED,
        sharedNumbers: SHARED_NUMBERS,
        recordsEvery: RECORD_EVERY,
        expiry: SCATTERED ? 'scattered' : 'checkout order',
      },
      seedSec,
      ...r,
      check,
    },
  };
}
