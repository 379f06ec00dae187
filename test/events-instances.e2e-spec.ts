import { checkout, createTenant, provisionNumbers } from './factories/index.js';
import { EventReceiver } from './support/event-receiver.js';
import { ADMIN_TOKEN, resetDatabase, startTestApp, type TestApp } from './support/test-app.js';
import { TestClock } from './support/test-clock.js';

// A request to a dead endpoint stays open for the whole (default) 10 s timeout.
const ENV = { EVENT_POLL_MS: '20', EVENT_RETRY_BASE_MS: '1000', EVENT_WORKER_TENANTS: '4' };

describe('events and keys with two Veil instances on one database', () => {
  let a: TestApp;
  let b: TestApp;
  const clock = new TestClock();
  const receivers: EventReceiver[] = [];

  beforeAll(async () => {
    a = await startTestApp(ENV, clock);
    b = await startTestApp(ENV, clock);
  });
  beforeEach(() => resetDatabase(a.dataSource));
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  const tenantWithEndpoint = async (name: string, app: TestApp = a) => {
    const receiver = await new EventReceiver().start();
    receivers.push(receiver);
    const tenant = await createTenant(app, name);
    const answer = await app.request('PUT', '/v1/webhook', { token: tenant.apiKey, body: { url: receiver.url } });
    receiver.secrets = [answer.body.secret];
    return { ...tenant, receiver };
  };

  it('deliver a backlog of 10,000 events: each once, never two at a time, in order per binding', async () => {
    const tenants = await Promise.all(Array.from({ length: 8 }, (_, i) => tenantWithEndpoint(`bulk-${i}`, i % 2 ? a : b)));
    // 8 tenants x 250 bindings x 5 events, written at once as the outbox holds them.
    await a.dataSource.query(
      `INSERT INTO event_outbox (tenant_id, binding_id, order_id, type, seq, payload, created_at, due_at)
       SELECT t.id, md5(t.id::text || b)::uuid, 'order-' || b, 'binding.extended', s, jsonb_build_object('by', 'platform'), $2, $2
         FROM unnest($1::uuid[]) AS t(id), generate_series(1, 250) b, generate_series(1, 5) s
        ORDER BY s, b`,
      [tenants.map((t) => t.id), clock.now()],
    );
    for (const { receiver } of tenants) receiver.delayMs = 100;
    const total = () => tenants.reduce((n, t) => n + t.receiver.unique().length, 0);
    let outboxEmpty = false;
    await tenants[0]!.receiver.waitFor(() => total() === 10_000, '10,000 events', undefined, 6000);
    for (const { receiver } of tenants) {
      expect(receiver.accepted).toHaveLength(1250); // every answer was 200: nothing sent twice at all
      expect(receiver.concurrentDuplicates).toBe(0);
      // One instance at a time serves a tenant, with EVENT_TENANT_CONCURRENCY (4) POSTs in flight at most.
      expect(receiver.maxOpen).toBeGreaterThan(1);
      expect(receiver.maxOpen).toBeLessThanOrEqual(4);
      expect(receiver.requests.every((r) => r.validSignature && r.events.length <= 50)).toBe(true);
      const byBinding = new Map<string, number[]>();
      for (const event of receiver.accepted)
        byBinding.set(event.bindingId!, [...(byBinding.get(event.bindingId!) ?? []), event.sequence]);
      for (const sequences of byBinding.values()) expect(sequences).toEqual([1, 2, 3, 4, 5]);
    }
    // Each batch leaves the outbox once its answer is back.
    await tenants[0]!.receiver.waitFor(
      () => outboxEmpty,
      'an empty outbox',
      async () => {
        outboxEmpty = (await a.dataSource.query(`SELECT id FROM event_outbox LIMIT 1`)).length === 0;
      },
    );
  });

  it('an endpoint that never answers does not hold up another tenant', async () => {
    const dead = await tenantWithEndpoint('dead');
    const live = await tenantWithEndpoint('live');
    dead.receiver.script = Array.from({ length: 1000 }, () => 'hang' as const);
    await provisionNumbers(a, 'dedicated', 40);
    for (let i = 0; i < 20; i++) await a.request('POST', '/v1/bindings', { token: dead.apiKey, body: checkout() });
    await dead.receiver.waitFor(() => dead.receiver.openRequests() > 0, 'a hanging request');
    for (let i = 0; i < 20; i++) await b.request('POST', '/v1/bindings', { token: live.apiKey, body: checkout() });
    await live.receiver.waitFor(() => live.receiver.unique().length === 20, "the live tenant's events");
    // The live tenant got everything while the dead endpoint still held a request open.
    expect(dead.receiver.openRequests()).toBeGreaterThan(0);
    expect(dead.receiver.accepted).toHaveLength(0);
  });

  it('a revoked key is refused by both instances at once; a tenant holds two keys at most', async () => {
    const { id, apiKey: first } = await createTenant(a, 'rotating');
    const added = await a.admin('POST', `/v1/admin/tenants/${id}/keys`);
    expect(added.status).toBe(201);
    const second = added.body.apiKey as string;
    expect(second).toMatch(/^veil_/);
    expect((await b.admin('POST', `/v1/admin/tenants/${id}/keys`)).body.error).toBe('key_limit');
    const ok = (app: TestApp, key: string) => app.request('GET', '/v1/bindings?orderId=nope', { token: key });
    for (const app of [a, b]) for (const key of [first, second]) expect((await ok(app, key)).status).toBe(404);

    const listed = (await b.admin('GET', '/v1/admin/tenants')).body.tenants.find((t: { id: string }) => t.id === id);
    expect(listed.keys).toHaveLength(2);
    expect(JSON.stringify(listed)).not.toContain(first);
    const firstId = listed.keys.find(
      (k: { id: string; prefix: string }) => first.startsWith(k.prefix) && k.id !== added.body.id,
    ).id;

    const revoked = await b.request('DELETE', `/v1/admin/tenants/${id}/keys/${firstId}`, { token: ADMIN_TOKEN });
    expect(revoked.status).toBe(200);
    const [onA, onB] = await Promise.all([ok(a, first), ok(b, first)]);
    expect([onA.status, onA.body.error, onB.status, onB.body.error]).toEqual([401, 'unauthorized', 401, 'unauthorized']);
    for (const app of [a, b]) expect((await ok(app, second)).status).toBe(404);
    expect((await a.request('DELETE', `/v1/admin/tenants/${id}/keys/${firstId}`, { token: ADMIN_TOKEN })).status).toBe(404);
    // With one key in force, a new one may be added again.
    expect((await a.admin('POST', `/v1/admin/tenants/${id}/keys`)).status).toBe(201);
  });
});
