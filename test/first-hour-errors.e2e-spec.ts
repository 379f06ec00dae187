import { DemoSeedService } from '../src/admin/demo-seed.service.js';
import { createTenant, provisionNumbers, uniqueOrderId } from './factories/index.js';
import { resetDatabase, startTestApp, type TestApp } from './support/test-app.js';

// Errors a newcomer meets in the first hour: each says what is wrong and what to do.
describe('errors that say what to do', () => {
  let t: TestApp;
  let apiKey: string;

  beforeAll(async () => {
    t = await startTestApp();
    await resetDatabase(t.dataSource);
    ({ apiKey } = await createTenant(t));
  });
  afterAll(() => t.close());

  describe('checkout for a country with no pool', () => {
    it('answers 422 no_pool_for_country naming the calling code, and 503 pool_exhausted once the pool exists but is busy', async () => {
      const uk = { orderId: uniqueOrderId(), buyerPhone: '+447400123456' };
      const none = await t.request('POST', '/v1/bindings', { token: apiKey, body: uk });
      expect(none.status).toBe(422);
      expect(none.body).toMatchObject({ error: 'no_pool_for_country', details: [{ field: 'buyerPhone' }] });
      expect(none.body.message).toContain('+44');
      expect(none.body.message).toContain('POST /v1/admin/numbers');

      // A pool that exists but has nothing free: waiting for a release does help.
      await provisionNumbers(t, 'dedicated', 1);
      const us = (phone: string) => ({ orderId: uniqueOrderId(), buyerPhone: phone });
      expect((await t.request('POST', '/v1/bindings', { token: apiKey, body: us('+14155550201') })).status).toBe(201);
      const busy = await t.request('POST', '/v1/bindings', { token: apiKey, body: us('+14155550202') });
      expect(busy).toMatchObject({ status: 503, body: { error: 'pool_exhausted' } });
      // The shared pool of the same country was never provisioned.
      const shared = await t.request('POST', '/v1/bindings', { token: apiKey, body: { ...us('+14155550203'), mode: 'shared' } });
      expect(shared).toMatchObject({ status: 422, body: { error: 'no_pool_for_country' } });
    });
  });

  describe('a body not sent as JSON', () => {
    const BUYER = '+14155550299';
    const json = JSON.stringify({ orderId: 'CT-1', buyerPhone: BUYER });

    it.each([
      [
        'curl -d without a header (a form)',
        { 'content-type': 'application/x-www-form-urlencoded' },
        'application/x-www-form-urlencoded',
      ],
      ['text/plain', { 'content-type': 'text/plain' }, 'text/plain'],
      ['no Content-Type at all', {} as Record<string, string>, 'no Content-Type'],
    ])('%s: 415 unsupported_media_type with a hint, never the body', async (_name, headers, said) => {
      const answer = await fetch(`${t.url}/v1/bindings`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, ...headers },
        body: new TextEncoder().encode(json),
      });
      const text = await answer.text();
      expect(answer.status).toBe(415);
      expect(JSON.parse(text)).toMatchObject({ statusCode: 415, error: 'unsupported_media_type' });
      expect(text).toContain("-H 'Content-Type: application/json'");
      expect(text).toContain(said);
      expect(text).not.toContain(BUYER.slice(2));
      expect(text).not.toContain('CT-1');
    });

    it('still takes JSON, a POST with no body, and Twilio’s form posts to the webhooks', async () => {
      const created = await t.request('POST', '/v1/bindings', {
        token: apiKey,
        body: { orderId: 'CT-2', buyerPhone: '+447400123457' },
      });
      expect(created.body.error).toBe('no_pool_for_country'); // got past the media type check
      const close = await t.request('POST', '/v1/bindings/00000000-0000-4000-8000-000000000000/close', { token: apiKey });
      expect(close.status).toBe(404);
      const webhook = await fetch(`${t.url}/webhooks/twilio/sms`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'From=%2B14155550100&To=%2B12025550100&Body=hi',
      });
      expect(webhook.status).toBe(403); // unsigned: refused by the signature check, not by the media type
    });
  });

  it('production with an empty pool says at start how to add numbers and a tenant', async () => {
    const production = await startTestApp({ NODE_ENV: 'production' });
    try {
      await resetDatabase(production.dataSource);
      const note = await production.app.get(DemoSeedService).seedIfEmpty();
      expect(note).toContain('The relay number pool is empty');
      expect(note).toContain('POST https://veil.example.test/v1/admin/numbers');
      expect(note).toContain('/v1/admin/tenants');

      await provisionNumbers(production, 'dedicated', 1);
      expect(await production.app.get(DemoSeedService).seedIfEmpty()).toBeNull();
    } finally {
      await production.close();
    }
  });
});
