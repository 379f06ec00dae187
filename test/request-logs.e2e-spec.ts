import { createTenant, provisionNumbers } from './factories/index.js';
import { resetDatabase, startTestApp, type TestApp } from './support/test-app.js';

const BUYER = '+14155557411';

describe('request logs', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'info' });
    await resetDatabase(t.dataSource);
  });
  afterAll(() => t.close());

  const linesOf = (reqId: string) => t.logs.map((line) => JSON.parse(line)).filter((line) => line.reqId === reqId);

  it('writes one line per request under the caller’s X-Request-Id, and the service lines under the same id', async () => {
    const { apiKey } = await createTenant(t);
    await provisionNumbers(t, 'dedicated', 1);
    const created = await t.request('POST', '/v1/bindings', {
      token: apiKey,
      body: { orderId: 'LOG-1', buyerPhone: BUYER },
      headers: { 'x-request-id': 'checkout-42' },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('x-request-id')).toBe('checkout-42');

    const lines = linesOf('checkout-42');
    const requestLines = lines.filter((line) => line.msg === 'request completed');
    expect(requestLines).toEqual([
      expect.objectContaining({ req: { method: 'POST', url: '/v1/bindings' }, res: { statusCode: 201 } }),
    ]);
    // The service's own line about the checkout carries the request's id.
    expect(lines.some((line) => line.context === 'BindingService' && /created on the dedicated pool/.test(line.msg))).toBe(true);
    expect(t.logs.join('\n')).not.toContain(BUYER.slice(1));
  });

  it('gives a request without a sane id a fresh one, and masks a number in the path', async () => {
    const answer = await t.request('GET', `/v1/bindings/${encodeURIComponent(BUYER)}?phone=${BUYER.slice(1)}`, {
      headers: { 'x-request-id': 'not sane: {"msg":"forged"}' },
    });
    expect(answer.status).toBe(401);
    const id = answer.headers.get('x-request-id')!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const [line, ...more] = linesOf(id).filter((l) => l.msg === 'request completed');
    expect(more).toEqual([]);
    expect(line.req.url).toBe('/v1/bindings/+1 415****7411?phone=+1 415****7411');
    expect(t.logs.join('\n')).not.toContain(BUYER.slice(2));
  });

  it('keeps probes out of the log', async () => {
    const before = t.logs.length;
    expect((await t.request('GET', '/health/live')).status).toBe(200);
    expect(t.logs.slice(before)).toEqual([]);
  });
});
