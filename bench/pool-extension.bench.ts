import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { withClient } from './lib/database.js';
import { mergeRuns, runLoad, writeBodies, type LoadResult } from './lib/load.js';
import { phone } from './lib/phones.js';
import { lcg } from './lib/random.js';
import { freePort, startTsChild, startVeil, type Child } from './lib/processes.js';
import { fmt, type BenchContext, type BenchOutcome, type Row } from './lib/report.js';
import { seedRelayNumbers, seedTenant } from './lib/seed.js';
import { SECRETS, TENANT, veilCipher, veilEnv } from './lib/veil.js';

/** The scenario of issue 17: a million live orders, at Veil's defaults. */
const LIVE_ORDERS = 1_000_000;
const DIGITS = 5;
const OCCUPANCY = 0.1;
const CODE_SPACE = 10 ** DIGITS;
const CAP = Math.round(CODE_SPACE * OCCUPANCY);
const DEFAULT_WINDOW_DAYS = 15;
const QUARANTINE_DAYS = 30;
/** The shared simulation's merchants: the largest takes 30% of the orders (pool.bench.ts). */
const BIGGEST_MERCHANT_SHARE = 0.3;
const FULL_NUMBERS = Math.ceil(LIVE_ORDERS / CAP);
/** Numbers with room, for the checkouts measured (the full ones are older, so the pick passes them first). */
const SPARE_NUMBERS = 3;
const SHARED_NUMBERS = 1_000;
/** Couriers named on parcels of one number each: the calls with digits come from them. */
const COURIERS = 2_500;
const PARCELS_PER_COURIER = 20;
const CONCURRENCY = 32;
const CHECKOUT_ROUNDS = 2;
const CHECKOUTS_PER_ROUND = 5_000;
const WARMUP_CHECKOUTS = 500;
const COUNTERPART_COURIERS = 100;
const ROUTE_ROUNDS = 2;
const ROUTE_WARMUP_SEC = 3;
const ROUTE_ROUND_SEC = 5;

/** Extension k (0 … CAP-1) of relay number n: a permutation of the code space (7,919 is prime to 10^5). */
const extensionSql = (k: string, n: string) => `lpad(((${k} * 7919 + ${n} * 104729) % ${CODE_SPACE})::text, ${DIGITS}, '0')`;
const extensionOf = (k: number, n: number) => String((k * 7919 + n * 104729) % CODE_SPACE).padStart(DIGITS, '0');

/**
 * Issue 17's extension scenario, in the same run: 1,000,000 live extension orders bulk-inserted in SQL
 * (100 numbers at the cap of 10,000 each), the numbers each mode needs for them, the checkout rate in
 * extension mode against the shared mode at concurrency 32 on that database, and the routing rate of
 * calls with digits (the prompt's `<Gather>` action) against baseline (b).
 */
