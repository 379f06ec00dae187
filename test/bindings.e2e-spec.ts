import { checkout, createTenant, provisionNumbers, uniqueOrderId, uniquePhone } from './factories/index.js';
import { resetDatabase, startTestApp, type TestApp } from './support/test-app.js';
import { postWebhook, voiceParams } from './support/twilio-webhooks.js';

describe('tenant API: bindings', () => {
  let t: TestApp;
  let key: string;
  let otherKey: string;

  beforeAll(async () => {
    t = await startTestApp({ DEFAULT_WINDOW_DAYS: '15', MAX_WINDOW_DAYS: '60' });
    await resetDatabase(t.dataSource);
    key = (await createTenant(t, 'shop-a')).apiKey;
    otherKey = (await createTenant(t, 'shop-b')).apiKey;
    await provisionNumbers(t, 'dedicated', 30);
    await provisionNumbers(t, 'shared', 3);
  });
  afterAll(() => t.close());

  const post = (path: string, body: unknown, token: string | null = key) => t.request('POST', path, { token, body });

  describe('POST /v1/bindings', () => {
    it('creates a dedicated binding with masked numbers and the default window', async () => {
      const merchant = uniquePhone();
      const answer = await post(
        '/v1/bindings',
        checkout({ buyerPhone: '+14155552671', counterparts: [{ phone: merchant, role: 'merchant' }] }),
      );
      expect(answer.status).toBe(201);
      expect(answer.body).toMatchObject({
        mode: 'dedicated',
        status: 'active',
        buyerPhoneMasked: '+1 415****2671',
        marketingConsent: false,
        counterparts: [{ role: 'merchant', phoneMasked: `+1 ${merchant.slice(2, 5)}****${merchant.slice(-4)}` }],
      });
      expect(answer.body.relayNumber).toMatch(/^\+1\d{3}55501\d\d$/);
      expect(new Date(answer.body.expiresAt).getTime() - t.clock.now().getTime()).toBe(15 * 86_400_000);
    });

    it('is idempotent on orderId for the same buyer (200, same binding) and refuses another buyer (409)', async () => {
      const body = checkout();
      const first = await post('/v1/bindings', body);
      const again = await post('/v1/bindings', body);
      expect(first.status).toBe(201);
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(first.body.id);
      const other = await post('/v1/bindings', { ...body, buyerPhone: uniquePhone() });
      expect(other.status).toBe(409);
      expect(other.body.error).toBe('order_conflict');
    });

    it('lets two tenants use the same orderId independently', async () => {
      const body = checkout();
      const a = await post('/v1/bindings', body, key);
      const b = await post('/v1/bindings', body, otherKey);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(a.body.id).not.toBe(b.body.id);
    });

    it('normalises national numbers given a country, and takes afterSalesEndsAt', async () => {
      const ends = new Date(t.clock.now().getTime() + 5_000).toISOString();
      const answer = await post(
        '/v1/bindings',
        checkout({ buyerPhone: '(415) 555-2672', country: 'US', afterSalesEndsAt: ends, mode: 'shared' }),
      );
      expect(answer.status).toBe(201);
      expect(answer.body).toMatchObject({ mode: 'shared', buyerPhoneMasked: '+1 415****2672', expiresAt: ends });
    });

    it.each([
      ['a missing buyerPhone', { orderId: 'X1' }, 'buyerPhone'],
      ['a national number without country', { orderId: 'X2', buyerPhone: '4155552671' }, 'buyerPhone'],
      ['an impossible number', { orderId: 'X3', buyerPhone: '+1415' }, 'buyerPhone'],
      ['a premium-rate number', { orderId: 'X4', buyerPhone: '+19005551234' }, 'buyerPhone'],
      ['an empty orderId', { orderId: '', buyerPhone: '+14155552671' }, 'orderId'],
      ['a 129-character orderId', { orderId: 'x'.repeat(129), buyerPhone: '+14155552671' }, 'orderId'],
      ['a control character in orderId', { orderId: 'A\u0007B', buyerPhone: '+14155552671' }, 'orderId'],
      ['an unknown mode', { orderId: 'X5', buyerPhone: '+14155552671', mode: 'axyb' }, 'mode'],
      ['an unknown field', { orderId: 'X6', buyerPhone: '+14155552671', email: 'a@b.c' }, 'email'],
      [
        'a past afterSalesEndsAt',
        { orderId: 'X7', buyerPhone: '+14155552671', afterSalesEndsAt: '2020-01-01T00:00:00Z' },
        'afterSalesEndsAt',
      ],
      ['a window past the cap', { orderId: 'X8', buyerPhone: '+14155552671', windowDays: 61 }, 'windowDays'],
      [
        'both afterSalesEndsAt and windowDays',
        { orderId: 'X9', buyerPhone: '+14155552671', windowDays: 3, afterSalesEndsAt: '2030-01-01T00:00:00Z' },
        'windowDays',
      ],
      [
        'a counterpart with a bad role',
        { orderId: 'X10', buyerPhone: '+14155552671', counterparts: [{ phone: '+12125550000', role: 'boss' }] },
        'counterparts[0].role',
      ],
      [
        'the buyer as counterpart',
        { orderId: 'X11', buyerPhone: '+14155552671', counterparts: [{ phone: '+14155552671', role: 'courier' }] },
        'counterparts[0].phone',
      ],
      [
        'a string for marketingConsent',
        { orderId: 'X12', buyerPhone: '+14155552671', marketingConsent: 'yes' },
        'marketingConsent',
      ],
    ])('refuses %s with 400 validation_failed naming the field', async (_name, body, field) => {
      const answer = await post('/v1/bindings', body);
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe('validation_failed');
      expect(answer.body.details.map((d: { field: string }) => d.field)).toContain(field);
      const stored = await t.dataSource.query(`SELECT count(*)::int AS n FROM binding WHERE order_id = $1`, [
        (body as { orderId: string }).orderId,
      ]);
      expect(stored[0].n).toBe(0);
    });

    it('answers malformed JSON with 400 malformed_json', async () => {
      const answer = await t.request('POST', '/v1/bindings', {
        token: key,
        raw: '{"orderId":',
        headers: { 'content-type': 'application/json' },
      });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe('malformed_json');
    });

    it('answers 401 unauthorized without a key or with a wrong one', async () => {
      for (const token of [null, 'veil_wrong']) {
        const answer = await post('/v1/bindings', checkout(), token);
        expect(answer.status).toBe(401);
        expect(answer.body.error).toBe('unauthorized');
      }
    });

    it('answers 422 no_pool_for_country when the buyer country has no pool (503 pool_exhausted is for a busy one)', async () => {
      const answer = await post('/v1/bindings', checkout({ buyerPhone: '+8613812345678' }));
      expect(answer.status).toBe(422);
      expect(answer.body.error).toBe('no_pool_for_country');
    });
  });

  describe('reading', () => {
    it('finds a binding by id and by orderId, and hides it from other tenants (404)', async () => {
      const created = (await post('/v1/bindings', checkout())).body;
      expect((await t.request('GET', `/v1/bindings/${created.id}`, { token: key })).body.id).toBe(created.id);
      const byOrder = await t.request('GET', `/v1/bindings?orderId=${encodeURIComponent(created.orderId)}`, { token: key });
      expect(byOrder.body.id).toBe(created.id);
      for (const path of [`/v1/bindings/${created.id}`, `/v1/bindings?orderId=${encodeURIComponent(created.orderId)}`]) {
        const hidden = await t.request('GET', path, { token: otherKey });
        expect(hidden.status).toBe(404);
        expect(hidden.body.error).toBe('not_found');
      }
      expect((await t.request('GET', '/v1/bindings/not-a-uuid', { token: key })).status).toBe(404);
      expect((await t.request('GET', '/v1/bindings?orderId=', { token: key })).body.error).toBe('validation_failed');
      expect((await t.request('GET', '/v1/bindings?orderId=A%00B', { token: key })).body.error).toBe('validation_failed');
    });
  });

  describe('POST /v1/bindings/:id/extend', () => {
    it('extends by days and to an instant, up to the cap (422 extension_limit past it)', async () => {
      const created = (await post('/v1/bindings', checkout({ windowDays: 10 }))).body;
      const byDays = await post(`/v1/bindings/${created.id}/extend`, { days: 5 });
      expect(byDays.status).toBe(200);
      expect(new Date(byDays.body.expiresAt).getTime() - new Date(created.expiresAt).getTime()).toBe(5 * 86_400_000);
      const until = new Date(t.clock.now().getTime() + 59 * 86_400_000).toISOString();
      const toInstant = await post(`/v1/bindings/${created.id}/extend`, { until });
      expect(toInstant.body.expiresAt).toBe(until);
      const tooFar = await post(`/v1/bindings/${created.id}/extend`, { days: 2 });
      expect(tooFar.status).toBe(422);
      expect(tooFar.body.error).toBe('extension_limit');
    });

    it('answers any number of days past the cap with 422 extension_limit naming the cap; only malformed days are 400', async () => {
      const created = (await post('/v1/bindings', checkout({ windowDays: 10 }))).body;
      for (const days of [51, 3651, 100000, Number.MAX_SAFE_INTEGER]) {
        const answer = await post(`/v1/bindings/${created.id}/extend`, { days });
        expect([days, answer.status, answer.body.error]).toEqual([days, 422, 'extension_limit']);
        expect(answer.body.message).toContain(created.maxExpiresAt);
      }
      const farUntil = await post(`/v1/bindings/${created.id}/extend`, { until: '9999-12-31T00:00:00Z' });
      expect(farUntil.status).toBe(422);
      expect(farUntil.body.message).toContain(created.maxExpiresAt);
      for (const days of ['0', '-3', '1.5', '"7"', 'null', 'true', '1e400', '[7]']) {
        const answer = await t.request('POST', `/v1/bindings/${created.id}/extend`, {
          token: key,
          raw: `{"days": ${days}}`,
          headers: { 'content-type': 'application/json' },
        });
        expect([days, answer.status, answer.body.error]).toEqual([days, 400, 'validation_failed']);
      }
      // The cap itself is reachable: 50 days more is exactly maxExpiresAt.
      const toCap = await post(`/v1/bindings/${created.id}/extend`, { days: 50 });
      expect(toCap.status).toBe(200);
      expect(toCap.body.expiresAt).toBe(created.maxExpiresAt);
    });

    it('refuses bad input, other tenants and ended bindings', async () => {
      const created = (await post('/v1/bindings', checkout())).body;
      expect((await post(`/v1/bindings/${created.id}/extend`, {})).body.error).toBe('validation_failed');
      expect((await post(`/v1/bindings/${created.id}/extend`, { days: 1, until: '2030-01-01T00:00:00Z' })).body.error).toBe(
        'validation_failed',
      );
      expect((await post(`/v1/bindings/${created.id}/extend`, { days: -1 })).body.error).toBe('validation_failed');
      expect((await post(`/v1/bindings/${created.id}/extend`, { until: '2000-01-01T00:00:00Z' })).body.error).toBe(
        'validation_failed',
      );
      expect((await post(`/v1/bindings/${created.id}/extend`, { days: 1 }, otherKey)).status).toBe(404);
      await post(`/v1/bindings/${created.id}/close`, {});
      const ended = await post(`/v1/bindings/${created.id}/extend`, { days: 1 });
      expect(ended.status).toBe(409);
      expect(ended.body.error).toBe('binding_ended');
    });
  });

  describe('counterparts', () => {
    it('adds and removes counterparts', async () => {
      const created = (await post('/v1/bindings', checkout())).body;
      const courier = uniquePhone();
      const added = await post(`/v1/bindings/${created.id}/counterparts`, { phone: courier, role: 'courier' });
      expect(added.status).toBe(201);
      expect(added.body.counterparts).toEqual([
        expect.objectContaining({ role: 'courier', phoneMasked: expect.stringContaining('****') }),
      ]);
      const counterpartId = added.body.counterparts[0].id;
      const removed = await t.request('DELETE', `/v1/bindings/${created.id}/counterparts/${counterpartId}`, { token: key });
      expect(removed.status).toBe(200);
      expect(removed.body.counterparts).toEqual([]);
      const again = await t.request('DELETE', `/v1/bindings/${created.id}/counterparts/${counterpartId}`, { token: key });
      expect(again.status).toBe(404);
    });

    it('answers 409 counterpart_conflict when (phone, relay number) is taken on the shared pool', async () => {
      const courier = uniquePhone();
      const first = (
        await post('/v1/bindings', checkout({ mode: 'shared', counterparts: [{ phone: courier, role: 'courier' }] }))
      ).body;
      // A second order without the courier may land on the same shared number...
      const second = (await post('/v1/bindings', checkout({ mode: 'shared' }))).body;
      expect(second.relayNumber).toBe(first.relayNumber);
      // ...and then the courier cannot join it there: (courier, X) would route ambiguously.
      const conflict = await post(`/v1/bindings/${second.id}/counterparts`, { phone: courier, role: 'courier' });
      expect(conflict.status).toBe(409);
      expect(conflict.body.error).toBe('counterpart_conflict');
      const same = await post(`/v1/bindings/${first.id}/counterparts`, { phone: courier, role: 'courier' });
      expect(same.body.error).toBe('counterpart_conflict');
    });

    it("promotes the binding's own caller to the named role instead of a 409", async () => {
      const buyer = uniquePhone();
      const created = (await post('/v1/bindings', checkout({ buyerPhone: buyer }))).body;
      const courier = uniquePhone();
      // The courier calls the dedicated number before the platform names them: they become a `caller`.
      const call = await postWebhook(t.url, '/webhooks/twilio/voice', voiceParams(courier, created.relayNumber));
      expect(call.verbs).toContain('Dial');
      const seen = (await t.request('GET', `/v1/bindings/${created.id}`, { token: key })).body;
      expect(seen.counterparts).toEqual([expect.objectContaining({ role: 'caller' })]);
      const named = await post(`/v1/bindings/${created.id}/counterparts`, { phone: courier, role: 'courier' });
      expect(named.status).toBe(201);
      // The same party, now named: one row, the same id and masked number, its last contact kept.
      expect(named.body.counterparts).toEqual([{ ...seen.counterparts[0], role: 'courier' }]);
      // Named once is named: naming them again is the ordinary conflict, and so is naming the buyer.
      const again = await post(`/v1/bindings/${created.id}/counterparts`, { phone: courier, role: 'merchant' });
      expect(again.body.error).toBe('counterpart_conflict');
      const theBuyer = await post(`/v1/bindings/${created.id}/counterparts`, { phone: buyer, role: 'courier' });
      expect(theBuyer.body.error).toBe('counterpart_conflict');
      const [{ roles }] = await t.dataSource.query(
        `SELECT array_agg(role ORDER BY role) AS roles FROM participant WHERE binding_id = $1`,
        [created.id],
      );
      expect(roles).toEqual(['buyer', 'courier']);
    });

    it('names a courier whose first call races the naming: promoted or added, never a 409 and never two rows', async () => {
      const orders = await Promise.all(Array.from({ length: 8 }, () => post('/v1/bindings', checkout())));
      const couriers = orders.map(() => uniquePhone());
      // Both at once, on every order: the call's caller insert and the platform's naming meet in the database.
      const results = await Promise.all(
        orders.map(async (order, i) => {
          const [call, named] = await Promise.all([
            postWebhook(t.url, '/webhooks/twilio/voice', voiceParams(couriers[i]!, order.body.relayNumber)),
            post(`/v1/bindings/${order.body.id}/counterparts`, { phone: couriers[i], role: 'courier' }),
          ]);
          return { call: call.verbs, named: named.status };
        }),
      );
      for (const result of results) expect(result).toEqual({ call: expect.arrayContaining(['Dial']), named: 201 });
      const rows = await t.dataSource.query(
        `SELECT binding_id, array_agg(role ORDER BY role) AS roles FROM participant
          WHERE binding_id = ANY($1::uuid[]) GROUP BY binding_id`,
        [orders.map((o) => o.body.id)],
      );
      expect(rows).toHaveLength(8);
      for (const row of rows) expect(row.roles).toEqual(['buyer', 'courier']);
    });

    it("refuses one of Veil's own relay numbers as a buyer or counterpart phone (400 validation_failed)", async () => {
      const live = (await post('/v1/bindings', checkout())).body;
      const relay = live.relayNumber as string;
      const [spare] = await t.dataSource.query(`SELECT e164 FROM relay_number WHERE status = 'available' LIMIT 1`);
      for (const phone of [relay, spare.e164]) {
        const asBuyer = await post('/v1/bindings', checkout({ buyerPhone: phone }));
        expect(asBuyer.status).toBe(400);
        expect(asBuyer.body).toMatchObject({ error: 'validation_failed', details: [{ field: 'buyerPhone' }] });
        expect(asBuyer.body.message).toMatch(/relay number/);
        const asCounterpart = await post(
          '/v1/bindings',
          checkout({
            counterparts: [
              { phone: uniquePhone(), role: 'merchant' },
              { phone, role: 'courier' },
            ],
          }),
        );
        expect(asCounterpart.status).toBe(400);
        expect(asCounterpart.body.details).toEqual([expect.objectContaining({ field: 'counterparts[1].phone' })]);
        // Written nationally it is the same number.
        const added = await post(`/v1/bindings/${live.id}/counterparts`, {
          phone: phone.slice(2),
          country: 'US',
          role: 'courier',
        });
        expect(added.status).toBe(400);
        expect(added.body.message).toMatch(/relay number/);
        expect(added.body.details).toEqual([expect.objectContaining({ field: 'phone' })]);
      }
      // Nothing was stored, and the message does not echo the number.
      expect((await t.request('GET', `/v1/bindings/${live.id}`, { token: key })).body.counterparts).toEqual([]);
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM participant WHERE phone_masked LIKE $1`, [
        `%${relay.slice(-4)}`,
      ]);
      expect(n).toBe(0);
      // A retired number is the carrier's again, possibly a person's: accepted.
      const [retired] = await t.dataSource.query(
        `SELECT id, e164 FROM relay_number WHERE status = 'available' AND pool = 'dedicated' ORDER BY e164 DESC LIMIT 1`,
      );
      await t.dataSource.query(`UPDATE relay_number SET status = 'retired', retired_at = now() WHERE id = $1`, [retired.id]);
      expect((await post('/v1/bindings', checkout({ buyerPhone: retired.e164 }))).status).toBe(201);
    });

    it('refuses counterparts on other tenants and ended bindings', async () => {
      const created = (await post('/v1/bindings', checkout())).body;
      expect(
        (await post(`/v1/bindings/${created.id}/counterparts`, { phone: uniquePhone(), role: 'courier' }, otherKey)).status,
      ).toBe(404);
      expect((await post(`/v1/bindings/${created.id}/counterparts`, { phone: 'nope', role: 'courier' })).body.error).toBe(
        'validation_failed',
      );
      await post(`/v1/bindings/${created.id}/close`, {});
      expect((await post(`/v1/bindings/${created.id}/counterparts`, { phone: uniquePhone(), role: 'courier' })).body.error).toBe(
        'binding_ended',
      );
    });
  });

  describe('PATCH /v1/bindings/:id and close', () => {
    it('changes marketing consent', async () => {
      const created = (await post('/v1/bindings', checkout())).body;
      const patched = await t.request('PATCH', `/v1/bindings/${created.id}`, { token: key, body: { marketingConsent: true } });
      expect(patched.status).toBe(200);
      expect(patched.body.marketingConsent).toBe(true);
      expect((await t.request('PATCH', `/v1/bindings/${created.id}`, { token: key, body: {} })).body.error).toBe(
        'validation_failed',
      );
      expect(
        (await t.request('PATCH', `/v1/bindings/${created.id}`, { token: otherKey, body: { marketingConsent: false } })).status,
      ).toBe(404);
    });

    it('closes a binding, frees its dedicated number into quarantine, and closing again is harmless', async () => {
      const created = (await post('/v1/bindings', checkout())).body;
      expect((await post(`/v1/bindings/${created.id}/close`, {}, otherKey)).status).toBe(404);
      const closed = await post(`/v1/bindings/${created.id}/close`, {});
      expect(closed.status).toBe(200);
      expect(closed.body.status).toBe('closed');
      const again = await post(`/v1/bindings/${created.id}/close`, {});
      expect(again.status).toBe(200);
      const [number] = await t.dataSource.query(`SELECT status, quarantine_until FROM relay_number WHERE e164 = $1`, [
        created.relayNumber,
      ]);
      expect(number.status).toBe('quarantined');
      expect(new Date(number.quarantine_until).getTime() - t.clock.now().getTime()).toBe(30 * 86_400_000);
    });

    it('reports an order past expiresAt as expired before any sweep, and will not close it', async () => {
      const created = (
        await post('/v1/bindings', checkout({ afterSalesEndsAt: new Date(t.clock.now().getTime() + 2000).toISOString() }))
      ).body;
      t.clock.advanceSeconds(3);
      const read = await t.request('GET', `/v1/bindings/${created.id}`, { token: key });
      expect(read.body.status).toBe('expired');
      expect((await post(`/v1/bindings/${created.id}/close`, {})).body.error).toBe('binding_ended');
    });
  });

  it('answers unknown routes with 404 not_found in the error shape', async () => {
    const answer = await t.request('GET', '/v1/nothing-here', { token: key });
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ statusCode: 404, error: 'not_found' });
  });
});
