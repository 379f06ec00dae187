import { BindingRepository } from '../src/bindings/binding.repository.js';
import { uniqueViolation } from '../src/common/errors.js';
import { checkout, createTenant, provisionNumbers, uniquePhone } from './factories/index.js';
import { resetDatabase, startTestApp, type TestApp } from './support/test-app.js';

describe('concurrent checkouts', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startTestApp();
    await resetDatabase(t.dataSource);
    key = (await createTenant(t)).apiKey;
  });
  afterAll(() => t.close());

  it('100 parallel shared checkouts never put one phone twice on a number; each answer is 201 or 503', async () => {
    await provisionNumbers(t, 'shared', 10);
    // Four instances: each queues its own checkouts per phone (CheckoutQueue), so across instances the
    // same courier's checkouts race in the database, where the unique routing index and the retry decide.
    const others = await Promise.all([startTestApp(), startTestApp(), startTestApp()]);
    const instances = [t, ...others];
    let conflicts = 0;
    for (const instance of instances) {
      // Counted where the database refuses a pick, to show the race was run, not avoided.
      const repository = instance.app.get(BindingRepository);
      const allocate = repository.allocateAndInsert.bind(repository);
      repository.allocateAndInsert = (input) =>
        allocate(input).catch((error: unknown) => {
          if (uniqueViolation(error) === 'ux_participant_relay_phone_active') conflicts += 1;
          throw error;
        });
    }
    try {
      // Three couriers carry all the orders: each can be active on a number once, so the pool runs out.
      const couriers = [uniquePhone(), uniquePhone(), uniquePhone()];
      const answers = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          instances[i % instances.length]!.request('POST', '/v1/bindings', {
            token: key,
            body: checkout({ mode: 'shared', counterparts: [{ phone: couriers[i % 3], role: 'courier' }] }),
          }),
        ),
      );
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s !== 201 && s !== 503)).toEqual([]);
      // 3 couriers x 10 numbers: exactly 30 orders fit, whatever the interleaving.
      expect(statuses.filter((s) => s === 201)).toHaveLength(30);
      const refused = answers.filter((a) => a.status === 503);
      expect(refused).toHaveLength(70);
      expect(refused.map((a) => a.body.error)).toEqual(Array(70).fill('pool_exhausted'));
      expect(conflicts).toBeGreaterThan(0);

      const duplicates = await t.dataSource.query(
        `SELECT relay_number_id, phone_hash, count(*) FROM participant WHERE active GROUP BY 1, 2 HAVING count(*) > 1`,
      );
      expect(duplicates).toEqual([]);
      const stored = await t.dataSource.query(`SELECT count(*)::int AS n FROM binding WHERE status = 'active'`);
      expect(stored[0].n).toBe(30);
    } finally {
      await Promise.all(others.map((other) => other.close()));
    }
  });

  it('one courier through two instances at once: every order lands, on the first numbers in first-fit order', async () => {
    // Each instance queues its own checkouts per phone; across instances they meet on the unique index and retry.
    const other = await startTestApp();
    try {
      await resetDatabase(t.dataSource);
      key = (await createTenant(t)).apiKey;
      await provisionNumbers(t, 'shared', 30);
      const courier = uniquePhone();
      const answers = await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          (i % 2 === 0 ? t : other).request('POST', '/v1/bindings', {
            token: key,
            body: checkout({ mode: 'shared', counterparts: [{ phone: courier, role: 'courier' }] }),
          }),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(24).fill(201));
      const firstFit = await t.dataSource.query(
        `SELECT e164 FROM relay_number WHERE pool = 'shared' ORDER BY created_at, e164 LIMIT 24`,
      );
      expect(answers.map((a) => a.body.relayNumber).sort()).toEqual(firstFit.map((r: { e164: string }) => r.e164).sort());
    } finally {
      await other.close();
    }
  });

  it('100 parallel dedicated checkouts on 40 numbers: 40 bindings, one per number', async () => {
    await resetDatabase(t.dataSource);
    key = (await createTenant(t)).apiKey;
    await provisionNumbers(t, 'dedicated', 40);
    const answers = await Promise.all(
      Array.from({ length: 100 }, () => t.request('POST', '/v1/bindings', { token: key, body: checkout({ mode: 'dedicated' }) })),
    );
    const created = answers.filter((a) => a.status === 201);
    expect(answers.every((a) => a.status === 201 || a.status === 503)).toBe(true);
    expect(created).toHaveLength(40);
    expect(new Set(created.map((a) => a.body.relayNumber)).size).toBe(40);
  });

  it('20 parallel creates of the same orderId make exactly one binding', async () => {
    await resetDatabase(t.dataSource);
    key = (await createTenant(t)).apiKey;
    await provisionNumbers(t, 'dedicated', 25);
    const body = checkout();
    const answers = await Promise.all(Array.from({ length: 20 }, () => t.request('POST', '/v1/bindings', { token: key, body })));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(19);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    const rows = await t.dataSource.query(`SELECT count(*)::int AS n FROM binding WHERE order_id = $1`, [body.orderId]);
    expect(rows[0].n).toBe(1);
    // The losers' transactions rolled back: only one number left the pool.
    const inUse = await t.dataSource.query(`SELECT count(*)::int AS n FROM relay_number WHERE status = 'in_use'`);
    expect(inUse[0].n).toBe(1);
  });
});
