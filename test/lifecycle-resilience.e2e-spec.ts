import { BindingRepository } from '../src/bindings/binding.repository.js';
import { PhoneCipher } from '../src/common/phone-cipher.service.js';
import { SweeperJob } from '../src/lifecycle/sweeper.job.js';
import { RoutingRepository } from '../src/routing/routing.repository.js';
import { checkout, createTenant, provisionNumbers, uniquePhone } from './factories/index.js';
import { eventually, lockWaiters } from './support/lock-waits.js';
import { resetDatabase, startTestApp, type TestApp } from './support/test-app.js';
import { postWebhook, smsParams, voiceParams } from './support/twilio-webhooks.js';

const DAY = 86_400_000;

/** The app's log messages (the log lines are JSON). */
function messages(app: TestApp): string[] {
  return app.logs.map((line) => {
    try {
      return String((JSON.parse(line) as { msg?: unknown }).msg ?? line);
    } catch {
      return line;
    }
  });
}

describe('lifecycle: a racing caller, a poisoned row, and the scheduled sweeper', () => {
  let t: TestApp;
  let key: string;
  let sweeper: SweeperJob;

  beforeAll(async () => {
    t = await startTestApp({ QUARANTINE_DAYS: '30', RETENTION_DAYS: '30', REMINDER_DAYS_BEFORE: '3' });
    sweeper = t.app.get(SweeperJob);
  });
  beforeEach(async () => {
    await resetDatabase(t.dataSource);
    key = (await createTenant(t)).apiKey;
  });
  afterAll(() => t.close());

  const activeParties = async (bindingId: string) =>
    (
      await t.dataSource.query(`SELECT role FROM participant WHERE binding_id = $1 AND active ORDER BY role`, [bindingId])
    ).map((r: { role: string }) => r.role);

  it('a stranger looked up while the binding was live is not added once it has ended, whichever connection ends it', async () => {
    await provisionNumbers(t, 'dedicated', 2);
    const routing = t.app.get(RoutingRepository);
    const cipher = t.app.get(PhoneCipher);
    const stranger = uniquePhone();
    const sealed = (relay: string) => ({
      hash: cipher.hash(stranger),
      encrypted: cipher.encrypt(stranger),
      pairHash: cipher.pairHash(relay, stranger),
      masked: '+1 415****0000',
    });

    // 1. Looked up on routing's connection, the binding closed by the API on another, then the insert.
    const first = (await t.request('POST', '/v1/bindings', { token: key, body: checkout() })).body;
    const seen = await routing.lookup(
      first.relayNumber,
      { hash: cipher.hash(stranger), pairHash: cipher.pairHash(first.relayNumber, stranger) },
      t.clock.now(),
      null,
      null,
    );
    expect(seen.facts.dedicatedBinding?.id).toBe(first.id);
    expect((await t.request('POST', `/v1/bindings/${first.id}/close`, { token: key })).body.status).toBe('closed');
    const relayId = seen.facts.relay!.id;
    expect(await routing.addCaller(first.id, relayId, sealed(first.relayNumber), t.clock.now(), true)).toBeNull();
    expect(await activeParties(first.id)).toEqual([]);

    // 2. The close holds the binding's row (another connection, transaction open) when the insert comes:
    // the insert waits for it, then sees the binding ended.
    const second = (await t.request('POST', '/v1/bindings', { token: key, body: checkout() })).body;
    const secondRelayId = (await t.dataSource.query(`SELECT id FROM relay_number WHERE e164 = $1`, [second.relayNumber]))[0].id;
    const closing = t.dataSource.createQueryRunner();
    await closing.connect();
    try {
      await closing.startTransaction();
      await closing.query(`SELECT id FROM binding WHERE id = $1 FOR UPDATE`, [second.id]);
      await t.app.get(BindingRepository).endBindings(closing.manager, [second.id], 'closed', t.clock.now(), 30, 180);
      const insert = routing.addCaller(second.id, secondRelayId, sealed(second.relayNumber), t.clock.now(), true);
      await lockWaiters(t.dataSource, 'INSERT INTO participant', 1);
      await closing.commitTransaction();
      expect(await insert).toBeNull();
    } finally {
      await closing.release();
    }
    expect(await activeParties(second.id)).toEqual([]);

    // Both purge cleanly once due.
    t.clock.advanceDays(31);
    expect(await sweeper.runOnce()).toMatchObject({ purged: 2, skipped: 0 });
  });

  it('the purge ends a party that is still active on an ended binding, and remembers it as a former party', async () => {
    await provisionNumbers(t, 'dedicated', 1);
    const binding = (await t.request('POST', '/v1/bindings', { token: key, body: checkout() })).body;
    await t.request('POST', `/v1/bindings/${binding.id}/close`, { token: key });
    // What the old, unchecked insert left behind: an active caller on the ended binding.
    await t.dataSource.query(
      `INSERT INTO participant (binding_id, relay_number_id, role, phone_hash, phone_enc, pair_hash, phone_masked, active)
       SELECT id, relay_number_id, 'caller', '\\x01', 'v1.k1.x', '\\x02', '+1 415****0000', true FROM binding WHERE id = $1`,
      [binding.id],
    );
    t.clock.advanceDays(31);
    expect(await sweeper.runOnce()).toMatchObject({ purged: 1, skipped: 0 });
    expect(await activeParties(binding.id)).toEqual([]);
    const kept = await t.dataSource.query(`SELECT forget_after FROM former_party WHERE pair_hash = '\\x02'`);
    expect(new Date(kept[0].forget_after).getTime() - new Date(binding.updatedAt).getTime()).toBe(180 * DAY);
  });

  it('a poisoned row fails its batch: it is logged and set aside with backoff, and every other batch and step proceeds', async () => {
    const { id: tenantId } = await createTenant(t, 'bulk');
    const [quarantined, shared] = [await provisionNumbers(t, 'dedicated', 1), await provisionNumbers(t, 'shared', 1)];
    const now = t.clock.now();
    // Due for release, for expiry, for forgetting, for deletion (a record of no binding), and for a reminder.
    await t.dataSource.query(
      `UPDATE relay_number SET status = 'quarantined', quarantine_until = $2 WHERE id = $1`,
      [quarantined[0]!.id, new Date(now.getTime() - DAY)],
    );
    await t.dataSource.query(`INSERT INTO former_party (pair_hash, forget_after) VALUES ('\\xaa', $1)`, [new Date(now.getTime() - DAY)]);
    await t.dataSource.query(
      `INSERT INTO call_record (provider_sid, relay_number, direction, from_role, from_masked, outcome, started_at)
       VALUES ('CAold', '+15550100', 'none', 'stranger', '+1 415****0000', 'not_in_service', $1)`,
      [new Date(now.getTime() - 200 * DAY)],
    );
    await provisionNumbers(t, 'dedicated', 1);
    const reminded = (await t.request('POST', '/v1/bindings', { token: key, body: checkout({ windowDays: 2 }) })).body;
    // 1,500 ended bindings due for the purge (two batches), the oldest of them poisoned, and one due to expire.
    const due = 1500;
    await t.dataSource.query(
      `INSERT INTO binding (tenant_id, order_id, mode, status, relay_number_id, expires_at, window_cap_at, ended_at)
       SELECT $1, CASE WHEN i = 1 THEN 'poison' ELSE 'ended-' || i END, 'shared', 'expired', $2,
              $3::timestamptz + make_interval(secs => i), $3::timestamptz + make_interval(secs => i), $3::timestamptz + make_interval(secs => i)
         FROM generate_series(1, $4::int) i`,
      [tenantId, shared[0]!.id, new Date(now.getTime() - 40 * DAY), due],
    );
    await t.dataSource.query(
      `INSERT INTO binding (tenant_id, order_id, mode, relay_number_id, expires_at, window_cap_at)
       VALUES ($1, 'overdue', 'shared', $2, $3, $3)`,
      [tenantId, shared[0]!.id, new Date(now.getTime() - 1000)],
    );
    const poison = (await t.dataSource.query(`SELECT id FROM binding WHERE order_id = 'poison'`))[0].id as string;
    await t.dataSource.query(`ALTER TABLE binding ADD CONSTRAINT ck_test_poison CHECK (order_id <> 'poison' OR purged_at IS NULL) NOT VALID`);
    const failures = () => messages(t).filter((line) => line.includes(`row ${poison} failed`));
    try {
      const first = await sweeper.runOnce();
      expect(first).toEqual({ expired: 1, released: 1, purged: due - 1, deleted: 0, forgotten: 1, reminded: 1, skipped: 1 });
      expect(failures()).toHaveLength(1);
      expect(failures()[0]).toContain('sweep step purge');
      expect(failures()[0]).toContain('23514 constraint ck_test_poison on binding');
      expect(failures()[0]).toContain(`set aside until ${new Date(now.getTime() + 60_000).toISOString()} (failure 1)`);
      const left = await t.dataSource.query(`SELECT order_id FROM binding WHERE status <> 'active' AND purged_at IS NULL AND order_id <> 'overdue'`);
      expect(left).toEqual([{ order_id: 'poison' }]);
      expect((await t.dataSource.query(`SELECT reminder_sent_at FROM binding WHERE id = $1`, [reminded.id]))[0].reminder_sent_at).not.toBeNull();

      // Set aside: the next sweeps leave it alone until its retry is due, then try once more, backing off.
      expect((await sweeper.runOnce()).skipped).toBe(0);
      expect(failures()).toHaveLength(1);
      t.clock.advanceSeconds(61);
      expect((await sweeper.runOnce()).skipped).toBe(1);
      expect(failures()).toHaveLength(2);
      expect(failures()[1]).toContain('(failure 2)');
      t.clock.advanceSeconds(61);
      expect((await sweeper.runOnce()).skipped).toBe(0);
      expect(failures()).toHaveLength(2);

      // The cause mended: its retry purges it.
      await t.dataSource.query(`ALTER TABLE binding DROP CONSTRAINT ck_test_poison`);
      t.clock.advanceSeconds(61);
      expect(await sweeper.runOnce()).toMatchObject({ purged: 1, skipped: 0 });
    } finally {
      await t.dataSource.query(`ALTER TABLE binding DROP CONSTRAINT IF EXISTS ck_test_poison`);
    }
  });

  it('the scheduled sweeper (SWEEPER_ENABLED=true) runs on its timer, logs a failed step, and keeps going', async () => {
    const timed = await startTestApp({ SWEEPER_ENABLED: 'true', SWEEP_INTERVAL_SECONDS: '1' }, t.clock);
    // Nest's logger is process-wide: the lines of both apps may land in either's log.
    const logged = { some: (match: (line: string) => boolean) => [...messages(t), ...messages(timed)].some(match) };
    const status = async (id: string) => (await t.dataSource.query(`SELECT status FROM binding WHERE id = $1`, [id]))[0].status;
    try {
      await provisionNumbers(t, 'dedicated', 3);
      const first = (await t.request('POST', '/v1/bindings', { token: key, body: checkout({ windowDays: 1 }) })).body;
      t.clock.advanceDays(2);
      // No runOnce(): the timer finds the binding due.
      await eventually(async () => (await status(first.id)) === 'expired', 'the timer to expire the binding');
      await eventually(async () => logged.some((l) => l.includes('sweep: {"expired":1')), 'the sweep to be logged');

      // Steps that cannot run at all (the text records' table is gone) are logged; the other steps of
      // that sweep still run, and the failure says what it did besides.
      const second = (await t.request('POST', '/v1/bindings', { token: key, body: checkout({ windowDays: 1 }) })).body;
      await t.dataSource.query(`ALTER TABLE message_record RENAME TO message_record_away`);
      try {
        t.clock.advanceDays(2);
        await eventually(
          async () => logged.some((l) => l.includes('sweep step delete unbound message_record failed: QueryFailedError 42P01')),
          'the failed step to be logged',
        );
        await eventually(
          async () => logged.some((l) => /^sweep failed: steps failed: .*purge.*; done: \{"expired":1/.test(l)),
          'a failed sweep that still expired the binding',
        );
        expect(await status(second.id)).toBe('expired');
      } finally {
        await t.dataSource.query(`ALTER TABLE message_record_away RENAME TO message_record`);
      }

      // Mended, the timer goes on.
      const third = (await t.request('POST', '/v1/bindings', { token: key, body: checkout({ windowDays: 1 }) })).body;
      expect(third.status).toBe('active');
      t.clock.advanceDays(2);
      await eventually(async () => (await status(third.id)) === 'expired', 'the timer to go on after the failure');
    } finally {
      await timed.close();
    }
  });
});

describe('lifecycle: purge and record retention with RETENTION_DAYS=0', () => {
  let t: TestApp;
  let key: string;
  let sweeper: SweeperJob;
  const PROMOTION = '88 Member Day starts at 0:00! 5000+ big brands 50% off, coupons inside: m.tb.cn/h.5xQ2 Reply TD to unsubscribe';

  beforeAll(async () => {
    t = await startTestApp({ RETENTION_DAYS: '0', QUARANTINE_DAYS: '30', REMINDER_DAYS_BEFORE: '0' });
    sweeper = t.app.get(SweeperJob);
  });
  beforeEach(async () => {
    await resetDatabase(t.dataSource);
    key = (await createTenant(t)).apiKey;
  });
  afterAll(() => t.close());

  const call = async (from: string, relay: string) => postWebhook(t.url, '/webhooks/twilio/voice', voiceParams(from, relay));

  it('a former courier hears "not in service" when the number serves the next order, until FORMER_PARTY_DAYS', async () => {
    await provisionNumbers(t, 'dedicated', 1);
    const courier = uniquePhone();
    const first = (
      await t.request('POST', '/v1/bindings', { token: key, body: checkout({ counterparts: [{ phone: courier, role: 'courier' }] }) })
    ).body;
    await t.request('POST', `/v1/bindings/${first.id}/close`, { token: key });
    t.clock.advanceDays(30);
    // Quarantine over, real numbers purged at once (RETENTION_DAYS=0); the former parties are still known.
    expect(await sweeper.runOnce()).toMatchObject({ released: 1, purged: 1, forgotten: 0 });
    const next = (await t.request('POST', '/v1/bindings', { token: key, body: checkout() })).body;
    expect(next.relayNumber).toBe(first.relayNumber);

    const heard = await call(courier, next.relayNumber);
    expect(heard.verbs).toEqual(['Say', 'Hangup']);
    expect(heard.twiml.Response.Say['#text']).toMatch(/not in service/);
    // A stranger still reaches the new buyer (rule 5): only the former courier is turned away.
    expect((await call(uniquePhone(), next.relayNumber)).verbs).toEqual(['Dial']);

    // Forgotten FORMER_PARTY_DAYS (180) after the end, not before.
    t.clock.advanceDays(149);
    expect((await sweeper.runOnce()).forgotten).toBe(0);
    t.clock.advanceDays(1);
    expect((await sweeper.runOnce()).forgotten).toBe(2);
  });

  it('records stay (masked) after the purge, bodies go; history and charts keep the past; all goes at RECORD_RETENTION_DAYS', async () => {
    await provisionNumbers(t, 'dedicated', 1);
    const courier = uniquePhone();
    const buyer = uniquePhone();
    const order = checkout({ buyerPhone: buyer, counterparts: [{ phone: courier, role: 'courier' }] });
    const binding = (await t.request('POST', '/v1/bindings', { token: key, body: order })).body;
    expect((await call(courier, binding.relayNumber)).verbs).toEqual(['Dial']);
    await postWebhook(t.url, '/webhooks/twilio/sms', smsParams(courier, binding.relayNumber, PROMOTION));
    await t.flushRecords();
    const texts = async () => (await t.admin('GET', `/v1/admin/records?kind=sms`)).body.items;
    expect((await texts())[0]).toMatchObject({ outcome: 'blocked', reason: 'marketing', body: PROMOTION });

    // Ended (two hours on, so that the hourly chart saw it live) but not purged yet: the same order again
    // answers the ended binding, as the contract says.
    t.clock.advanceSeconds(2 * 3600);
    await t.request('POST', `/v1/bindings/${binding.id}/close`, { token: key });
    const replay = await t.request('POST', '/v1/bindings', { token: key, body: order });
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ id: binding.id, status: 'closed' });
    const extend = await t.request('POST', `/v1/bindings/${binding.id}/extend`, { token: key, body: { days: 1 } });
    expect(extend.status).toBe(409);
    expect(extend.body.error).toBe('binding_ended');
    expect(extend.body.message).toMatch(/a new window needs a checkout with a new orderId/);

    // An unreachable sender's keyed hash (a withheld texter's counter) is a hash of a number too.
    await t.dataSource.query(
      `INSERT INTO unreachable_sender (binding_id, pair_hash, created_at) VALUES ($1, '\\x0b', $2)`,
      [binding.id, t.clock.now()],
    );
    expect(await sweeper.runOnce()).toMatchObject({ purged: 1 });
    expect(await t.dataSource.query(`SELECT * FROM unreachable_sender`)).toEqual([]);
    const calls = (await t.admin('GET', `/v1/admin/records?kind=call`)).body.items;
    expect(calls).toEqual([
      expect.objectContaining({ bindingId: binding.id, orderId: order.orderId, outcome: 'connected', fromRole: 'courier' }),
    ]);
    expect(calls[0].fromMasked).toContain('****');
    expect((await texts())[0]).toMatchObject({ bindingId: binding.id, outcome: 'blocked', reason: 'marketing', body: null });
    const overview = (await t.admin('GET', '/v1/admin/overview')).body;
    expect(overview.calls24h.connected).toBe(1);
    expect(overview.texts24h.blocked).toBe(1);
    expect(overview.blockedByReason.marketing).toBe(1);
    expect(overview.history.poolInUse.some((h: { dedicated: number }) => h.dedicated === 1)).toBe(true);

    // Purged: the same order again cannot be compared with its buyer any more, whoever asks.
    for (const body of [order, { ...order, buyerPhone: uniquePhone() }]) {
      const again = await t.request('POST', '/v1/bindings', { token: key, body });
      expect(again.status).toBe(409);
      expect(again.body.error).toBe('binding_purged');
    }

    // RECORD_RETENTION_DAYS (180) after the end: the binding, its parties and its records go.
    t.clock.advanceDays(179);
    expect((await sweeper.runOnce()).deleted).toBe(0);
    t.clock.advanceDays(1);
    expect((await sweeper.runOnce()).deleted).toBe(1);
    const left = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM binding) AS bindings, (SELECT count(*)::int FROM participant) AS parties,
              (SELECT count(*)::int FROM call_record) AS calls, (SELECT count(*)::int FROM message_record) AS texts`,
    );
    expect(left).toEqual([{ bindings: 0, parties: 0, calls: 0, texts: 0 }]);
    // The order id is free again: a checkout of it is a new order.
    const anew = await t.request('POST', '/v1/bindings', { token: key, body: order });
    expect(anew.status).toBe(201);
    expect(anew.body.id).not.toBe(binding.id);
  });
});
