import { SweeperJob } from '../src/lifecycle/sweeper.job.js';
import { checkout, createTenant, provisionNumbers, uniquePhone } from './factories/index.js';
import { resetDatabase, startTestApp, type TestApp } from './support/test-app.js';
import { TestClock } from './support/test-clock.js';

describe('two Veil instances on one database', () => {
  let a: TestApp;
  let b: TestApp;
  const clock = new TestClock();

  beforeAll(async () => {
    const env = { REMINDER_DAYS_BEFORE: '2', QUARANTINE_DAYS: '5', RETENTION_DAYS: '5' };
    a = await startTestApp(env, clock);
    b = await startTestApp(env, clock);
    await resetDatabase(a.dataSource);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('agree on checkouts, reminders, expiry and purge while both serve and sweep', async () => {
    const { apiKey } = await createTenant(a);
    await provisionNumbers(a, 'dedicated', 30);
    await provisionNumbers(b, 'shared', 8);
    const couriers = Array.from({ length: 4 }, () => uniquePhone());

    // 120 orders, each sent to both instances at once (a client retrying on another instance), mixed pools.
    const orders = Array.from({ length: 120 }, (_, i) =>
      checkout({
        mode: i % 3 === 0 ? 'dedicated' : 'shared',
        windowDays: 5,
        counterparts: [{ phone: couriers[i % couriers.length], role: 'courier' }],
      }),
    );
    const answers = await Promise.all(
      orders.flatMap((body) => [a, b].map((app) => app.request('POST', '/v1/bindings', { token: apiKey, body }))),
    );
    expect(answers.filter((r) => ![200, 201, 503].includes(r.status))).toEqual([]);
    const byOrder = new Map<string, Set<string>>();
    answers.forEach((r, i) => {
      if (r.status === 503) return;
      const orderId = orders[Math.floor(i / 2)]!.orderId as string;
      byOrder.set(orderId, (byOrder.get(orderId) ?? new Set()).add(r.body.id));
    });
    // Each order has one binding, whichever instance answered.
    for (const ids of byOrder.values()) expect(ids.size).toBe(1);
    const db = a.dataSource;
    const [{ n: stored }] = await db.query(`SELECT count(*)::int AS n FROM binding`);
    expect(stored).toBe(byOrder.size);
    expect(
      await db.query(`SELECT relay_number_id, phone_hash FROM participant WHERE active GROUP BY 1, 2 HAVING count(*) > 1`),
    ).toEqual([]);
    expect(
      await db.query(
        `SELECT relay_number_id FROM binding WHERE status = 'active' AND mode = 'dedicated' GROUP BY 1 HAVING count(*) > 1`,
      ),
    ).toEqual([]);
    // 4 couriers on 8 shared numbers: exactly 8 shared orders per courier fit; dedicated: 30 numbers, 40 orders.
    const [{ n: shared }] = await db.query(`SELECT count(*)::int AS n FROM binding WHERE mode = 'shared'`);
    const [{ n: dedicated }] = await db.query(`SELECT count(*)::int AS n FROM binding WHERE mode = 'dedicated'`);
    expect(shared).toBe(32);
    expect(dedicated).toBe(30);

    const sweepBoth = async () => {
      const [ra, rb] = await Promise.all([a.app.get(SweeperJob).runOnce(), b.app.get(SweeperJob).runOnce()]);
      return {
        expired: ra.expired + rb.expired,
        reminded: ra.reminded + rb.reminded,
        purged: ra.purged + rb.purged,
        released: ra.released + rb.released,
      };
    };

    clock.advanceDays(3.5);
    expect((await sweepBoth()).reminded).toBe(62);
    expect((await sweepBoth()).reminded).toBe(0);
    const [{ n: reminders }] = await db.query(`SELECT count(*)::int AS n FROM message_record WHERE reason = 'reminder'`);
    expect(reminders).toBe(62);

    // Expiry while both instances serve a second wave of orders for the same couriers: the sweeps and
    // the checkouts really overlap (each sweep notes how many checkouts were still waiting when it ended).
    clock.advanceDays(2);
    const wave = Array.from({ length: 120 }, (_, i) =>
      checkout({
        mode: i % 3 === 0 ? 'dedicated' : 'shared',
        windowDays: 5,
        counterparts: [{ phone: couriers[i % couriers.length], role: 'courier' }],
      }),
    );
    let waiting = wave.length * 2;
    const waitingWhenSweepsEnded: number[] = [];
    let expired = 0;
    const serving = Promise.all(
      wave.flatMap((body) =>
        [a, b].map((app) =>
          app.request('POST', '/v1/bindings', { token: apiKey, body }).finally(() => {
            waiting -= 1;
          }),
        ),
      ),
    );
    while (waiting > 0) {
      const swept = await sweepBoth();
      expired += swept.expired;
      waitingWhenSweepsEnded.push(waiting);
    }
    const served = await serving;
    expect(waitingWhenSweepsEnded.some((n) => n > 0)).toBe(true);
    expect(served.filter((r) => ![200, 201, 503].includes(r.status))).toEqual([]);
    expired += (await sweepBoth()).expired;
    expect(expired).toBe(62);
    expect((await sweepBoth()).expired).toBe(0);
    const [{ n: quarantined }] = await db.query(`SELECT count(*)::int AS n FROM relay_number WHERE status = 'quarantined'`);
    expect(quarantined).toBe(30);
    // Whatever interleaving: one binding per order, no phone twice on a number, one binding per dedicated number.
    const waveIds = new Map<string, Set<string>>();
    served.forEach((r, i) => {
      if (r.status === 503) return;
      const orderId = wave[Math.floor(i / 2)]!.orderId as string;
      waveIds.set(orderId, (waveIds.get(orderId) ?? new Set()).add(r.body.id));
    });
    for (const ids of waveIds.values()) expect(ids.size).toBe(1);
    expect(
      await db.query(`SELECT relay_number_id, phone_hash FROM participant WHERE active GROUP BY 1, 2 HAVING count(*) > 1`),
    ).toEqual([]);
    // The orders refused while the old bindings were still being expired fit now: the couriers are free
    // on all 8 shared numbers again (4 x 8 = 32), and every dedicated number rests in quarantine.
    const retried = await Promise.all(
      wave.filter((body) => !waveIds.has(body.orderId as string)).map((body) => b.request('POST', '/v1/bindings', { token: apiKey, body })),
    );
    expect(retried.filter((r) => ![201, 503].includes(r.status))).toEqual([]);
    const [{ n: sharedNow }] = await db.query(
      `SELECT count(*)::int AS n FROM binding WHERE mode = 'shared' AND status = 'active' AND order_id = ANY($1)`,
      [wave.map((body) => body.orderId)],
    );
    expect(sharedNow).toBe(32);
    const [{ n: dedicatedNow }] = await db.query(
      `SELECT count(*)::int AS n FROM binding WHERE mode = 'dedicated' AND order_id = ANY($1)`,
      [wave.map((body) => body.orderId)],
    );
    expect(dedicatedNow).toBe(0);

    // Six days on: the first orders' numbers come back and their real numbers go; the wave has expired.
    clock.advanceDays(6);
    const later = await sweepBoth();
    expect(later).toMatchObject({ released: 30, purged: 62, expired: 32 });
    const [{ n: leftover }] = await db.query(
      `SELECT count(*)::int AS n FROM participant p JOIN binding b ON b.id = p.binding_id
        WHERE p.phone_enc IS NOT NULL AND NOT (b.order_id = ANY($1))`,
      [wave.map((body) => body.orderId)],
    );
    expect(leftover).toBe(0);
  });
});
