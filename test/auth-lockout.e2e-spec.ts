import { createTenant } from './factories/index.js';
import { ADMIN_TOKEN, resetDatabase, startTestApp, type ApiAnswer, type TestApp } from './support/test-app.js';

// A file of its own: the log lines of a process go to the first app it starts (nestjs-pino's root logger).
const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });

function expectRateLimited(answer: ApiAnswer): void {
  expect(answer.status).toBe(429);
  expect(answer.body).toMatchObject({ statusCode: 429, error: 'rate_limited' });
  expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
}

describe('failed-auth lockout', () => {
  describe('failed logins, per (source address, credential), under a per-address ceiling', () => {
    let t: TestApp;
    let apiKey: string;
    beforeAll(async () => {
      t = await startTestApp({ FAILED_AUTH_PER_MINUTE: '3', FAILED_AUTH_PER_SOURCE_PER_MINUTE: '10', TRUST_PROXY: 'loopback' });
      await resetDatabase(t.dataSource);
      apiKey = (await createTenant(t, 'guessed')).apiKey;
    });
    afterAll(() => t.close());

    it('locks out a stale key from its address without locking out the other tenants and the admin there', async () => {
      const balancer = '192.0.2.5';
      const stale = 'veil_revoked-key-of-one-client';
      for (let i = 0; i < 3; i++) {
        expect((await t.request('GET', '/v1/bindings?orderId=x', { token: stale, ...from(balancer) })).status).toBe(401);
      }
      const locked = await t.request('GET', '/v1/bindings?orderId=x', { token: stale, ...from(balancer) });
      expectRateLimited(locked);
      expect(locked.body.message).toMatch(/this credential/);
      // Everyone else behind the same address is still let in.
      expect((await t.request('GET', '/v1/bindings?orderId=x', { token: apiKey, ...from(balancer) })).status).toBe(404);
      expect((await t.request('GET', '/v1/admin/tenants', { token: ADMIN_TOKEN, ...from(balancer) })).status).toBe(200);
      // The first lockout is logged once, with the address and no credential.
      await t.request('GET', '/v1/bindings?orderId=x', { token: stale, ...from(balancer) });
      const lockouts = t.logs.filter((line) => line.includes('locked out') && line.includes(balancer));
      expect(lockouts).toHaveLength(1);
      expect(lockouts[0]).toMatch(/wrong tenant API key/);
      expect(lockouts[0]).not.toContain(stale);
      expect(lockouts[0]).not.toContain('revoked-key');
      // A minute later the key may try again.
      t.clock.advanceSeconds(60);
      expect((await t.request('GET', '/v1/bindings?orderId=x', { token: stale, ...from(balancer) })).status).toBe(401);
    });

    it('refuses every attempt from an address past its ceiling of wrong credentials, even the right one', async () => {
      const attacker = '192.0.2.10';
      for (let i = 0; i < 10; i++) {
        const wrong = await t.request('GET', '/v1/admin/tenants', { token: `guess-${i}-0123456789abcdef`, ...from(attacker) });
        expect(wrong.status).toBe(401);
      }
      // The right token now looks exactly like a wrong one: 429, so guessing learns nothing.
      expectRateLimited(await t.request('GET', '/v1/admin/tenants', { token: ADMIN_TOKEN, ...from(attacker) }));
      expectRateLimited(await t.request('GET', '/v1/admin/tenants', { token: 'guess-x-0123456789abcdef', ...from(attacker) }));
      // The same address is refused on the tenant API too; other addresses are not.
      expectRateLimited(await t.request('GET', '/v1/bindings?orderId=x', { token: apiKey, ...from(attacker) }));
      expect((await t.request('GET', '/v1/admin/tenants', { token: ADMIN_TOKEN, ...from('192.0.2.11') })).status).toBe(200);
      const lockouts = t.logs.filter((line) => line.includes(`${attacker} locked out`));
      expect(lockouts).toHaveLength(1);
      expect(lockouts[0]).not.toMatch(/guess-/);
      // A minute later the address may try again.
      t.clock.advanceSeconds(60);
      expect((await t.request('GET', '/v1/admin/tenants', { token: ADMIN_TOKEN, ...from(attacker) })).status).toBe(200);
    });

    it('counts wrong tenant keys the same way; a missing key is not an attempt', async () => {
      const attacker = '192.0.2.20';
      for (let i = 0; i < 12; i++) {
        expect((await t.request('GET', '/v1/bindings?orderId=x', { token: null, ...from(attacker) })).status).toBe(401);
      }
      for (let i = 0; i < 10; i++) {
        const wrong = await t.request('GET', '/v1/bindings?orderId=x', { token: `veil_guess${i}`, ...from(attacker) });
        expect(wrong.status).toBe(401);
      }
      expectRateLimited(await t.request('GET', '/v1/bindings?orderId=x', { token: apiKey, ...from(attacker) }));
      expect((await t.request('GET', '/v1/bindings?orderId=x', { token: apiKey, ...from('192.0.2.21') })).status).toBe(404);
    });
  });
});
