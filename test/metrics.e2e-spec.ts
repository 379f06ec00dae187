import { SweeperJob } from '../src/lifecycle/sweeper.job.js';
import { checkout, createTenant, provisionNumbers, uniquePhone } from './factories/index.js';
import { resetDatabase, startTestApp, type TestApp } from './support/test-app.js';
import { postWebhook, smsParams, voiceParams } from './support/twilio-webhooks.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

// `name{label="value",...} value` (labels optional), as the Prometheus text format writes samples.
// NaN in any case: prom-client writes `Nan` (an event-loop lag with no sample yet), Prometheus reads it.
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?(?:\d+(?:\.\d+)?(?:e[+-]?\d+)?|[Nn][Aa][Nn]|\+Inf|-Inf))$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function parse(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = SAMPLE.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(LABEL)].map((m) => [m[1]!, m[2]!]));
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

describe('GET /metrics', () => {
  let t: TestApp;
  const scrape = async () => {
    const answer = await t.request('GET', '/metrics');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return { text: answer.text, samples: parse(answer.text) };
  };
  const value = (samples: Sample[], name: string, labels: Record<string, string>) =>
    samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

  beforeAll(async () => {
    t = await startTestApp();
    await resetDatabase(t.dataSource);
  });
  afterAll(() => t.close());

  it('exposes process, webhook, routing, checkout, pool and sweeper metrics that parse as the text format', async () => {
    const shop = await createTenant(t, 'metrics');
    const dedicated = await provisionNumbers(t, 'dedicated', 3);
    await provisionNumbers(t, 'shared', 2);
    const buyer = uniquePhone();
    const orderId = 'M-1';
    expect(
      (await t.request('POST', '/v1/bindings', { token: shop.apiKey, body: checkout({ orderId, buyerPhone: buyer }) })).status,
    ).toBe(201);
    const replay = await t.request('POST', '/v1/bindings', {
      token: shop.apiKey,
      body: checkout({ orderId, buyerPhone: buyer }),
    });
    expect(replay.status).toBe(200);
    expect((await t.request('POST', '/v1/bindings', { token: shop.apiKey, body: checkout({ orderId }) })).status).toBe(409);
    const relay = replay.body.relayNumber as string;

    const caller = uniquePhone();
    expect((await postWebhook(t.url, '/webhooks/twilio/voice', voiceParams(caller, relay))).status).toBe(200);
    expect(
      (await postWebhook(t.url, '/webhooks/twilio/sms', smsParams(caller, relay, 'Your parcel is at the door'))).status,
    ).toBe(200);
    // A free number: nobody is bound to it.
    const free = dedicated.find((n) => n.e164 !== relay)!.e164;
    const stranger = await postWebhook(t.url, '/webhooks/twilio/voice', voiceParams(uniquePhone(), free));
    expect(stranger.status).toBe(200);
    expect((await postWebhook(t.url, '/webhooks/twilio/voice', voiceParams(caller, relay), { signature: 'forged' })).status).toBe(
      403,
    );
    await t.app.get(SweeperJob).runOnce();

    const { text, samples } = await scrape();
    const names = new Set(samples.map((s) => s.name));
    for (const name of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'veil_webhook_duration_seconds_bucket',
      'veil_webhook_duration_seconds_sum',
      'veil_webhook_duration_seconds_count',
      'veil_routing_outcomes_total',
      'veil_checkouts_total',
      'veil_relay_numbers',
      'veil_sweeper_runs_total',
      'veil_sweeper_duration_seconds_count',
    ]) {
      expect([name, names.has(name)]).toEqual([name, true]);
    }
    expect(text).toMatch(/^# TYPE veil_webhook_duration_seconds histogram$/m);
    expect(text).toMatch(/^# HELP veil_relay_numbers /m);

    expect(value(samples, 'veil_webhook_duration_seconds_count', { webhook: 'voice', outcome: 'answered' })).toBe(2);
    expect(value(samples, 'veil_webhook_duration_seconds_count', { webhook: 'sms', outcome: 'answered' })).toBe(1);
    expect(value(samples, 'veil_webhook_duration_seconds_count', { webhook: 'voice', outcome: 'invalid_signature' })).toBe(1);
    expect(value(samples, 'veil_webhook_duration_seconds_bucket', { webhook: 'voice', outcome: 'answered', le: '+Inf' })).toBe(2);
    expect(value(samples, 'veil_routing_outcomes_total', { channel: 'voice', outcome: 'connect' })).toBe(1);
    expect(value(samples, 'veil_routing_outcomes_total', { channel: 'voice', outcome: 'not_in_service' })).toBe(1);
    expect(value(samples, 'veil_routing_outcomes_total', { channel: 'sms', outcome: 'connect' })).toBe(1);
    expect(value(samples, 'veil_checkouts_total', { result: 'created' })).toBe(1);
    expect(value(samples, 'veil_checkouts_total', { result: 'replayed' })).toBe(1);
    expect(value(samples, 'veil_checkouts_total', { result: 'order_conflict' })).toBe(1);
    expect(value(samples, 'veil_relay_numbers', { pool: 'dedicated', status: 'in_use', country: 'US' })).toBe(1);
    expect(value(samples, 'veil_relay_numbers', { pool: 'dedicated', status: 'available', country: 'US' })).toBe(2);
    expect(value(samples, 'veil_relay_numbers', { pool: 'shared', status: 'available', country: 'US' })).toBe(2);
    expect(value(samples, 'veil_relay_numbers', { pool: 'shared', status: 'quarantined', country: 'US' })).toBe(0);
    expect(value(samples, 'veil_sweeper_runs_total', { result: 'ok' })).toBe(1);

    // No label carries a phone number, an id or a tenant.
    const labelValues = samples.flatMap((s) => Object.values(s.labels));
    expect(labelValues.filter((v) => /\+?\d{7,}|[0-9a-f]{8}-[0-9a-f]{4}-|metrics|M-1/.test(v))).toEqual([]);
    expect(text).not.toContain(relay);
    expect(text).not.toContain(buyer);
    expect(text).not.toContain(caller);
  });

  it('follows the pool as it changes, counted on each scrape', async () => {
    const before = value((await scrape()).samples, 'veil_relay_numbers', { pool: 'shared', status: 'available', country: 'US' })!;
    await provisionNumbers(t, 'shared', 2);
    const after = value((await scrape()).samples, 'veil_relay_numbers', { pool: 'shared', status: 'available', country: 'US' });
    expect(after).toBe(before + 2);
  });
});
