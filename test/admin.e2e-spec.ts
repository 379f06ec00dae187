import { checkout, createTenant, provisionNumbers, uniquePhone } from './factories/index.js';
import { resetDatabase, startTestApp, type TestApp } from './support/test-app.js';
import { postWebhook, smsParams, voiceParams } from './support/twilio-webhooks.js';

const PROMOTION = 'Double 11 mega sale! 70% off everything, coupons at m.tb.cn/xyz, reply TD to unsubscribe';

describe('admin API', () => {
  let t: TestApp;
  const realNumbers: string[] = [];
  const phone = () => {
    const p = uniquePhone();
    realNumbers.push(p);
    return p;
  };

  beforeAll(async () => {
    t = await startTestApp();
    await resetDatabase(t.dataSource);
  });
  afterAll(() => t.close());

  it('needs the admin token on every endpoint', async () => {
    const tenant = await createTenant(t, 'token-check');
    const paths = [
      ['GET', '/v1/admin/overview'],
      ['GET', '/v1/admin/numbers'],
      ['POST', '/v1/admin/numbers'],
      ['DELETE', '/v1/admin/numbers/00000000-0000-0000-0000-000000000000'],
      ['GET', '/v1/admin/bindings'],
      ['GET', '/v1/admin/bindings/00000000-0000-0000-0000-000000000000'],
      ['POST', '/v1/admin/bindings/00000000-0000-0000-0000-000000000000/close'],
      ['GET', '/v1/admin/records?kind=sms'],
      ['GET', '/v1/admin/audit'],
      ['GET', '/v1/admin/tenants'],
      ['POST', '/v1/admin/tenants'],
    ];
    for (const token of [null, 'not-the-admin-token', tenant.apiKey]) {
      for (const [method, path] of paths) {
        const answer = await t.request(method!, path!, { token, body: method === 'POST' ? {} : undefined });
        expect([path, answer.status, answer.body.error]).toEqual([path, 401, 'unauthorized']);
      }
    }
  });

  it('shows the pool, bindings, records and audit log, filtered and paginated, with masked numbers only', async () => {
    await resetDatabase(t.dataSource);
    const shopA = await createTenant(t, 'Shop A');
    const shopB = await createTenant(t, 'Shop B');
    await provisionNumbers(t, 'dedicated', 4);
    await provisionNumbers(t, 'shared', 3);
    const courier = phone();
    const created = [];
    for (let i = 0; i < 3; i++) {
      const answer = await t.request('POST', '/v1/bindings', {
        token: shopA.apiKey,
        body: checkout({
          orderId: `A-${i}`,
          buyerPhone: phone(),
          counterparts: [{ phone: courier, role: 'courier' }],
          mode: 'shared',
        }),
      });
      created.push(answer.body);
    }
    const merchant = phone();
    const buyerB = phone();
    const dedicated = (
      await t.request('POST', '/v1/bindings', {
        token: shopB.apiKey,
        body: checkout({
          orderId: 'B-1',
          buyerPhone: buyerB,
          windowDays: 1,
          counterparts: [{ phone: merchant, role: 'merchant' }],
        }),
      })
    ).body;

    // Activity: a connected call, a refused stranger, a forwarded text, a blocked promotion and the buyer's HELP.
    await postWebhook(t.url, '/webhooks/twilio/voice', voiceParams(merchant, dedicated.relayNumber));
    await postWebhook(t.url, '/webhooks/twilio/voice', voiceParams(phone(), created[0].relayNumber));
    await postWebhook(t.url, '/webhooks/twilio/sms', smsParams(merchant, dedicated.relayNumber, 'Your order shipped'));
    t.clock.advanceSeconds(1);
    await postWebhook(t.url, '/webhooks/twilio/sms', smsParams(merchant, dedicated.relayNumber, PROMOTION));
    t.clock.advanceSeconds(1);
    await postWebhook(t.url, '/webhooks/twilio/sms', smsParams(buyerB, dedicated.relayNumber, 'HELP'));

    await t.flushRecords();
    const overview = (await t.admin('GET', '/v1/admin/overview')).body;
    expect(overview.bindings).toEqual({ active: 4, expiringIn24h: 1, expiringIn7d: 1 });
    expect(overview.pools).toEqual([
      { country: 'US', pool: 'dedicated', available: 3, inUse: 1, quarantined: 0, retired: 0, total: 4, shareInUse: 0.25 },
      { country: 'US', pool: 'shared', available: 0, inUse: 3, quarantined: 0, retired: 0, total: 3, shareInUse: 1 },
    ]);
    expect(overview.calls24h).toMatchObject({ connected: 1, refused: 1 });
    // The buyer's keyword is counted apart: not a blocked text, and no "keyword" reason among the blocked.
    expect(overview.texts24h).toMatchObject({ connected: 1, blocked: 1, keyword: 1 });
    expect(overview.blockedByReason).toEqual({ marketing: 1, opted_out: 0, rate_limited: 0, carrier_opt_out: 0 });
    // The courier carries 3 active shared orders: the shared pool cannot be smaller than 3.
    expect(overview.headroom.shared).toEqual([{ country: 'US', poolSize: 3, maxActivePerPhone: 3 }]);
    expect(overview.headroom.dedicated).toEqual([{ country: 'US', free: 3, checkoutsPerHour: 0.04, hoursUntilDry: 75 }]);
    // A step per change: nothing in use a day ago, all four orders at the instant they were made, and now
    // the cards' figures (two seconds of webhooks later).
    expect(overview.history.poolInUse).toEqual([
      { at: '2026-11-30T10:00:02.000Z', dedicated: 0, shared: 0 },
      { at: '2026-12-01T10:00:00.000Z', dedicated: 1, shared: 3 },
      { at: '2026-12-01T10:00:02.000Z', dedicated: 1, shared: 3 },
    ]);

    const all = (await t.admin('GET', '/v1/admin/bindings?pageSize=2')).body;
    expect(all).toMatchObject({ page: 1, pageSize: 2, total: 4 });
    expect(all.items).toHaveLength(2);
    const page2 = (await t.admin('GET', '/v1/admin/bindings?pageSize=2&page=2')).body;
    expect(new Set([...all.items, ...page2.items].map((b: { id: string }) => b.id)).size).toBe(4);
    const byOrder = (await t.admin('GET', '/v1/admin/bindings?orderId=B-1')).body;
    expect(byOrder.items).toEqual([
      expect.objectContaining({ id: dedicated.id, tenantName: 'Shop B', buyerPhoneMasked: dedicated.buyerPhoneMasked }),
    ]);
    expect((await t.admin('GET', `/v1/admin/bindings?tenant=${shopA.id}`)).body.total).toBe(3);
    expect((await t.admin('GET', '/v1/admin/bindings?status=closed')).body.total).toBe(0);
    expect((await t.admin('GET', '/v1/admin/bindings?status=bogus')).body.error).toBe('validation_failed');
    expect((await t.admin('GET', '/v1/admin/bindings?page=0')).body.error).toBe('validation_failed');
    expect((await t.admin('GET', '/v1/admin/bindings?pageSize=1000')).body.error).toBe('validation_failed');

    const detail = (await t.admin('GET', `/v1/admin/bindings/${dedicated.id}`)).body;
    expect(detail.binding.id).toBe(dedicated.id);
    expect(detail.calls).toEqual([
      expect.objectContaining({ kind: 'call', outcome: 'connected', fromRole: 'merchant', orderId: 'B-1' }),
    ]);
    expect(detail.texts.map((r: { outcome: string }) => r.outcome).sort()).toEqual(['blocked', 'connected', 'keyword']);
    expect((await t.admin('GET', '/v1/admin/bindings/00000000-0000-0000-0000-000000000000')).status).toBe(404);

    const blocked = (await t.admin('GET', '/v1/admin/records?kind=sms&outcome=blocked')).body;
    expect(blocked.total).toBe(1);
    expect(blocked.items[0]).toMatchObject({
      kind: 'sms',
      outcome: 'blocked',
      reason: 'marketing',
      body: PROMOTION,
      orderId: 'B-1',
    });
    expect(blocked.items[0].reasons).toEqual(expect.arrayContaining(['unsubscribe_footer']));
    const keywords = (await t.admin('GET', '/v1/admin/records?kind=sms&outcome=keyword')).body;
    expect(keywords.items).toEqual([
      expect.objectContaining({ outcome: 'keyword', reasons: ['keyword_help'], fromRole: 'buyer', body: null }),
    ]);
    const calls = (await t.admin('GET', '/v1/admin/records?kind=call')).body;
    expect(calls.items.map((r: { outcome: string }) => r.outcome).sort()).toEqual(['connected', 'refused']);
    expect((await t.admin('GET', '/v1/admin/records?kind=fax')).body.error).toBe('validation_failed');

    t.clock.advanceSeconds(60);
    const closed = await t.admin('POST', `/v1/admin/bindings/${dedicated.id}/close`);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', tenantName: 'Shop B' });
    t.clock.advanceSeconds(60);
    // The closed order's number leaves "in use" at the instant it closed, and the line ends on the cards.
    const later = (await t.admin('GET', '/v1/admin/overview')).body;
    expect(later.history.poolInUse).toEqual([
      { at: '2026-11-30T10:02:02.000Z', dedicated: 0, shared: 0 },
      { at: '2026-12-01T10:00:00.000Z', dedicated: 1, shared: 3 },
      { at: '2026-12-01T10:01:02.000Z', dedicated: 0, shared: 3 },
      { at: '2026-12-01T10:02:02.000Z', dedicated: 0, shared: 3 },
    ]);
    expect(later.pools.map((p: { inUse: number }) => p.inUse)).toEqual([0, 3]);
    expect((await t.admin('POST', `/v1/admin/bindings/${dedicated.id}/close`)).status).toBe(200);
    const [numberId] = (await t.admin('GET', '/v1/admin/numbers?pool=dedicated&status=available')).body.numbers.map(
      (n: { id: string }) => n.id,
    );
    expect((await t.admin('DELETE', `/v1/admin/numbers/${numberId}`)).status).toBe(200);

    const audit = (await t.admin('GET', '/v1/admin/audit?pageSize=50')).body;
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['tenant.created', 'numbers.provisioned', 'binding.closed', 'number.retired']),
    );
    const closedEntries = audit.items.filter((e: { action: string }) => e.action === 'binding.closed');
    expect(closedEntries).toEqual([
      expect.objectContaining({ targetType: 'binding', targetId: dedicated.id, details: { orderId: 'B-1', tenantId: shopB.id } }),
    ]);
    const tenantEntry = audit.items.find(
      (e: { action: string; details: { name: string } }) => e.action === 'tenant.created' && e.details.name === 'Shop A',
    );
    expect(JSON.stringify(tenantEntry)).not.toContain(shopA.apiKey);

    // Nothing an admin sees holds a real number, a digit-run of one, or a tenant's API key.
    const seen = t.answers.join('\n');
    for (const real of realNumbers) {
      expect(seen).not.toContain(real);
      expect(seen).not.toContain(real.slice(2));
    }
    expect((await t.admin('GET', '/v1/admin/tenants')).text).not.toContain(shopA.apiKey);
  });

  it('serves the dashboard page at /admin', async () => {
    const page = await t.request('GET', '/admin');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.text).toMatch(/<script[^>]+src="\/admin\/assets\/[^"]+\.js"/);
    const script = /src="(\/admin\/assets\/[^"]+\.js)"/.exec(page.text)![1]!;
    const asset = await t.request('GET', script);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
  });
});
