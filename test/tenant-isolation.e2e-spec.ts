import { randomUUID } from 'node:crypto';
import { createTenant, provisionNumbers, uniqueOrderId, uniquePhone } from './factories/index.js';
import { databaseFingerprint } from './support/db-fingerprint.js';
import { resetDatabase, startTestApp, type ApiAnswer, type TestApp } from './support/test-app.js';

/**
 * Tenant B against tenant A's bindings, on every tenant endpoint: B can neither read nor change them, and
 * cannot even tell them from ids and order ids that name nothing, because B gets the very same answer.
 */
describe('tenant isolation', () => {
  let t: TestApp;
  let keyA: string;
  let keyB: string;
  /** A's bindings: live dedicated with a merchant, live shared with a courier, closed, and expired. */
  const a: Record<
    'live' | 'shared' | 'closed' | 'expired',
    { id: string; orderId: string; counterpartId: string; buyer: string }
  > = {} as never;
  let bLive: { id: string; counterpartId: string };

  beforeAll(async () => {
    t = await startTestApp({
      TENANT_RATE_PER_MINUTE: '100000',
      ADMIN_RATE_PER_MINUTE: '100000',
      FAILED_AUTH_PER_MINUTE: '100000',
    });
    await resetDatabase(t.dataSource);
    keyA = (await createTenant(t, 'shop-a')).apiKey;
    keyB = (await createTenant(t, 'shop-b')).apiKey;
    await provisionNumbers(t, 'dedicated', 12);
    await provisionNumbers(t, 'shared', 2);
    const make = async (key: string, extra: Record<string, unknown> = {}) => {
      const buyer = uniquePhone();
      const answer = await t.request('POST', '/v1/bindings', {
        token: key,
        body: {
          orderId: uniqueOrderId(),
          buyerPhone: buyer,
          counterparts: [{ phone: uniquePhone('+1212555'), role: 'merchant' }],
          ...extra,
        },
      });
      expect(answer.status).toBe(201);
      return { id: answer.body.id, orderId: answer.body.orderId, counterpartId: answer.body.counterparts[0].id, buyer };
    };
    a.live = await make(keyA);
    a.shared = await make(keyA, { mode: 'shared' });
    a.closed = await make(keyA);
    expect((await t.request('POST', `/v1/bindings/${a.closed.id}/close`, { token: keyA })).status).toBe(200);
    a.expired = await make(keyA, { afterSalesEndsAt: new Date(t.clock.now().getTime() + 5_000).toISOString() });
    t.clock.advanceSeconds(10);
    bLive = await make(keyB);
  });
  afterAll(() => t.close());

  const as = (key: string) => (method: string, path: string, body?: unknown) => t.request(method, path, { token: key, body });
  /** What B can observe of an answer. */
  const seen = (answer: ApiAnswer) => ({
    status: answer.status,
    contentType: answer.headers.get('content-type'),
    text: answer.text,
  });
  /** A's view of all its bindings, to prove nothing B did changed them. */
  const aView = async () =>
    Promise.all(Object.values(a).map(async (binding) => (await as(keyA)('GET', `/v1/bindings/${binding.id}`)).text));

  type Route = [name: string, request: (id: string, counterpartId: string) => [method: string, path: string, body?: unknown]];
  const ROUTES: Route[] = [
    ['GET /v1/bindings/:id', (id) => ['GET', `/v1/bindings/${id}`]],
    ['PATCH /v1/bindings/:id', (id) => ['PATCH', `/v1/bindings/${id}`, { marketingConsent: true }]],
    ['POST /v1/bindings/:id/extend (days)', (id) => ['POST', `/v1/bindings/${id}/extend`, { days: 1 }]],
    [
      'POST /v1/bindings/:id/extend (until)',
      (id) => ['POST', `/v1/bindings/${id}/extend`, { until: new Date(t.clock.now().getTime() + 20 * 86_400_000).toISOString() }],
    ],
    [
      'POST /v1/bindings/:id/counterparts',
      (id) => ['POST', `/v1/bindings/${id}/counterparts`, { phone: uniquePhone('+1313555'), role: 'courier' }],
    ],
    ['DELETE /v1/bindings/:id/counterparts/:counterpartId', (id, cid) => ['DELETE', `/v1/bindings/${id}/counterparts/${cid}`]],
    ['POST /v1/bindings/:id/close', (id) => ['POST', `/v1/bindings/${id}/close`]],
  ];

  describe.each(ROUTES)('%s', (_name, request) => {
    it.each(['live', 'shared', 'closed', 'expired'] as const)(
      "B gets 404 not_found for A's %s binding, exactly as for an id that names nothing, and nothing changes",
      async (which) => {
        const before = { view: await aView(), db: await databaseFingerprint(t.dataSource) };
        const [method, path, body] = request(a[which].id, a[which].counterpartId);
        const forA = await as(keyB)(method, path, body);
        const [nothingMethod, nothingPath, nothingBody] = request(randomUUID(), randomUUID());
        const forNothing = await as(keyB)(nothingMethod, nothingPath, nothingBody);

        expect(forA.status).toBe(404);
        expect(forA.body.error).toBe('not_found');
        expect(seen(forA)).toEqual(seen(forNothing));
        expect(await aView()).toEqual(before.view);
        expect(await databaseFingerprint(t.dataSource)).toEqual(before.db);
      },
    );
  });

  it("B cannot remove A's counterpart through its own binding: the same 404 as for a counterpart id that names nothing", async () => {
    const before = { view: await aView(), db: await databaseFingerprint(t.dataSource) };
    const forA = await as(keyB)('DELETE', `/v1/bindings/${bLive.id}/counterparts/${a.live.counterpartId}`);
    const forNothing = await as(keyB)('DELETE', `/v1/bindings/${bLive.id}/counterparts/${randomUUID()}`);
    expect(forA.status).toBe(404);
    expect(forA.body.error).toBe('not_found');
    expect(seen(forA)).toEqual(seen(forNothing));
    expect(await aView()).toEqual(before.view);
    expect(await databaseFingerprint(t.dataSource)).toEqual(before.db);
  });

  it("B sending a bad body to A's binding gets the same 400 as for an id that names nothing (validation comes first)", async () => {
    for (const [method, suffix, body] of [
      ['POST', '/extend', { until: '20261210' }],
      ['POST', '/extend', { days: 0 }],
      ['POST', '/counterparts', { phone: '+19005551234', role: 'courier' }],
      ['PATCH', '', { marketingConsent: 'yes' }],
    ] as const) {
      const forA = await as(keyB)(method, `/v1/bindings/${a.live.id}${suffix}`, body);
      const forNothing = await as(keyB)(method, `/v1/bindings/${randomUUID()}${suffix}`, body);
      expect(forA.status).toBe(400);
      expect(seen(forA)).toEqual(seen(forNothing));
    }
  });

  it("B looking up A's order ids gets exactly what an order id never used gets", async () => {
    const before = await databaseFingerprint(t.dataSource);
    const never = await as(keyB)('GET', `/v1/bindings?orderId=${encodeURIComponent(uniqueOrderId())}`);
    expect(never.status).toBe(404);
    expect(never.body.error).toBe('not_found');
    for (const binding of Object.values(a)) {
      const forA = await as(keyB)('GET', `/v1/bindings?orderId=${encodeURIComponent(binding.orderId)}`);
      expect(seen(forA)).toEqual(seen(never));
      // A still finds its own.
      expect((await as(keyA)('GET', `/v1/bindings?orderId=${encodeURIComponent(binding.orderId)}`)).body.id).toBe(binding.id);
    }
    expect(await databaseFingerprint(t.dataSource)).toEqual(before);
  });

  it("B creating a binding with A's order id gets its own (201), with A's buyer or another, never a conflict", async () => {
    const viewBefore = await aView();
    const sameBuyer = await as(keyB)('POST', '/v1/bindings', { orderId: a.live.orderId, buyerPhone: a.live.buyer });
    const otherBuyer = await as(keyB)('POST', '/v1/bindings', { orderId: a.closed.orderId, buyerPhone: uniquePhone() });
    for (const [answer, of] of [
      [sameBuyer, a.live],
      [otherBuyer, a.closed],
    ] as const) {
      expect(answer.status).toBe(201);
      expect(answer.body.id).not.toBe(of.id);
      expect(answer.body.orderId).toBe(of.orderId);
      expect((await as(keyB)('GET', `/v1/bindings?orderId=${encodeURIComponent(of.orderId)}`)).body.id).toBe(answer.body.id);
      expect((await as(keyA)('GET', `/v1/bindings?orderId=${encodeURIComponent(of.orderId)}`)).body.id).toBe(of.id);
    }
    // A's checkout of its own order is still idempotent, and A's bindings did not move.
    const replay = await as(keyA)('POST', '/v1/bindings', { orderId: a.live.orderId, buyerPhone: a.live.buyer });
    expect(replay.status).toBe(200);
    expect(replay.body.id).toBe(a.live.id);
    expect(await aView()).toEqual(viewBefore);
  });
});
