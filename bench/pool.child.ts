import { Writable } from 'node:stream';
import pg from 'pg';
import type { BindingService as BindingServiceType } from '../src/bindings/binding.service.js';
import type { SweeperJob as SweeperJobType } from '../src/lifecycle/sweeper.job.js';
import { lcg } from './lib/random.js';
import { kindOf, phone } from './lib/phones.js';
import { seedRelayNumbers, seedTenant } from './lib/seed.js';
import { importDist, TENANT, veilConfig, veilEnv } from './lib/veil.js';

/**
 * Benchmark 3, in a process of its own: one simulated day of shared-pool checkouts through Veil's own
 * BindingService (the real allocation SQL on PostgreSQL), with time moved by an injected clock so that
 * bindings expire and the sweeper ends them. Sends its findings to the parent.
 */
const DAY_MINUTES = 24 * 60;
const START = Date.parse('2026-12-01T00:00:00.000Z');
// Orders per hour of the day, relative: quiet night, lunch and evening peaks.
const HOURLY = [
  0.15, 0.1, 0.1, 0.1, 0.1, 0.2, 0.4, 0.7, 0.9, 1.0, 1.2, 1.6, 1.7, 1.3, 1.0, 0.9, 1.0, 1.3, 1.7, 1.9, 1.8, 1.3, 0.8, 0.4,
];

export interface PoolSimOptions {
  databaseUrl: string;
  orders: number;
  bigMerchantShares: number[];
  smallMerchants: number;
  couriers: number;
  repeatBuyers: number;
  repeatShare: number;
  concurrency: number;
}

interface PlannedOrder {
  i: number;
  minute: number;
  buyer: string;
  merchant: string;
  courier: string;
  /** Minutes from the start of the day. */
  expiresAt: number;
  closeAt: number | null;
}

function plan(o: PoolSimOptions): PlannedOrder[] {
  const random = lcg(11);
  const pick = (weights: number[], total: number) => {
    let x = random() * total;
    for (let k = 0; k < weights.length; k++) if ((x -= weights[k]!) < 0) return k;
    return weights.length - 1;
  };
  const smallShare = 1 - o.bigMerchantShares.reduce((a, b) => a + b, 0);
  const smallWeights = Array.from({ length: o.smallMerchants }, (_, k) => 1 / (k + 10));
  const smallTotal = smallWeights.reduce((a, b) => a + b, 0);
  const merchantWeights = [...o.bigMerchantShares, ...smallWeights.map((w) => (smallShare * w) / smallTotal)];
  const courierWeights = Array.from({ length: o.couriers }, () => 50 + random() * 250);
  const courierTotal = courierWeights.reduce((a, b) => a + b, 0);
  const hourlyTotal = HOURLY.reduce((a, b) => a + b, 0);
  const orders: PlannedOrder[] = [];
  HOURLY.forEach((share, hour) => {
    const count = Math.round((o.orders * share) / hourlyTotal);
    for (let k = 0; k < count; k++) {
      const i = orders.length;
      const minute = hour * 60 + Math.floor(random() * 60);
      const repeat = random() < o.repeatShare;
      const fate = random();
      // 15% cancelled within the hour; the rest delivered, with an after-sales window of 6-14 hours,
      // of which a fifth are closed early (receipt confirmed) 2-6 hours in.
      const expiresAt = minute + 360 + Math.floor(random() * 480);
      const closeAt =
        fate < 0.15 ? minute + 5 + Math.floor(random() * 55) : fate < 0.32 ? minute + 120 + Math.floor(random() * 240) : null;
      orders.push({
        i,
        minute,
        buyer: repeat ? phone('buyer', Math.floor(random() * o.repeatBuyers)) : phone('buyer', o.repeatBuyers + i),
        merchant: phone('merchant', pick(merchantWeights, 1)),
        courier: phone('courier', pick(courierWeights, courierTotal)),
        expiresAt,
        closeAt: closeAt !== null && closeAt < expiresAt ? closeAt : null,
      });
    }
  });
  orders.sort((a, b) => a.minute - b.minute || a.i - b.i);
  return orders;
}

