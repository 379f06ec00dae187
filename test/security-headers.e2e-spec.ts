import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import twilio from 'twilio';
import { resetDatabase, startTestApp, TEST_ENV, type TestApp } from './support/test-app.js';
import { voiceParams } from './support/twilio-webhooks.js';

const directives = (csp: string | null) =>
  Object.fromEntries(
    (csp ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name, values]),
  );

describe('security headers', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await resetDatabase(t.dataSource);
  });
  afterAll(() => t.close());

  it('are on every kind of answer: API, errors, the dashboard, health, metrics', async () => {
    for (const [method, path] of [
      ['GET', '/v1/bindings?orderId=x'], // 401
      ['GET', '/v1/admin/overview'],
      ['GET', '/admin'],
      ['GET', '/health/live'],
      ['GET', '/metrics'],
      ['GET', '/no-such-route'],
    ] as const) {
      const { headers } = await t.request(method, path);
      expect([path, headers.get('x-content-type-options')]).toEqual([path, 'nosniff']);
      expect([path, headers.get('strict-transport-security')]).toEqual([path, 'max-age=31536000; includeSubDomains']);
      expect([path, headers.get('x-frame-options')]).toEqual([path, 'DENY']);
      expect([path, headers.get('referrer-policy')]).toEqual([path, 'no-referrer']);
      const csp = directives(headers.get('content-security-policy'));
      expect([path, csp['default-src']]).toEqual([path, ["'self'"]]);
      expect([path, csp['script-src']]).toEqual([path, ["'self'"]]);
      expect([path, csp['style-src']]).toEqual([path, ["'self'"]]);
      expect([path, csp['frame-ancestors']]).toEqual([path, ["'none'"]]);
      expect([path, csp['object-src']]).toEqual([path, ["'none'"]]);
      expect(headers.get('x-powered-by')).toBeNull();
    }
  });

  it('are left off webhook answers: TwiML for the carrier, never a page for a browser', async () => {
    const path = '/webhooks/twilio/voice';
    const params = voiceParams('+13105550142', '+12025550100');
    const signature = twilio.getExpectedTwilioSignature(TEST_ENV.TWILIO_AUTH_TOKEN, `${TEST_ENV.PUBLIC_BASE_URL}${path}`, params);
    const answer = await fetch(`${t.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(params).toString(),
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/text\/xml/);
    expect(await answer.text()).toMatch(/^<\?xml|^<Response/);
    expect(answer.headers.get('content-security-policy')).toBeNull();
    expect(answer.headers.get('strict-transport-security')).toBeNull();
    expect(answer.headers.get('x-powered-by')).toBeNull();
  });

  it('let Swagger UI style itself under /docs, and nowhere else', async () => {
    for (const path of ['/docs', '/docs/', '/docs/index.html']) {
      const csp = directives((await t.request('GET', path)).headers.get('content-security-policy'));
      expect([path, csp['style-src']]).toEqual([path, ["'self'", "'unsafe-inline'"]]);
      expect([path, csp['script-src']]).toEqual([path, ["'self'"]]);
      expect([path, csp['default-src']]).toEqual([path, ["'self'"]]);
    }
    const json = await t.request('GET', '/docs/json');
    expect(json.status).toBe(200);
  });

  const dashboard = join(process.cwd(), 'dist/admin-ui/index.html');
  it('the built dashboard inlines nothing, so the strict policy holds for it', () => {
    // Never skipped: without the build there is nothing to check, which must not pass as checked.
    if (!existsSync(dashboard))
      throw new Error(`${dashboard} is missing: \`npm test\` builds it first (pretest), or run npm run build`);
    const html = readFileSync(dashboard, 'utf8');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expect(html).not.toMatch(/<style[\s>]/i);
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    const sources = [...html.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    // Its own bundle, and data: URIs (the empty favicon), which img-src allows.
    expect(sources.filter((s) => !s.startsWith('/admin/assets/') && !s.startsWith('data:'))).toEqual([]);
    // ...which is there: a page with no script at all would pass the checks above.
    expect(sources.filter((s) => /^\/admin\/assets\/.+\.js$/.test(s)).length).toBeGreaterThan(0);
  });
});
