import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { PoolSimOptions } from './pool.child.js';
import { TSX } from './lib/processes.js';
import { fmt, type BenchContext, type BenchOutcome } from './lib/report.js';
import { ROOT } from './lib/veil.js';
import { extensionPoolBench } from './pool-extension.bench.js';

export interface PoolSimResult {
  orders: number;
  closed: number;
  poolProvisioned: number;
  lowerBoundC: number;
  observedC: number;
  busiestPhoneKind: string;
  courierPeakRange: [number, number];
  peakNumbersInUse: number;
  peakAtHour: number;
  highestRankUsed: number;
  failures: number;
  failureCodes: Record<string, number>;
  dbChecks: number;
  wallSec: number;
  sweepSec: number;
  checkoutSec: number;
  checkoutsPerSec: number;
}

/**
 * Benchmark 3: a simulated day on the shared pool through Veil's own allocation (in a process of its
 * own, Veil's app in-process with a moved clock). How many shared numbers did the day need, against
 * the lower bound C and against 2C-1? Then the extension scenario (pool-extension.bench.ts): a million
 * live orders. VEIL_BENCH_POOL=day or =extension runs one part only.
 */
export async function poolBench(ctx: BenchContext): Promise<BenchOutcome> {
  const only = process.env.VEIL_BENCH_POOL?.trim();
  const day = only === 'extension' ? null : await sharedDay(ctx);
  const extension = only === 'day' ? null : await extensionPoolBench(ctx);
  return {
    rows: [...(day?.rows ?? []), ...(extension?.rows ?? [])],
    details: { ...(day?.details ?? {}), ...(extension ? { extension: extension.details } : {}) },
  };
}

async function sharedDay(ctx: BenchContext): Promise<BenchOutcome> {
  await ctx.db.reset();
  const options: PoolSimOptions = {
    databaseUrl: ctx.db.url,
    orders: 8_000,
    bigMerchantShares: [0.3, 0.15, 0.1],
    smallMerchants: 300,
    couriers: 22,
    repeatBuyers: 2_000,
    repeatShare: 0.2,
    concurrency: 8,
  };
  ctx.log(`a day of ${options.orders} orders: 3 large merchants, ${options.smallMerchants} small, ${options.couriers} couriers`);
  const r = await new Promise<PoolSimResult>((resolve, reject) => {
    const child = fork(join(ROOT, 'bench/pool.child.ts'), [JSON.stringify(options)], { execArgv: ['--import', TSX] });
    let result: PoolSimResult | null = null;
    child.on('message', (m: { progress?: string; result?: PoolSimResult }) => {
      if (m.progress) ctx.log(`  ${m.progress}`);
      if (m.result) result = m.result;
    });
    child.once('exit', (code) => (result ? resolve(result) : reject(new Error(`pool simulation exited with ${code}`))));
  });
  const c = r.lowerBoundC;
  const overC = r.highestRankUsed / c;
  return {
    rows: [
      {
        metric: 'orders in the day (closed early / expired)',
        value: `${fmt.n(r.orders)} (${fmt.n(r.closed)} / ${fmt.n(r.orders - r.closed)})`,
      },
      { metric: `lower bound C (busiest phone: a ${r.busiestPhoneKind})`, value: fmt.n(c) },
      { metric: 'couriers: peak active orders each', value: `${r.courierPeakRange[0]}-${r.courierPeakRange[1]}` },
      { metric: 'shared numbers in use at the peak', value: `${fmt.n(r.peakNumbersInUse)} (at ${r.peakAtHour.toFixed(1)} h)` },
      {
        metric: 'pool needed (highest number used) / C',
        value: `${fmt.n(r.highestRankUsed)} / ${fmt.n(c)} = ${overC.toFixed(3)}`,
        target: '<= 1.05',
        met: overC <= 1.05,
      },
      {
        metric: '2C-1 (any greedy choice fits)',
        value: `${fmt.n(2 * c - 1)} (needed ${((100 * r.highestRankUsed) / (2 * c - 1)).toFixed(0)}% of it)`,
      },
      {
        metric: 'checkouts failed',
        value: `${r.failures} ${JSON.stringify(r.failureCodes)}`,
        target: '0',
        met: r.failures === 0,
      },
      {
        metric: 'simulation time (checkouts / sweeps)',
        value: `${fmt.s(r.wallSec)} (${fmt.s(r.checkoutSec)} / ${fmt.s(r.sweepSec)}), ${fmt.n(r.checkoutsPerSec)} checkouts/s`,
      },
    ],
    details: { options: { ...options, databaseUrl: undefined }, result: r },
  };
}
