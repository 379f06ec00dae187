import { BindingService } from '../src/bindings/binding.service.js';
import { LifecycleRepository } from '../src/lifecycle/lifecycle.repository.js';
import { SweeperJob, type SweepResult } from '../src/lifecycle/sweeper.job.js';
import { checkout, createTenant, provisionNumbers, uniquePhone } from './factories/index.js';
import { lockWaiters } from './support/lock-waits.js';
import { resetDatabase, startTestApp, type TestApp } from './support/test-app.js';
import { postWebhook, smsParams, voiceParams } from './support/twilio-webhooks.js';

describe('lifecycle: the sweeper moved by the clock', () => {
  let t: TestApp;
  let key: string;
  let sweeper: SweeperJob;

  beforeAll(async () => {
    t = await startTestApp({ QUARANTINE_DAYS: '30', RETENTION_DAYS: '30', REMINDER_DAYS_BEFORE: '0' });
    sweeper = t.app.get(SweeperJob);
  });
  beforeEach(async () => {
    await resetDatabase(t.dataSource);
    key = (await createTenant(t)).apiKey;
  });
  afterAll(() => t.close());

  const numberState = async (e164: string) =>
    (await t.dataSource.query(`SELECT status, quarantine_until FROM relay_number WHERE e164 = $1`, [e164]))[0];

  it('expires, quarantines, releases and purges in order', async () => {
    await provisionNumbers(t, 'dedicated', 1);
    const courier = uniquePhone();
    const binding = (
      await t.request('POST', '/v1/bindings', {
        token: key,
        body: checkout({ windowDays: 10, counterparts: [{ phone: courier, role: 'courier' }] }),
      })
    ).body;

    t.clock.advanceDays(9);
    expect(await sweeper.runOnce()).toEqual({
      expired: 0,
      released: 0,
      purged: 0,
      deleted: 0,
      forgotten: 0,
      reminded: 0,
      skipped: 0,
    });
    expect((await numberState(binding.relayNumber)).status).toBe('in_use');

    t.clock.advanceDays(1);
    expect((await sweeper.runOnce()).expired).toBe(1);
    const expired = await t.request('GET', `/v1/bindings/${binding.id}`, { token: key });
    expect(expired.body).toMatchObject({ status: 'expired', endedAt: binding.expiresAt, purged: false });
    const quarantined = await numberState(binding.relayNumber);
    expect(quarantined.status).toBe('quarantined');
    expect(new Date(quarantined.quarantine_until).toISOString()).toBe(
      new Date(new Date(binding.expiresAt).getTime() + 30 * 86_400_000).toISOString(),
    );
    // While quarantined, the number is not handed to a new order.
    expect((await t.request('POST', '/v1/bindings', { token: key, body: checkout() })).body.error).toBe('pool_exhausted');
    const kept = await t.dataSource.query(`SELECT count(*)::int AS n FROM former_party`);
    expect(kept[0].n).toBe(2); // the buyer and the courier, as keyed (number, phone) hashes

    t.clock.advanceDays(30);
    const released = await sweeper.runOnce();
    expect(released).toMatchObject({ released: 1, purged: 1 });
    expect((await numberState(binding.relayNumber)).status).toBe('available');
    const participants = await t.dataSource.query(
      `SELECT phone_enc, phone_hash, pair_hash, phone_masked FROM participant WHERE binding_id = $1`,
      [binding.id],
    );
    expect(participants).toHaveLength(2);
    for (const p of participants) {
      expect(p).toMatchObject({
        phone_enc: null,
        phone_hash: null,
        pair_hash: null,
        phone_masked: expect.stringContaining('****'),
      });
    }
    const purged = await t.request('GET', `/v1/bindings/${binding.id}`, { token: key });
    expect(purged.body).toMatchObject({ purged: true, buyerPhoneMasked: binding.buyerPhoneMasked });
    expect(purged.body.counterparts[0].phoneMasked).toBe(binding.counterparts[0].phoneMasked);

    // Former parties are kept FORMER_PARTY_DAYS (180) from the end; the binding goes at RECORD_RETENTION_DAYS (180).
    t.clock.advanceDays(149);
    expect(await sweeper.runOnce()).toMatchObject({ forgotten: 0, deleted: 0 });
    t.clock.advanceDays(1);
    expect(await sweeper.runOnce()).toMatchObject({ forgotten: 2, deleted: 1 });
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM former_party`))[0].n).toBe(0);
    expect((await t.request('GET', `/v1/bindings/${binding.id}`, { token: key })).status).toBe(404);
  });

  it('a closed binding follows the same path from its close', async () => {
    await provisionNumbers(t, 'dedicated', 1);
    const binding = (await t.request('POST', '/v1/bindings', { token: key, body: checkout() })).body;
    await t.request('POST', `/v1/bindings/${binding.id}/close`, { token: key });
    t.clock.advanceDays(30);
    expect(await sweeper.runOnce()).toMatchObject({ expired: 0, released: 1, purged: 1 });
    const next = await t.request('POST', '/v1/bindings', { token: key, body: checkout() });
    expect(next.status).toBe(201);
    expect(next.body.relayNumber).toBe(binding.relayNumber);
  });

  it('deletes the records of no binding (a number not in service) after the records retention', async () => {
    const stranger = uniquePhone();
    const unknown = uniquePhone();
    await postWebhook(t.url, '/webhooks/twilio/voice', voiceParams(stranger, unknown));
    await postWebhook(t.url, '/webhooks/twilio/sms', smsParams(stranger, unknown, 'Hello?'));
    await t.flushRecords();
    const left = async () =>
      (await t.dataSource.query(
        `SELECT (SELECT count(*) FROM call_record WHERE binding_id IS NULL)::int AS calls,
                (SELECT count(*) FROM message_record WHERE binding_id IS NULL)::int AS texts`,
      ))[0];
    expect(await left()).toEqual({ calls: 1, texts: 1 });

    t.clock.advanceDays(179);
    await sweeper.runOnce();
    expect(await left()).toEqual({ calls: 1, texts: 1 });
    t.clock.advanceDays(2);
    await sweeper.runOnce();
    expect(await left()).toEqual({ calls: 0, texts: 0 });
  });

  it('two sweepers at once expire each binding exactly once', async () => {
    await provisionNumbers(t, 'shared', 2);
    const count = 300;
    await Promise.all(
      Array.from({ length: count }, () =>
        t.request('POST', '/v1/bindings', { token: key, body: checkout({ mode: 'shared', windowDays: 1 }) }),
      ),
    );
    t.clock.advanceDays(2);
    // A second application instance on the same database: its own sweeper, its own connections.
    const other = await startTestApp({}, t.clock);
    try {
      const [a, b] = await Promise.all([sweeper.runOnce(), other.app.get(SweeperJob).runOnce()]);
      expect(a.expired + b.expired).toBe(count);
      const states = await t.dataSource.query(`SELECT status, count(*)::int AS n FROM binding GROUP BY status`);
      expect(states).toEqual([{ status: 'expired', n: count }]);
      expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM participant WHERE active`))[0].n).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('several batches in flight in each of two sweepers end and purge every due binding exactly once', async () => {
    const { id: tenantId } = await createTenant(t);
    const numbers = await provisionNumbers(t, 'shared', 3);
    // More than two batches of each sweeper's workers; seeded in SQL, as 2,600 checkouts would take long.
    const count = 2600;
    const expiresAt = new Date(t.clock.now().getTime() + 86_400_000);
    await t.dataSource.query(
      `WITH b AS (
         INSERT INTO binding (tenant_id, order_id, mode, relay_number_id, expires_at, window_cap_at)
         SELECT $1, 'bulk-' || i, 'shared', ($2::uuid[])[1 + i % 3], $3::timestamptz - make_interval(secs => i % 7), $3
           FROM generate_series(1, $4::int) i
         RETURNING id, relay_number_id, order_id)
       , p AS (
         INSERT INTO participant (binding_id, relay_number_id, role, phone_hash, phone_enc, pair_hash, phone_masked)
         SELECT b.id, b.relay_number_id, r.role, sha256(convert_to(r.role || b.order_id, 'UTF8')), 'v1.k1.x',
                sha256(convert_to(b.relay_number_id::text || r.role || b.order_id, 'UTF8')), '+1 415****0000'
           FROM b CROSS JOIN (VALUES ('buyer'), ('courier')) AS r(role))
       INSERT INTO call_record (provider_sid, binding_id, tenant_id, relay_number, direction, from_role, from_masked, outcome, started_at)
       SELECT 'CA' || b.id, b.id, $1, '+15550100', 'to_buyer', 'courier', '+1 415****0000', 'connected', now() FROM b`,
      [tenantId, numbers.map((n) => n.id), expiresAt, count],
    );
    const other = await startTestApp({ QUARANTINE_DAYS: '30', RETENTION_DAYS: '30' }, t.clock);
    // Each sweeper's own batches, counted where they start: how many at once, and how many rows each did.
    const apps = [t, other];
    // The sweepers run their steps independently: one may reach a step a whole batch ahead of the other
    // (a slower step before it, a pool still opening connections) and take all its rows. So the first
    // batches of the step under test meet: all four (two workers each) wait for each other here, then
    // queue in the database behind a lock on `binding` held by the test until all four are there.
    let meeting: { method: string; arrived: number; all: () => void; open: Promise<void> } | null = null;
    const meet = async (method: string, statement: string, sweeps: () => Promise<SweepResult[]>): Promise<SweepResult[]> => {
      let all!: () => void;
      let open!: () => void;
      const arrived = new Promise<void>((resolve) => (all = resolve));
      meeting = { method, arrived: 0, all, open: new Promise<void>((resolve) => (open = resolve)) };
      const gate = t.dataSource.createQueryRunner();
      await gate.connect();
      try {
        const running = sweeps();
        await Promise.race([
          arrived,
          running.then(() => Promise.reject(new Error(`the sweeps ended before four ${method} batches met`))),
        ]);
        await gate.startTransaction();
        await gate.query(`LOCK TABLE binding IN EXCLUSIVE MODE`);
        open();
        await lockWaiters(t.dataSource, statement, 4);
        await gate.commitTransaction();
        return await running;
      } finally {
        meeting = null;
        if (gate.isTransactionActive) await gate.rollbackTransaction();
        await gate.release();
      }
    };
    const watch = (target: object, method: string) =>
      apps.map((app) => {
        const service = app.app.get(target as never) as Record<string, (...args: unknown[]) => Promise<number>>;
        const original = service[method]!.bind(service);
        const seen = { inFlight: 0, most: 0, rows: 0 };
        service[method] = async (...args: unknown[]) => {
          const gate = meeting;
          if (gate?.method === method && gate.arrived < 4) {
            gate.arrived += 1;
            if (gate.arrived === 4) gate.all();
            await gate.open;
          }
          seen.inFlight += 1;
          seen.most = Math.max(seen.most, seen.inFlight);
          try {
            const rows = await original(...args);
            seen.rows += rows;
            return rows;
          } finally {
            seen.inFlight -= 1;
          }
        };
        return seen;
      });
    const expiring = watch(BindingService, 'expireDue');
    const purging = watch(LifecycleRepository, 'purgeEnded');
    const deleting = watch(LifecycleRepository, 'deleteEnded');
    try {
      const sweepBoth = () => Promise.all([sweeper.runOnce(), other.app.get(SweeperJob).runOnce()]);
      t.clock.advanceDays(2);
      const [a, b] = await meet('expireDue', 'WITH ended AS (', sweepBoth);
      expect(a.expired + b.expired).toBe(count);
      // Per sweeper: two batches in flight at once, real work done, and its result is its own batches' sum.
      for (const [i, result] of [a, b].entries()) {
        expect(expiring[i]!.most).toBe(2);
        expect(result.expired).toBeGreaterThan(0);
        expect(result.expired).toBe(expiring[i]!.rows);
      }
      const ended = await t.dataSource.query(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE ended_at = expires_at)::int AS at_expiry FROM binding WHERE status = 'expired'`,
      );
      expect(ended).toEqual([{ n: count, at_expiry: count }]);
      expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM participant WHERE active`))[0].n).toBe(0);
      expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM former_party`))[0].n).toBe(2 * count);
      expect((await sweepBoth()).map((r) => r.expired)).toEqual([0, 0]);

      t.clock.advanceDays(30);
      const [c, d] = await meet('purgeEnded', 'WITH due AS (', sweepBoth);
      expect(c.purged + d.purged).toBe(count);
      for (const [i, result] of [c, d].entries()) {
        expect(purging[i]!.most).toBe(2);
        expect(result.purged).toBeGreaterThan(0);
        expect(result.purged).toBe(purging[i]!.rows);
      }
      const left = async () =>
        (await t.dataSource.query(
          `SELECT (SELECT count(*)::int FROM binding) AS bindings,
                  (SELECT count(*)::int FROM binding WHERE purged_at IS NULL) AS unpurged,
                  (SELECT count(*)::int FROM participant WHERE phone_enc IS NOT NULL OR phone_hash IS NOT NULL) AS phones,
                  (SELECT count(*)::int FROM call_record) AS records`,
        ))[0];
      // The real numbers are gone; the masked records stay for history.
      expect(await left()).toEqual({ bindings: count, unpurged: 0, phones: 0, records: count });

      t.clock.advanceDays(150);
      const [e, f] = await meet('deleteEnded', 'SELECT id FROM binding', sweepBoth);
      expect(e.forgotten + f.forgotten).toBe(2 * count);
      expect(e.deleted + f.deleted).toBe(count);
      for (const [i, result] of [e, f].entries()) {
        expect(deleting[i]!.most).toBe(2);
        expect(result.deleted).toBeGreaterThan(0);
        expect(result.deleted).toBe(deleting[i]!.rows);
      }
      expect(await left()).toEqual({ bindings: 0, unpurged: 0, phones: 0, records: 0 });
    } finally {
      await other.close();
    }
  });
});
