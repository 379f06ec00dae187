import { TelephonyProvider } from '../src/telephony/telephony.provider.js';
import { checkout, createTenant, provisionNumbers } from './factories/index.js';
import { resetDatabase, startTestApp, type TestApp } from './support/test-app.js';

describe('admin API: tenants and the relay number pool', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await resetDatabase(t.dataSource);
  });
  afterAll(() => t.close());

  it('creates a tenant, shows its API key once and stores only a hash of it', async () => {
    const created = await t.admin('POST', '/v1/admin/tenants', { name: 'Acme Store' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      name: 'Acme Store',
      apiKey: expect.stringMatching(/^veil_/),
      keyId: expect.any(String),
      locale: null,
      createdAt: expect.any(String),
    });
    const listed = await t.admin('GET', '/v1/admin/tenants');
    expect(listed.text).not.toContain(created.body.apiKey);
    expect(listed.body.tenants).toContainEqual(expect.objectContaining({ id: created.body.id, name: 'Acme Store' }));
    const dump = JSON.stringify([
      ...(await t.dataSource.query(`SELECT * FROM tenant`)),
      ...(await t.dataSource.query(`SELECT * FROM tenant_api_key`)),
    ]);
    expect(dump).not.toContain(created.body.apiKey);
    // The key works on the tenant API.
    expect((await t.request('GET', '/v1/bindings?orderId=none', { token: created.body.apiKey })).status).toBe(404);
  });

  it('refuses a bad tenant name', async () => {
    for (const body of [{}, { name: '' }, { name: 'x'.repeat(101) }, { name: 42 }]) {
      const answer = await t.admin('POST', '/v1/admin/tenants', body);
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe('validation_failed');
    }
  });

  it('needs the admin token (401 without it, or with a tenant key)', async () => {
    const tenant = await createTenant(t, 'not-admin');
    for (const token of [null, 'wrong-token', tenant.apiKey]) {
      for (const [method, path] of [
        ['GET', '/v1/admin/tenants'],
        ['POST', '/v1/admin/tenants'],
        ['GET', '/v1/admin/numbers'],
        ['POST', '/v1/admin/numbers'],
        ['DELETE', '/v1/admin/numbers/00000000-0000-0000-0000-000000000000'],
      ]) {
        const answer = await t.request(method!, path!, { token, body: method === 'POST' ? {} : undefined });
        expect(answer.status).toBe(401);
        expect(answer.body.error).toBe('unauthorized');
      }
    }
  });

  it('provisions simulator numbers in the fictional 555-01XX range, in the requested pool and area code', async () => {
    const answer = await t.admin('POST', '/v1/admin/numbers', { country: 'US', areaCode: '415', count: 5, pool: 'shared' });
    expect(answer.status).toBe(201);
    expect(answer.body.numbers).toHaveLength(5);
    for (const n of answer.body.numbers) {
      expect(n).toMatchObject({
        country: 'US',
        pool: 'shared',
        status: 'available',
        provider: 'simulator',
        capabilities: ['voice', 'sms'],
      });
      expect(n.e164).toMatch(/^\+141555501\d\d$/);
    }
    const listed = await t.admin('GET', '/v1/admin/numbers?pool=shared');
    expect(listed.body.numbers.map((n: { e164: string }) => n.e164)).toEqual(
      expect.arrayContaining(answer.body.numbers.map((n: { e164: string }) => n.e164)),
    );
  });

  it('never provisions the same number twice: it never buys a number it already owns', async () => {
    await resetDatabase(t.dataSource);
    // Every purchase at the carrier, seen where the service makes it, before any UNIQUE column could
    // quietly drop a second copy: buying a number Veil owns would be paid for and then lost.
    const telephony = t.app.get(TelephonyProvider);
    const purchase = telephony.purchaseNumber.bind(telephony);
    const bought: string[] = [];
    telephony.purchaseNumber = async (number) => {
      bought.push(number.e164);
      return purchase(number);
    };
    try {
      // 100 lines exist per area code in the simulator: ask for all of them, then for more.
      const all = await t.admin('POST', '/v1/admin/numbers', { country: 'US', areaCode: '212', count: 100, pool: 'dedicated' });
      expect(all.status).toBe(201);
      const provisioned = all.body.numbers.map((n: { e164: string }) => n.e164).sort();
      expect(provisioned).toHaveLength(100);
      expect(new Set(provisioned).size).toBe(100);
      expect([...bought].sort()).toEqual(provisioned);

      const more = await t.admin('POST', '/v1/admin/numbers', { country: 'US', areaCode: '212', count: 100, pool: 'shared' });
      expect(more.status).toBe(503);
      expect(more.body.error).toBe('numbers_unavailable');
      // The carrier offered the same 100 again; none was bought a second time.
      expect(bought).toHaveLength(100);
      const stored = await t.dataSource.query(`SELECT count(*)::int AS n, count(DISTINCT e164)::int AS d FROM relay_number`);
      expect(stored).toEqual([{ n: 100, d: 100 }]);
    } finally {
      telephony.purchaseNumber = purchase;
    }
  });

  it('refuses bad provisioning requests', async () => {
    for (const body of [
      { country: 'US', count: 0, pool: 'shared' },
      { country: 'US', count: 501, pool: 'shared' },
      { country: 'USA', count: 1, pool: 'shared' },
      { country: 'US', count: 1, pool: 'vip' },
      { country: 'US', count: 1, pool: 'shared', areaCode: 'abc' },
      { country: 'US', count: '1', pool: 'shared' },
    ]) {
      const answer = await t.admin('POST', '/v1/admin/numbers', body);
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe('validation_failed');
    }
    const abroad = await t.admin('POST', '/v1/admin/numbers', { country: 'DE', count: 1, pool: 'shared' });
    expect(abroad.status).toBe(503);
    expect(abroad.body.error).toBe('numbers_unavailable');
  });

  it('retires a free number, refuses one that serves an active binding (409 number_in_use), 404 for unknown ids', async () => {
    await resetDatabase(t.dataSource);
    const tenant = await createTenant(t);
    const [number] = await provisionNumbers(t, 'dedicated', 1);
    const binding = await t.request('POST', '/v1/bindings', { token: tenant.apiKey, body: checkout() });
    expect(binding.body.relayNumber).toBe(number!.e164);
    const busy = await t.admin('DELETE', `/v1/admin/numbers/${number!.id}`);
    expect(busy.status).toBe(409);
    expect(busy.body.error).toBe('number_in_use');
    await t.request('POST', `/v1/bindings/${binding.body.id}/close`, { token: tenant.apiKey });
    const retired = await t.admin('DELETE', `/v1/admin/numbers/${number!.id}`);
    expect(retired.status).toBe(200);
    expect(retired.body.status).toBe('retired');
    // A retired number is never allocated again; with the only one retired, the country has no pool left.
    const next = await t.request('POST', '/v1/bindings', { token: tenant.apiKey, body: checkout() });
    expect(next.status).toBe(422);
    expect(next.body.error).toBe('no_pool_for_country');
    expect((await t.admin('DELETE', '/v1/admin/numbers/00000000-0000-0000-0000-000000000000')).status).toBe(404);
    expect((await t.admin('DELETE', '/v1/admin/numbers/nope')).status).toBe(404);
  });
});