/** The lower bound C from the plan itself: the most bindings any one phone has active at once. */
function lowerBound(orders: PlannedOrder[]): { c: number; phone: string; perCourierPeak: number[] } {
  const events: { at: number; delta: number; phones: string[] }[] = [];
  for (const order of orders) {
    const phones = [order.buyer, order.merchant, order.courier];
    events.push({ at: order.minute, delta: 1, phones }, { at: order.closeAt ?? order.expiresAt, delta: -1, phones });
  }
  // Ends before starts at the same minute: a binding that ended frees its phones for the next.
  events.sort((a, b) => a.at - b.at || a.delta - b.delta);
  const active = new Map<string, number>();
  const peak = new Map<string, number>();
  for (const e of events) {
    for (const p of e.phones) {
      const n = (active.get(p) ?? 0) + e.delta;
      active.set(p, n);
      if (n > (peak.get(p) ?? 0)) peak.set(p, n);
    }
  }
  let c = 0;
  let top = '';
  for (const [p, n] of peak) if (n > c) [c, top] = [n, p];
  const perCourierPeak = [...peak.entries()]
    .filter(([p]) => kindOf(p) === 'courier')
    .map(([, n]) => n)
    .sort((a, b) => a - b);
  return { c, phone: top, perCourierPeak };
}

