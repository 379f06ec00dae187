import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withClient } from './lib/database.js';
import { runLoad, writeBodies, type LoadResult } from './lib/load.js';
import { phone } from './lib/phones.js';
import { lcg } from './lib/random.js';
import { freePort, startTsChild, startVeil, type Child } from './lib/processes.js';
import { fmt, type BenchContext, type BenchOutcome } from './lib/report.js';
import { seedRelayNumbers, seedTenant } from './lib/seed.js';
import { TENANT, veilEnv } from './lib/veil.js';

const ORDERS = 20_000;
const WARMUP_ORDERS = 1_000;
const CONCURRENCY = 32;
const COURIERS = 100;
const SHARED_NUMBERS = 1_000;
/** The run is bounded in time too: a slow Veil stops here (and misses the target). */
const MAX_SEC = 150;

/**
 * Benchmark 2: `POST /v1/bindings` on the shared pool at concurrency 32 for 20,000 orders (after 1,000
 * warm-up orders), each with a new buyer and one of 100 couriers carrying 50-300 orders each, against
 * a bare Fastify server doing one INSERT per request with the same bodies.
 */
export async function checkoutBench(ctx: BenchContext): Promise<BenchOutcome> {
  const { db, log } = ctx;
  await db.reset();
  // Courier loads drawn between 50 and 300, then orders dealt out in proportion and shuffled.
  const random = lcg(7);
  const weights = Array.from({ length: COURIERS }, () => 50 + random() * 250);
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const couriers: number[] = [];
  weights.forEach((w, c) => {
    for (let k = 0; k < Math.round(((ORDERS + WARMUP_ORDERS) * w) / totalWeight); k++) couriers.push(c);
  });
  while (couriers.length < ORDERS + WARMUP_ORDERS) couriers.push(0);
  couriers.length = ORDERS + WARMUP_ORDERS;
  for (let i = couriers.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [couriers[i], couriers[j]] = [couriers[j]!, couriers[i]!];
  }
  const perCourier = new Map<number, number>();
  for (const c of couriers) perCourier.set(c, (perCourier.get(c) ?? 0) + 1);
  const lowerBound = Math.max(...perCourier.values());
  const bodies = couriers.map((c, i) => ({
    orderId: `bench-${i}`,
    buyerPhone: phone('buyer', i),
    mode: 'shared',
    windowDays: 15,
    counterparts: [{ phone: phone('courier', c), role: 'courier' }],
  }));
  const bodiesFile = writeBodies('checkout', bodies);
  log(
    `${ORDERS} orders (+${WARMUP_ORDERS} warm-up), ${COURIERS} couriers with ${Math.min(...perCourier.values())}-${lowerBound} orders each, ${SHARED_NUMBERS} shared numbers`,
  );

  await withClient(db.url, async (client) => {
    await seedTenant(client);
    await seedRelayNumbers(client, { count: SHARED_NUMBERS, pool: 'shared' });
    await client.query(`
      CREATE TABLE bench_baseline_order (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        order_id text NOT NULL UNIQUE,
        buyer_phone text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now())`);
    await client.query('VACUUM ANALYZE');
  });

  const dataDir = mkdtempSync(join(tmpdir(), 'veil-bench-veil-'));
  const children: Child[] = [];
  const load = (label: string, target: Child): Promise<LoadResult> =>
    runLoad({
      label,
      url: target.url,
      serverPid: target.pid,
      databaseName: db.localName ?? undefined,
      connections: CONCURRENCY,
      warmupAmount: WARMUP_ORDERS,
      amount: ORDERS,
      timeoutSec: 60,
      maxSec: MAX_SEC,
      requests: { kind: 'json', path: '/v1/bindings', headers: { authorization: `Bearer ${TENANT.apiKey}` }, bodiesFile },
    });
  try {
    const port = await freePort();
    const veil = await startVeil('veil', port, veilEnv({ port, databaseUrl: db.url, dataDir }));
    children.push(veil);
    log(`Veil: ${WARMUP_ORDERS} + ${ORDERS} checkouts at concurrency ${CONCURRENCY}`);
    const v = await load('checkout Veil', veil);
    log(
      `  ${fmt.n(v.rps)} checkouts/s, p50 ${fmt.ms(v.latencyMs.p50)}, p99 ${fmt.ms(v.latencyMs.p99)}, status ${JSON.stringify(v.statusCodes)}, errors ${v.errors}, machine busy before ${v.cpu.busyCoresBefore.toFixed(2)} cores`,
    );
    await veil.stop();
    children.splice(0);

    const insert = await startTsChild('baseline insert', await freePort(), 'bench/baselines/bare-fastify.ts', {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: db.url,
      MODE: 'insert',
      // The same connection budget as Veil's checkout path (TypeORM's pool).
      POOL_SIZE: '20',
    });
    children.push(insert);
    log(`baseline: bare Fastify + 1 INSERT, the same ${WARMUP_ORDERS} + ${ORDERS} bodies`);
    const b = await load('checkout baseline', insert);
    log(
      `  ${fmt.n(b.rps)} inserts/s, p50 ${fmt.ms(b.latencyMs.p50)}, p99 ${fmt.ms(b.latencyMs.p99)}, status ${JSON.stringify(b.statusCodes)}, machine busy before ${b.cpu.busyCoresBefore.toFixed(2)} cores`,
    );

    const pool = await withClient(db.url, async (c) => {
      const used = await c.query<{ numbers: string; highest: string | null }>(`
        WITH ranked AS (SELECT id, row_number() OVER (ORDER BY created_at, e164) AS rank FROM relay_number WHERE pool = 'shared')
        SELECT count(DISTINCT b.relay_number_id) AS numbers, max(r.rank) AS highest
          FROM binding b JOIN ranked r ON r.id = b.relay_number_id WHERE b.status = 'active'`);
      const perPhone = await c.query<{ c: string }>(
        `SELECT max(n) AS c FROM (SELECT count(*) AS n FROM participant WHERE active GROUP BY phone_hash) x`,
      );
      return {
        numbersInUse: Number(used.rows[0]!.numbers),
        highestRank: Number(used.rows[0]!.highest),
        c: Number(perPhone.rows[0]!.c),
      };
    });
    const errors = v.non2xx + v.errors;
    const ratio = v.rps / b.rps;
    return {
      rows: [
        {
          metric: 'Veil checkouts/s (concurrency 32)',
          value: `${fmt.n(v.rps)}${v.completed < ORDERS ? ` (${fmt.n(v.completed)} of ${fmt.n(ORDERS)} done at the ${MAX_SEC} s cap)` : ''}`,
          target: '>= 1,000/s',
          met: v.rps >= 1000,
        },
        { metric: 'Veil latency', value: `p50 ${fmt.ms(v.latencyMs.p50)}, p99 ${fmt.ms(v.latencyMs.p99)}` },
        {
          metric: 'Veil errors (non-2xx + socket errors)',
          value: `${fmt.n(errors)} ${JSON.stringify(v.statusCodes)}`,
          target: '0',
          met: errors === 0,
        },
        {
          metric: 'baseline: Fastify + 1 INSERT',
          value: `${fmt.n(b.rps)}/s, p50 ${fmt.ms(b.latencyMs.p50)}, p99 ${fmt.ms(b.latencyMs.p99)}`,
        },
        { metric: 'Veil / baseline', value: fmt.ratio(ratio) },
        {
          metric: 'CPU us/checkout, server + PostgreSQL (baseline / Veil)',
          value: `${fmt.n(b.cpu.serverUsPerRequest)}+${fmt.n(b.cpu.databaseUsPerRequest)} / ${fmt.n(v.cpu.serverUsPerRequest)}+${fmt.n(v.cpu.databaseUsPerRequest)}`,
        },
        {
          metric: 'shared numbers used / C (busiest courier)',
          value: `${pool.numbersInUse} (highest #${pool.highestRank}) / ${pool.c}`,
        },
      ],
      details: {
        setup: {
          orders: ORDERS,
          warmupOrders: WARMUP_ORDERS,
          concurrency: CONCURRENCY,
          couriers: COURIERS,
          sharedNumbers: SHARED_NUMBERS,
        },
        veil: v,
        baseline: b,
        ratio,
        pool: { ...pool, lowerBoundFromInput: lowerBound },
      },
    };
  } finally {
    for (const child of children) await child.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