export async function extensionPoolBench(ctx: BenchContext): Promise<BenchOutcome> {
  const { db, log } = ctx;
  await db.reset();
  const cipher = await veilCipher();
  // Every seeded buyer shares one real ciphertext (the routing decrypts it); their keyed hashes differ.
  const buyerCiphertext = cipher.encrypt(phone('buyer', 799_999));

  log(`extension: bulk-inserting ${fmt.n(LIVE_ORDERS)} live orders on ${FULL_NUMBERS} numbers (SQL, generate_series)`);
  const seeded = await withClient(db.url, async (client) => {
    await seedTenant(client);
    const at = new Date(Date.now() - 86_400_000);
    const full = await seedRelayNumbers(client, { count: FULL_NUMBERS, pool: 'extension', at });
    const spare = await seedRelayNumbers(client, { first: FULL_NUMBERS, count: SPARE_NUMBERS, pool: 'extension' });
    await seedRelayNumbers(client, { first: FULL_NUMBERS + SPARE_NUMBERS, count: SHARED_NUMBERS, pool: 'shared' });
    const t0 = Date.now();
    const now = new Date();
    const expires = new Date(now.getTime() + DEFAULT_WINDOW_DAYS * 86_400_000);
    const cap = new Date(now.getTime() + 90 * 86_400_000);
    // One statement per number: its CAP live bindings, each with a distinct extension, then their buyers.
    for (let n = 0; n < FULL_NUMBERS; n++) {
      await client.query(
        `WITH b AS (
           INSERT INTO binding (tenant_id, order_id, mode, status, relay_number_id, expires_at, window_cap_at, created_at, updated_at,
                                extension, extension_held)
           SELECT $1, 'live-' || ($3::int * ${CAP} + k), 'extension', 'active', $2, $4, $5,
                  $6::timestamptz - make_interval(secs => k * 0.1), $6, ${extensionSql('k', '$3::int')}, true
             FROM generate_series(0, ${CAP - 1}) AS k
           RETURNING id, order_id)
         INSERT INTO participant (binding_id, relay_number_id, role, phone_hash, phone_enc, pair_hash, phone_masked, active, created_at)
         SELECT b.id, $2, 'buyer', sha256(convert_to('bench-buyer:' || b.order_id, 'UTF8')), $7,
                sha256(convert_to('bench-pair:' || b.order_id, 'UTF8')), '+1 219****0000', true, $6
           FROM b`,
        [TENANT.id, full[n]!.id, n, expires, cap, now, buyerCiphertext],
      );
      if (n % 20 === 19) log(`  ${fmt.n((n + 1) * CAP)} live orders`);
    }
    await client.query(`UPDATE relay_number SET extension_live = ${CAP} WHERE id = ANY($1::uuid[])`, [full.map((r) => r.id)]);
    const insertSec = (Date.now() - t0) / 1000;

    // Couriers named on parcels: each carries PARCELS_PER_COURIER parcels on one number, keyed by (X, E).
    const calls: [string, string, string][] = [];
    const cols = {
      binding: [] as string[],
      relay: [] as string[],
      hash: [] as Buffer[],
      enc: [] as string[],
      pair: [] as Buffer[],
    };
    const perNumber = COURIERS / FULL_NUMBERS;
    for (let c = 0; c < COURIERS; c++) {
      const n = c % FULL_NUMBERS;
      const courier = phone('courier', c);
      for (let j = 0; j < PARCELS_PER_COURIER; j++) {
        const k = Math.floor(c / FULL_NUMBERS) * PARCELS_PER_COURIER + j;
        const extension = extensionOf(k, n);
        calls.push([courier, full[n]!.e164, extension]);
        cols.binding.push(`live-${n * CAP + k}`);
        cols.relay.push(full[n]!.id);
        cols.hash.push(cipher.hash(courier));
        cols.enc.push(cipher.encrypt(courier));
        cols.pair.push(cipher.pairHash(`${full[n]!.e164},${extension}`, courier));
      }
    }
    if (perNumber * PARCELS_PER_COURIER > CAP) throw new Error('more parcels than live orders on a number');
    for (let start = 0; start < cols.binding.length; start += 5_000) {
      const slice = <T>(a: T[]) => a.slice(start, start + 5_000);
      await client.query(
        `INSERT INTO participant (binding_id, relay_number_id, role, phone_hash, phone_enc, pair_hash, phone_masked, active, created_at,
                                  keyed_by_extension)
         SELECT b.id, u.relay, 'courier', u.hash, u.enc, u.pair, '+1 210****0000', true, now(), true
           FROM unnest($1::text[], $2::uuid[], $3::bytea[], $4::text[], $5::bytea[]) AS u(order_id, relay, hash, enc, pair)
           JOIN binding b ON b.tenant_id = $6 AND b.order_id = u.order_id`,
        [slice(cols.binding), slice(cols.relay), slice(cols.hash), slice(cols.enc), slice(cols.pair), TENANT.id],
      );
    }
    await client.query('VACUUM ANALYZE');
    const { rows } = await client.query<{ live: string; max: number; numbers: string }>(
      `SELECT count(*) AS live, (SELECT max(extension_live) FROM relay_number) AS max,
              count(DISTINCT relay_number_id) AS numbers
         FROM binding WHERE mode = 'extension' AND status = 'active'`,
    );
    const size = await client.query<{ binding: string; participant: string }>(
      `SELECT pg_size_pretty(pg_total_relation_size('binding')) AS binding, pg_size_pretty(pg_total_relation_size('participant')) AS participant`,
    );
    return {
      insertSec,
      calls,
      spare,
      live: Number(rows[0]!.live),
      maxLive: rows[0]!.max,
      numbers: Number(rows[0]!.numbers),
      tableSizes: size.rows[0]!,
    };
  });
  log(
    `  ${fmt.n(seeded.live)} live on ${seeded.numbers} numbers in ${fmt.s(seeded.insertSec)} (binding ${seeded.tableSizes.binding}, participant ${seeded.tableSizes.participant}); ${fmt.n(seeded.calls.length)} courier parcels named`,
  );

  // What each mode needs for LIVE_ORDERS at the defaults (DEFAULT_WINDOW_DAYS 15, QUARANTINE_DAYS 30):
  // orders end at LIVE_ORDERS / 15 a day in steady state, and each ending rests 30 days.
  const restingAtSteadyState = (LIVE_ORDERS / DEFAULT_WINDOW_DAYS) * QUARANTINE_DAYS;
  const sharedC = Math.round(LIVE_ORDERS * BIGGEST_MERCHANT_SHARE);
  const heldPerNumber = (LIVE_ORDERS + restingAtSteadyState) / FULL_NUMBERS;
  const extensionNeeded = Math.max(FULL_NUMBERS, Math.ceil((LIVE_ORDERS + restingAtSteadyState) / CODE_SPACE));

  // Checkout bodies: a new buyer each, one of 100 couriers named, as in the checkout benchmark.
  const random = lcg(17);
  const body = (mode: 'shared' | 'extension', i: number) => ({
    orderId: `${mode}-${i}`,
    buyerPhone: phone('buyer', (mode === 'shared' ? 0 : 100_000) + i),
    mode,
    windowDays: DEFAULT_WINDOW_DAYS,
    counterparts: [{ phone: phone('courier', 5_000 + Math.floor(random() * COUNTERPART_COURIERS)), role: 'courier' }],
  });
  const total = WARMUP_CHECKOUTS + CHECKOUT_ROUNDS * CHECKOUTS_PER_ROUND;
  const files = {
    shared: Array.from({ length: CHECKOUT_ROUNDS }, (_, r) =>
      writeBodies(
        `pool-shared-${r}`,
        Array.from({ length: (r === 0 ? WARMUP_CHECKOUTS : 0) + CHECKOUTS_PER_ROUND }, (_, i) => body('shared', r * total + i)),
      ),
    ),
    extension: Array.from({ length: CHECKOUT_ROUNDS }, (_, r) =>
      writeBodies(
        `pool-extension-${r}`,
        Array.from({ length: (r === 0 ? WARMUP_CHECKOUTS : 0) + CHECKOUTS_PER_ROUND }, (_, i) =>
          body('extension', r * total + i),
        ),
      ),
    ),
  };

  const dataDir = mkdtempSync(join(tmpdir(), 'veil-bench-veil-'));
  const children: Child[] = [];
  try {
    const port = await freePort();
    const veil = await startVeil('veil', port, veilEnv({ port, databaseUrl: db.url, dataDir }));
    children.push(veil);
    const lookup = await startTsChild('baseline (b)', await freePort(), 'bench/baselines/bare-fastify.ts', {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: db.url,
      LOOKUP_HASH_KEY: SECRETS.LOOKUP_HASH_KEY,
      MODE: 'lookup',
    });
    children.push(lookup);
    await sleep(1000);

    // Checkouts: shared and extension in turn, on the same database with its million live orders.
    const checkouts: Record<'shared' | 'extension', LoadResult[]> = { shared: [], extension: [] };
    for (let round = 0; round < CHECKOUT_ROUNDS; round++) {
      for (const mode of ['shared', 'extension'] as const) {
        log(
          `checkout round ${round + 1}/${CHECKOUT_ROUNDS}: ${mode}, ${fmt.n(CHECKOUTS_PER_ROUND)} orders at concurrency ${CONCURRENCY}`,
        );
        const result = await runLoad({
          label: `checkout ${mode} round ${round + 1}`,
          url: veil.url,
          serverPid: veil.pid,
          databaseName: db.localName ?? undefined,
          connections: CONCURRENCY,
          warmupAmount: round === 0 ? WARMUP_CHECKOUTS : undefined,
          amount: CHECKOUTS_PER_ROUND,
          timeoutSec: 60,
          maxSec: 120,
          keepTimes: true,
          requests: {
            kind: 'json',
            path: '/v1/bindings',
            headers: { authorization: `Bearer ${TENANT.apiKey}` },
            bodiesFile: files[mode][round]!,
          },
        });
        log(
          `  ${fmt.n(result.rps)} checkouts/s, p50 ${fmt.ms(result.latencyMs.p50)}, p99 ${fmt.ms(result.latencyMs.p99)}, status ${JSON.stringify(result.statusCodes)}`,
        );
        checkouts[mode].push(result);
      }
    }
    const shared = mergeRuns('checkout shared', checkouts.shared);
    const extension = mergeRuns('checkout extension', checkouts.extension);

    // Calls with digits: the courier's answer to the prompt, against (b) doing the same lookup bare.
    const calls = [...seeded.calls];
    shuffle(calls);
    let seed = 0;
    const routes: Record<'veil' | 'b', LoadResult[]> = { veil: [], b: [] };
    for (let round = 1; round <= ROUTE_ROUNDS; round++) {
      for (const [key, label, target] of [
        ['b', 'baseline (b) Fastify + 1 lookup', lookup],
        ['veil', 'Veil', veil],
      ] as const) {
        await withClient(db.url, (c) => c.query('VACUUM (ANALYZE) participant, binding, call_record, webhook_delivery'));
        const warmupSec = round === 1 ? ROUTE_WARMUP_SEC : 1;
        log(
          `calls with digits, round ${round}/${ROUTE_ROUNDS}: ${label}, ${CONCURRENCY} connections, ${warmupSec} s warm-up + ${ROUTE_ROUND_SEC} s`,
        );
        const result = await runLoad({
          label: `extension calls ${label} round ${round}`,
          url: target.url,
          serverPid: target.pid,
          databaseName: db.localName ?? undefined,
          connections: CONCURRENCY,
          warmupSec,
          durationSec: ROUTE_ROUND_SEC,
          keepTimes: true,
          requests: {
            kind: 'twilio',
            channel: 'voice',
            path: '/webhooks/twilio/voice/extension?attempt=1',
            authToken: SECRETS.TWILIO_AUTH_TOKEN,
            publicBaseUrl: SECRETS.PUBLIC_BASE_URL,
            pairs: calls,
            count: 60_000,
            sidSeed: `x${(++seed).toString(36)}e`,
          },
        });
        log(
          `  ${fmt.n(result.rps)} req/s, p50 ${fmt.ms(result.latencyMs.p50)}, p99 ${fmt.ms(result.latencyMs.p99)}, ` +
            `CPU/request ${fmt.n(result.cpu.serverUsPerRequest)} us server + ${fmt.n(result.cpu.databaseUsPerRequest)} us PostgreSQL, non-2xx ${result.non2xx}`,
        );
        routes[key].push(result);
      }
    }
    const routeVeil = mergeRuns('extension calls Veil', routes.veil);
    const routeB = mergeRuns('extension calls (b)', routes.b);
    const lookupStats = (await (await fetch(`${lookup.url}/stats`)).json()) as { hits: number; misses: number };
    await sleep(500); // the last batch of records
    const after = await withClient(db.url, async (c) => {
      const live = await c.query<{ max: number; on_full: string; on_spare: string }>(
        `SELECT (SELECT max(extension_live) FROM relay_number) AS max,
                count(*) FILTER (WHERE relay_number_id <> ALL($1::uuid[]) AND order_id LIKE 'extension-%') AS on_full,
                count(*) FILTER (WHERE relay_number_id = ANY($1::uuid[])) AS on_spare
           FROM binding WHERE mode = 'extension' AND status = 'active'`,
        [seeded.spare.map((s) => s.id)],
      );
      const outcomes = await c.query<{ outcome: string; n: string }>(
        `SELECT outcome, count(*) AS n FROM call_record GROUP BY outcome`,
      );
      return {
        maxLive: live.rows[0]!.max,
        checkoutsOnFullNumbers: Number(live.rows[0]!.on_full),
        checkoutsOnSpareNumbers: Number(live.rows[0]!.on_spare),
        callOutcomes: Object.fromEntries(outcomes.rows.map((r) => [r.outcome, Number(r.n)])),
      };
    });

    const checkoutRatio = extension.rps / shared.rps;
    const routeRatio = routeVeil.rps / routeB.rps;
    const cpu = (x: LoadResult) =>
      x.cpu.serverUsPerRequest + (Number.isFinite(x.cpu.databaseUsPerRequest) ? x.cpu.databaseUsPerRequest : 0);
    const connected =
      (after.callOutcomes.connected ?? 0) /
      Math.max(
        1,
        Object.values(after.callOutcomes).reduce((a, b) => a + b, 0),
      );
    const checkoutErrors = shared.non2xx + shared.errors + extension.non2xx + extension.errors;
    const rows: Row[] = [
      {
        metric: 'extension: live orders seeded (bulk SQL insert)',
        value: `${fmt.n(seeded.live)} on ${seeded.numbers} numbers at the cap of ${fmt.n(CAP)} (max live ${fmt.n(seeded.maxLive)}), in ${fmt.s(seeded.insertSec)}`,
      },
      {
        metric: `numbers for ${fmt.n(LIVE_ORDERS)} live orders: dedicated`,
        value: `${fmt.n(LIVE_ORDERS)} + ${fmt.n(restingAtSteadyState)} resting in quarantine = ${fmt.n(LIVE_ORDERS + restingAtSteadyState)}`,
      },
      {
        metric: 'numbers: shared (>= C, the busiest phone: a merchant with 30% of orders)',
        value: `>= ${fmt.n(sharedC)} (2C-1 = ${fmt.n(2 * sharedC - 1)} always enough)`,
      },
      {
        metric: 'numbers: extension (ceil(orders / 10,000) plus quarantine)',
        value: `${fmt.n(extensionNeeded)} = ${FULL_NUMBERS} + 0: ${fmt.n(restingAtSteadyState)} resting pairs share the code space (${fmt.n(heldPerNumber)} of ${fmt.n(CODE_SPACE)} held per number)`,
      },
      {
        metric: 'extension checkouts/s (concurrency 32, 1M live)',
        value: `${fmt.n(extension.rps)}, p50 ${fmt.ms(extension.latencyMs.p50)}, p99 ${fmt.ms(extension.latencyMs.p99)}`,
      },
      {
        metric: 'shared checkouts/s (same run, same database)',
        value: `${fmt.n(shared.rps)}, p50 ${fmt.ms(shared.latencyMs.p50)}, p99 ${fmt.ms(shared.latencyMs.p99)}`,
      },
      { metric: 'extension / shared checkouts', value: fmt.ratio(checkoutRatio), target: '>= 1.00x', met: checkoutRatio >= 1 },
      {
        metric: 'checkout CPU us, server + PostgreSQL (shared / extension)',
        value: `${fmt.n(shared.cpu.serverUsPerRequest)}+${fmt.n(shared.cpu.databaseUsPerRequest)} / ${fmt.n(extension.cpu.serverUsPerRequest)}+${fmt.n(extension.cpu.databaseUsPerRequest)}`,
      },
      {
        metric: 'checkout errors; cap held (max live on a number); orders on full numbers',
        value: `${checkoutErrors} ${JSON.stringify({ ...shared.statusCodes, ...extension.statusCodes })}; ${fmt.n(after.maxLive)}; ${after.checkoutsOnFullNumbers}`,
        target: '0; <= 10,000; 0',
        met: checkoutErrors === 0 && after.maxLive <= CAP && after.checkoutsOnFullNumbers === 0,
      },
      {
        metric: 'calls with digits: Veil',
        value: `${fmt.n(routeVeil.rps)} req/s, p50 ${fmt.ms(routeVeil.latencyMs.p50)}, p99 ${fmt.ms(routeVeil.latencyMs.p99)}`,
      },
      {
        metric: 'calls with digits: baseline (b) Fastify + 1 lookup',
        value: `${fmt.n(routeB.rps)} req/s, p50 ${fmt.ms(routeB.latencyMs.p50)}, p99 ${fmt.ms(routeB.latencyMs.p99)}`,
      },
      { metric: 'calls with digits: Veil / (b)', value: fmt.ratio(routeRatio) },
      { metric: 'calls with digits: Veil / (b) by CPU per request', value: fmt.ratio(cpu(routeB) / cpu(routeVeil)) },
      {
        metric: 'calls with digits: connected / non-2xx',
        value: `${(100 * connected).toFixed(1)}% / ${routeVeil.non2xx + routeVeil.errors}`,
        target: '100% / 0',
        met: connected === 1 && routeVeil.non2xx + routeVeil.errors === 0,
      },
    ];
    return {
      rows,
      details: {
        setup: {
          liveOrders: LIVE_ORDERS,
          digits: DIGITS,
          occupancy: OCCUPANCY,
          fullNumbers: FULL_NUMBERS,
          spareNumbers: SPARE_NUMBERS,
          sharedNumbers: SHARED_NUMBERS,
          couriers: COURIERS,
          parcelsPerCourier: PARCELS_PER_COURIER,
          concurrency: CONCURRENCY,
          checkoutsPerRound: CHECKOUTS_PER_ROUND,
          checkoutRounds: CHECKOUT_ROUNDS,
        },
        seeded: { ...seeded, calls: undefined, spare: undefined },
        numbersNeeded: {
          dedicated: LIVE_ORDERS + restingAtSteadyState,
          dedicatedLive: LIVE_ORDERS,
          shared: sharedC,
          extension: extensionNeeded,
          restingAtSteadyState,
        },
        checkout: {
          shared: { ...shared, times: undefined },
          extension: { ...extension, times: undefined },
          ratio: checkoutRatio,
        },
        routing: {
          veil: { ...routeVeil, times: undefined },
          b: { ...routeB, times: undefined },
          ratio: routeRatio,
          baselineLookup: lookupStats,
        },
        after,
      },
    };
  } finally {
    for (const child of children) await child.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function shuffle<T>(items: T[]): void {
  const random = lcg(23);
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