async function main(o: PoolSimOptions): Promise<void> {
  const orders = plan(o);
  const bound = lowerBound(orders);
  process.send!({
    progress: `${orders.length} orders planned; C = ${bound.c} (a ${kindOf(bound.phone)}), couriers peak at ${bound.perCourierPeak[0]}-${bound.perCourierPeak.at(-1)}`,
  });
  const poolSize = Math.max(2 * bound.c - 1, bound.c + 200);
  const client = new pg.Client({ connectionString: o.databaseUrl });
  await client.connect();
  await seedTenant(client);
  const relays = await seedRelayNumbers(client, { count: poolSize, pool: 'shared', at: new Date(START - 86_400_000) });
  await client.query('ANALYZE');
  const rank = new Map(relays.map((r, k) => [r.e164, k + 1]));

  const { Clock } = await importDist<typeof import('../src/common/clock.js')>('common/clock.js');
  class SimClock extends Clock {
    at = START;
    now(): Date {
      return new Date(this.at);
    }
  }
  const clock = new SimClock();
  const { createVeilApp } = await importDist<typeof import('../src/app.factory.js')>('app.factory.js');
  const { BindingService } = await importDist<typeof import('../src/bindings/binding.service.js')>('bindings/binding.service.js');
  const { SweeperJob } = await importDist<typeof import('../src/lifecycle/sweeper.job.js')>('lifecycle/sweeper.job.js');
  const config = await veilConfig(veilEnv({ port: 0, databaseUrl: o.databaseUrl, dataDir: '/tmp' }));
  const silent = new Writable({ write: (_c, _e, done) => done() });
  const app = await createVeilApp({ config, databaseUrl: o.databaseUrl, clock, logStream: silent });
  await app.init();
  const bindings = app.get(BindingService) as BindingServiceType;
  const sweeper = app.get(SweeperJob) as SweeperJobType;

  // What the allocator sees: bindings active in the database (ended by a close, or by the sweeper).
  const live = new Map<number, { id: string; relay: string; order: PlannedOrder }>();
  const perNumber = new Map<string, number>();
  const perPhone = new Map<string, number>();
  let peakInUse = 0;
  let peakInUseAt = 0;
  let highestRank = 0;
  let observedC = 0;
  let failures = 0;
  const failureCodes: Record<string, number> = {};
  const end = (i: number) => {
    const b = live.get(i);
    if (!b) return;
    live.delete(i);
    const left = perNumber.get(b.relay)! - 1;
    if (left === 0) perNumber.delete(b.relay);
    else perNumber.set(b.relay, left);
    for (const p of [b.order.buyer, b.order.merchant, b.order.courier]) perPhone.set(p, perPhone.get(p)! - 1);
  };
  const byMinute = new Map<number, PlannedOrder[]>();
  const closesByMinute = new Map<number, PlannedOrder[]>();
  for (const order of orders) {
    byMinute.set(order.minute, [...(byMinute.get(order.minute) ?? []), order]);
    if (order.closeAt !== null) closesByMinute.set(order.closeAt, [...(closesByMinute.get(order.closeAt) ?? []), order]);
  }
  const inParallel = async <T>(items: T[], work: (item: T) => Promise<void>) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(o.concurrency, items.length) }, async () => {
        while (next < items.length) await work(items[next++]!);
      }),
    );
  };

  const started = Date.now();
  let sweepMs = 0;
  let checkoutMs = 0;
  let dbChecks = 0;
  for (let minute = 0; minute < DAY_MINUTES; minute++) {
    clock.at = START + minute * 60_000;
    const t0 = Date.now();
    const swept = await sweeper.runOnce();
    sweepMs += Date.now() - t0;
    if (swept.expired > 0) for (const [i, b] of live) if (b.order.expiresAt <= minute) end(i);
    await inParallel(closesByMinute.get(minute) ?? [], async (order) => {
      const b = live.get(order.i);
      if (!b) return;
      await bindings.close(TENANT.id, b.id);
      end(order.i);
    });
    const t1 = Date.now();
    await inParallel(byMinute.get(minute) ?? [], async (order) => {
      try {
        const { binding } = await bindings.create(TENANT.id, {
          orderId: `day-${order.i}`,
          buyerPhone: order.buyer,
          mode: 'shared',
          afterSalesEndsAt: new Date(START + order.expiresAt * 60_000).toISOString(),
          counterparts: [
            { phone: order.merchant, role: 'merchant' },
            { phone: order.courier, role: 'courier' },
          ],
        });
        live.set(order.i, { id: binding.id, relay: binding.relayNumber, order });
        perNumber.set(binding.relayNumber, (perNumber.get(binding.relayNumber) ?? 0) + 1);
        highestRank = Math.max(highestRank, rank.get(binding.relayNumber)!);
        for (const p of [order.buyer, order.merchant, order.courier]) {
          const n = (perPhone.get(p) ?? 0) + 1;
          perPhone.set(p, n);
          observedC = Math.max(observedC, n);
        }
      } catch (error) {
        failures++;
        const code = (error as { code?: string }).code ?? (error as Error).name;
        failureCodes[code] = (failureCodes[code] ?? 0) + 1;
      }
    });
    checkoutMs += Date.now() - t1;
    if (perNumber.size > peakInUse) [peakInUse, peakInUseAt] = [perNumber.size, minute];
    // Now and then, the database's own count agrees with the bookkeeping.
    if (minute % 120 === 119) {
      const { rows } = await client.query<{ n: string }>(
        `SELECT count(DISTINCT relay_number_id) AS n FROM binding WHERE status = 'active' AND mode = 'shared'`,
      );
      if (Number(rows[0]!.n) !== perNumber.size)
        throw new Error(`numbers in use: database ${rows[0]!.n}, bookkeeping ${perNumber.size}`);
      dbChecks++;
      process.send!({
        progress: `simulated ${(minute + 1) / 60} h: ${live.size} active bindings on ${perNumber.size} numbers, highest #${highestRank}`,
      });
    }
  }
  const wallSec = (Date.now() - started) / 1000;
  await app.close();
  await client.end();
  process.send!({
    result: {
      orders: orders.length,
      closed: orders.filter((x) => x.closeAt !== null).length,
      poolProvisioned: poolSize,
      lowerBoundC: bound.c,
      observedC,
      busiestPhoneKind: kindOf(bound.phone),
      courierPeakRange: [bound.perCourierPeak[0], bound.perCourierPeak.at(-1)],
      peakNumbersInUse: peakInUse,
      peakAtHour: peakInUseAt / 60,
      highestRankUsed: highestRank,
      failures,
      failureCodes,
      dbChecks,
      wallSec,
      sweepSec: sweepMs / 1000,
      checkoutSec: checkoutMs / 1000,
      checkoutsPerSec: orders.length / (checkoutMs / 1000),
    },
  });
}

const options = JSON.parse(process.argv[2]!) as PoolSimOptions;
main(options).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
