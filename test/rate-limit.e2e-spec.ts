import { checkout, createTenant, provisionNumbers, uniquePhone } from './factories/index.js';
import { ADMIN_TOKEN, resetDatabase, startTestApp, type ApiAnswer, type TestApp } from './support/test-app.js';
import { postWebhook, smsParams, voiceParams } from './support/twilio-webhooks.js';

const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });

function expectRateLimited(answer: ApiAnswer, maxSeconds = 60): void {
  expect(answer.status).toBe(429);
  expect(answer.body).toEqual({ statusCode: 429, error: 'rate_limited', message: expect.any(String), details: [] });
  const retryAfter = Number(answer.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(maxSeconds);
}

describe('rate limits', () => {
  describe('tenant API, per API key', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ TENANT_RATE_PER_MINUTE: '5' });
      await resetDatabase(t.dataSource);
    });
    afterAll(() => t.close());

    it('answers the N+1th request in a minute with 429 and Retry-After, touches nothing, and leaves other keys alone', async () => {
      const shopA = await createTenant(t, 'A');
      const shopB = await createTenant(t, 'B');
      await provisionNumbers(t, 'dedicated', 2);

      const first = await t.request('POST', '/v1/bindings', { token: shopA.apiKey, body: checkout({ orderId: 'A-1' }) });
      expect(first.status).toBe(201);
      for (let i = 0; i < 4; i++) {
        expect((await t.request('GET', `/v1/bindings/${first.body.id}`, { token: shopA.apiKey })).status).toBe(200);
      }
      const over = await t.request('POST', '/v1/bindings', { token: shopA.apiKey, body: checkout({ orderId: 'A-2' }) });
      expectRateLimited(over);
      expect(over.body.message).toMatch(/API key/);
      // Refused before the handler: no binding was made.
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM binding WHERE order_id = 'A-2'`);
      expect(n).toBe(0);

      // Another tenant's key has its own budget, and so do the webhooks (Twilio shares its addresses).
      expect((await t.request('POST', '/v1/bindings', { token: shopB.apiKey, body: checkout() })).status).toBe(201);
      for (let i = 0; i < 8; i++) {
        const call = await postWebhook(t.url, '/webhooks/twilio/voice', voiceParams(uniquePhone(), first.body.relayNumber));
        expect(call.status).toBe(200);
        const text = await postWebhook(t.url, '/webhooks/twilio/sms', smsParams(uniquePhone(), first.body.relayNumber, 'hi'));
        expect(text.status).toBe(200);
      }
      // The admin API is not the tenant's budget either.
      expect((await t.admin('GET', '/v1/admin/tenants')).status).toBe(200);

      // The window ends: the key may spend again.
      t.clock.advanceSeconds(Number(over.headers.get('retry-after')));
      expect((await t.request('GET', `/v1/bindings/${first.body.id}`, { token: shopA.apiKey })).status).toBe(200);
    });
  });

  describe('admin API, per source address', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ ADMIN_RATE_PER_MINUTE: '4', TRUST_PROXY: 'loopback' });
      await resetDatabase(t.dataSource);
    });
    afterAll(() => t.close());

    it('answers the N+1th request from one address with 429, not another address', async () => {
      const admin = (address: string) => t.request('GET', '/v1/admin/overview', { token: ADMIN_TOKEN, ...from(address) });
      for (let i = 0; i < 4; i++) expect((await admin('203.0.113.7')).status).toBe(200);
      const over = await admin('203.0.113.7');
      expectRateLimited(over);
      expect(over.body.message).toMatch(/admin/);
      expect((await admin('198.51.100.20')).status).toBe(200);
      // Wrong tokens spend the budget too: a flood is refused before the token is even compared.
      expectRateLimited(
        await t.request('GET', '/v1/admin/overview', { token: 'wrong-token-0123456789', ...from('203.0.113.7') }),
      );
      // One IPv6 subscriber (a /64) is one address.
      for (let i = 1; i <= 4; i++) expect((await admin(`2001:db8:1:2::${i}`)).status).toBe(200);
      expectRateLimited(await admin('2001:db8:1:2:ffff::9'));
      expect((await admin('2001:db8:1:3::1')).status).toBe(200);
    });
  });

  describe('without TRUST_PROXY', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ FAILED_AUTH_PER_MINUTE: '2', FAILED_AUTH_PER_SOURCE_PER_MINUTE: '2' });
      await resetDatabase(t.dataSource);
    });
    afterAll(() => t.close());

    it('ignores X-Forwarded-For, so a client cannot pose as many addresses', async () => {
      for (let i = 0; i < 2; i++) {
        const wrong = await t.request('GET', '/v1/admin/tenants', {
          token: 'wrong-token-0123456789',
          ...from(`198.51.100.${i}`),
        });
        expect(wrong.status).toBe(401);
      }
      expectRateLimited(await t.request('GET', '/v1/admin/tenants', { token: ADMIN_TOKEN, ...from('198.51.100.99') }));
    });
  });

  describe('behind a load balancer without TRUST_PROXY, with the default limits', () => {
    let t: TestApp;
    beforeAll(async () => {
      // Every client arrives from the balancer's one address.
      t = await startTestApp({ FAILED_AUTH_PER_MINUTE: '', FAILED_AUTH_PER_SOURCE_PER_MINUTE: '' });
      await resetDatabase(t.dataSource);
    });
    afterAll(() => t.close());

    it("one client's 25 wrong keys lock out that key only, not the tenants and the admin", async () => {
      const { apiKey } = await createTenant(t, 'behind-the-balancer');
      const answers = [];
      for (let i = 0; i < 25; i++)
        answers.push((await t.request('GET', '/v1/bindings?orderId=x', { token: 'veil_old-key' })).status);
      expect(answers.slice(0, 20)).toEqual(Array(20).fill(401));
      expect(answers.slice(20)).toEqual(Array(5).fill(429));
      expect((await t.request('GET', '/v1/bindings?orderId=x', { token: apiKey })).status).toBe(404);
      expect((await t.admin('GET', '/v1/admin/tenants')).status).toBe(200);
    });
  });
});
