import { EventDeliveryJob } from '../src/events/event-delivery.job.js';
import { EVENT_TYPES } from '../src/events/event-outbox.js';
import { SweeperJob } from '../src/lifecycle/sweeper.job.js';
import { checkout, createTenant, provisionNumbers, uniquePhone } from './factories/index.js';
import { documentedEventFields, expectDocumented } from './support/event-docs.js';
import { EventReceiver, type ReceivedEvent } from './support/event-receiver.js';
import { resetDatabase, startTestApp, TEST_ENV, type TestApp } from './support/test-app.js';
import { callSid, messageSid, postWebhook, smsParams, voiceParams } from './support/twilio-webhooks.js';

// The worker polls on a short real interval; backoff is counted on the test clock, which tests move.
const EVENTS_ENV = {
  EVENT_POLL_MS: '20',
  EVENT_TIMEOUT_MS: '400',
  EVENT_RETRY_BASE_MS: '1000',
  REMINDER_DAYS_BEFORE: '2',
  RETENTION_DAYS: '5',
  RECORD_RETENTION_DAYS: '10',
  QUARANTINE_DAYS: '5',
};

describe('events to the platform', () => {
  let t: TestApp;
  let receiver: EventReceiver;

  beforeAll(async () => {
    t = await startTestApp(EVENTS_ENV);
  });
  beforeEach(async () => {
    await resetDatabase(t.dataSource);
    receiver = await new EventReceiver().start();
  });
  afterEach(() => receiver.close());
  afterAll(() => t.close());

  const register = async (key: string, body: Record<string, unknown> = { url: receiver.url }) => {
    const answer = await t.request('PUT', '/v1/webhook', { token: key, body });
    expect(answer.status).toBe(201);
    receiver.secrets = [answer.body.secret];
    return answer.body;
  };
  /** Lets the worker run while the test clock moves a minute each step, until `condition` holds. */
  const until = (condition: () => boolean, what: string) =>
    receiver.waitFor(condition, what, () => {
      t.clock.advanceSeconds(60);
    });

  it('registers one endpoint: secret shown once, masked after, rotation signs with both, ping, delete', async () => {
    const { apiKey } = await createTenant(t);
    const created = await register(apiKey, { url: receiver.url, events: ['binding.created', 'binding.closed'] });
    expect(created).toMatchObject({ url: receiver.url, events: ['binding.created', 'binding.closed'], allEvents: false });
    expect(created.secret).toMatch(/^whsec_[\w-]{43}$/);

    const again = await t.request('PUT', '/v1/webhook', { token: apiKey, body: { url: receiver.url } });
    expect(again.status).toBe(200);
    expect(again.body.secret).toBeNull();
    expect(again.body.allEvents).toBe(true);

    const shown = await t.request('GET', '/v1/webhook', { token: apiKey });
    expect(shown.status).toBe(200);
    expect(shown.text).not.toContain(created.secret);
    expect(shown.body.secretMasked).toBe(`${created.secret.slice(0, 10)}…`);

    const ping = await t.request('POST', '/v1/webhook/test', { token: apiKey });
    expect(ping.body).toEqual({ delivered: true, status: 200, error: null });
    expect(receiver.requests[0]!.events[0]!.type).toBe('ping');
    expect(receiver.requests[0]!.validSignature).toBe(true);

    const rotated = await t.request('POST', '/v1/webhook/rotate-secret', { token: apiKey });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(created.secret);
    expect(rotated.body.previousSecretValidUntil).toBe(new Date(t.clock.now().getTime() + 86_400_000).toISOString());
    await t.request('POST', '/v1/webhook/test', { token: apiKey });
    const signature = receiver.requests[1]!.signature;
    expect(signature.match(/v1=/g)).toHaveLength(2);
    receiver.secrets = [rotated.body.secret];
    expect(receiver.requests.length).toBe(2);
    // Each secret alone verifies the batch: the receiver may switch at its own pace.
    const { verifySignature } = await import('../src/events/event-signature.js');
    const t0 = Number(/t=(\d+)/.exec(signature)![1]);
    expect(verifySignature(signature, receiver.requests[1]!.body, rotated.body.secret, t0)).toBe(true);
    expect(verifySignature(signature, receiver.requests[1]!.body, created.secret, t0)).toBe(true);
    expect(verifySignature(signature, receiver.requests[1]!.body, 'whsec_wrong', t0)).toBe(false);
    // A day later the old secret signs no more.
    t.clock.advanceSeconds(86_401);
    await t.request('POST', '/v1/webhook/test', { token: apiKey });
    expect(receiver.requests[2]!.signature.match(/v1=/g)).toHaveLength(1);

    expect((await t.request('DELETE', '/v1/webhook', { token: apiKey })).status).toBe(204);
    expect((await t.request('GET', '/v1/webhook', { token: apiKey })).body.error).toBe('not_found');
    expect((await t.request('DELETE', '/v1/webhook', { token: apiKey })).status).toBe(404);
  });

  it('refuses bad endpoints with validation_failed', async () => {
    const { apiKey } = await createTenant(t);
    for (const body of [
      { url: 'ftp://platform.example.com/events' },
      { url: 'not a url at all' },
      { url: 'https://user:pw@platform.example.com/events' },
      { url: receiver.url, events: ['binding.created', 'nope'] },
      { url: receiver.url, events: [] },
      {},
    ]) {
      const answer = await t.request('PUT', '/v1/webhook', { token: apiKey, body });
      expect([answer.status, answer.body.error]).toEqual([400, 'validation_failed']);
    }
    expect((await t.request('PUT', '/v1/webhook', { body: { url: receiver.url } })).status).toBe(401);
  });

  it('reports every change, in order per binding, with no real number and no message body', async () => {
    const { apiKey } = await createTenant(t);
    await provisionNumbers(t, 'dedicated', 2);
    await register(apiKey);
    const buyer = uniquePhone();
    const courier = uniquePhone();
    const stranger = uniquePhone();
    const order = checkout({ buyerPhone: buyer, windowDays: 5, counterparts: [{ phone: courier, role: 'courier' }] });
    const binding = (await t.request('POST', '/v1/bindings', { token: apiKey, body: order })).body;
    const relay = binding.relayNumber;
    // The same order again changes nothing and says nothing.
    expect((await t.request('POST', '/v1/bindings', { token: apiKey, body: order })).status).toBe(200);
    expect((await t.request('POST', `/v1/bindings/${binding.id}/extend`, { token: apiKey, body: { days: 1 } })).status).toBe(200);

    const call = callSid();
    await postWebhook(t.url, '/webhooks/twilio/voice', voiceParams(courier, relay, call));
    const dialAction = { ...voiceParams(courier, relay, call), DialCallStatus: 'no-answer', DialCallDuration: '0' };
    await postWebhook(t.url, '/webhooks/twilio/voice/status', dialAction);
    await postWebhook(t.url, '/webhooks/twilio/voice/status', dialAction); // redelivered: no second event

    const secretBody = 'Your parcel is at the door, code 4821';
    const forwarded = messageSid();
    await postWebhook(t.url, '/webhooks/twilio/sms', smsParams(courier, relay, secretBody, forwarded));
    await postWebhook(t.url, '/webhooks/twilio/sms', smsParams(courier, relay, secretBody, forwarded)); // redelivered
    await t.flushRecords();
    const status = { AccountSid: 'AC', MessageSid: messageSid(), MessageStatus: 'undelivered', ErrorCode: '30003' };
    await postWebhook(t.url, `/webhooks/twilio/sms/status?record=${forwarded}`, status);
    await postWebhook(t.url, '/webhooks/twilio/sms', smsParams(stranger, relay, 'hello, new caller here'));
    const promo = 'HUGE SALE today only! 50% off everything, use coupon SAVE50, reply STOP to unsubscribe';
    await postWebhook(t.url, '/webhooks/twilio/sms', smsParams(courier, relay, promo));
    // A record's event commits with the record, written in batches a few milliseconds after the answer.
    await t.flushRecords();
    await postWebhook(t.url, '/webhooks/twilio/sms', smsParams(buyer, relay, 'EXTEND'));
    await postWebhook(t.url, '/webhooks/twilio/sms', smsParams(buyer, relay, 'TD'));
    await postWebhook(t.url, '/webhooks/twilio/sms', smsParams(buyer, relay, 'SPAM'));
    await t.flushRecords();

    // The tenant's own history: masked, outcomes and named reasons, never a body; its own bindings only.
    const texts = await t.request('GET', `/v1/bindings/${binding.id}/records?kind=sms`, { token: apiKey });
    expect(texts.status).toBe(200);
    expect(texts.body).toMatchObject({ kind: 'sms', page: 1, pageSize: 50, hasMore: false });
    const byOutcome = (outcome: string) => texts.body.records.filter((r: { outcome: string }) => r.outcome === outcome);
    expect(texts.body.records.map((r: { outcome: string }) => r.outcome).sort()).toEqual([
      'blocked',
      'connected',
      'failed',
      'keyword',
      'keyword',
      'keyword',
    ]);
    expect(byOutcome('blocked')[0]).toMatchObject({
      fromRole: 'courier',
      reason: 'marketing',
      reasons: expect.arrayContaining(['coupon']),
    });
    expect(byOutcome('failed')[0]).toMatchObject({
      providerSid: forwarded,
      deliveryStatus: 'undelivered',
      toMasked: binding.buyerPhoneMasked,
    });
    const calls = await t.request('GET', `/v1/bindings/${binding.id}/records?kind=call`, { token: apiKey });
    expect(calls.body.records).toEqual([
      expect.objectContaining({ providerSid: call, outcome: 'no_answer', durationSeconds: 0 }),
    ]);
    expect(
      (await t.request('GET', `/v1/bindings/${binding.id}/records?kind=sms&page=2`, { token: apiKey })).body.records,
    ).toEqual([]);
    for (const history of [texts.text, calls.text]) {
      for (const secret of [buyer, courier, stranger, secretBody, promo, 'SAVE50', 'word:', '"body"'])
        expect(history).not.toContain(secret);
    }
    expect((await t.request('GET', `/v1/bindings/${binding.id}/records?kind=fax`, { token: apiKey })).body.error).toBe(
      'validation_failed',
    );
    expect((await t.request('GET', `/v1/bindings/${binding.id}/records`, { token: apiKey })).body.error).toBe(
      'validation_failed',
    );
    const stranger2 = await createTenant(t, 'other');
    expect((await t.request('GET', `/v1/bindings/${binding.id}/records?kind=sms`, { token: stranger2.apiKey })).status).toBe(404);

    // A second binding that the platform closes.
    const other = (await t.request('POST', '/v1/bindings', { token: apiKey, body: checkout() })).body;
    await t.request('POST', `/v1/bindings/${other.id}/close`, { token: apiKey });

    // The first one: reminded, expired, purged and deleted by the sweeper.
    const sweeper = t.app.get(SweeperJob);
    t.clock.advanceDays(11.5);
    await sweeper.runOnce();
    t.clock.advanceDays(2);
    await sweeper.runOnce();
    t.clock.advanceDays(6);
    await sweeper.runOnce();
    t.clock.advanceDays(11);
    await sweeper.runOnce();

    await t.app.get(EventDeliveryJob).drain();
    await until(
      () => receiver.unique().some((e) => e.type === 'binding.deleted' && e.bindingId === binding.id),
      'binding.deleted',
    );
    const events = receiver.unique();
    const of = (id: string) => events.filter((e) => e.bindingId === id);
    expect(of(binding.id).map((e) => e.type)).toEqual([
      'binding.created',
      'binding.extended',
      'call.completed',
      'text.forwarded',
      'text.delivery_failed',
      'text.forwarded',
      'text.blocked',
      'binding.extended',
      'buyer.opted_out',
      'buyer.opted_out',
      'text.reported',
      'reminder.sent',
      'binding.expired',
      'binding.purged',
      'binding.deleted',
    ]);
    expect(of(binding.id).map((e) => e.sequence)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(of(other.id).map((e) => e.type)).toEqual(['binding.created', 'binding.closed', 'binding.purged', 'binding.deleted']);
    expect(events.every((e) => e.orderId !== null && typeof e.id === 'string' && !Number.isNaN(Date.parse(e.occurredAt)))).toBe(
      true,
    );

    const byType = (type: string) => of(binding.id).filter((e) => e.type === type);
    expect(byType('binding.created')[0]!.data).toMatchObject({
      mode: 'dedicated',
      relayNumber: relay,
      buyerPhoneMasked: binding.buyerPhoneMasked,
      counterparts: [{ role: 'courier', phoneMasked: binding.counterparts[0].phoneMasked }],
    });
    expect(byType('binding.extended').map((e) => e.data.by)).toEqual(['platform', 'buyer_text']);
    expect(byType('call.completed')[0]!.data).toMatchObject({
      callSid: call,
      outcome: 'no_answer',
      durationSeconds: 0,
      fromRole: 'courier',
      toRole: 'buyer',
      toMasked: binding.buyerPhoneMasked,
    });
    expect(byType('text.delivery_failed')[0]!.data).toMatchObject({
      messageSid: forwarded,
      status: 'undelivered',
      errorCode: 30003,
      reason: 'unreachable',
    });
    expect(byType('text.blocked')[0]!.data).toMatchObject({
      outcome: 'blocked',
      reason: 'marketing',
      reasons: expect.arrayContaining(['coupon', 'unsubscribe_footer']),
    });
    // TD, then SPAM (issue 15's report: the same opt-out, then text.reported).
    expect(byType('buyer.opted_out').map((e) => e.data)).toMatchObject([{ role: 'courier' }, { role: 'courier' }]);
    expect(byType('text.reported')[0]!.data).toMatchObject({ role: 'courier', counterpartId: binding.counterparts[0].id });

    // docs/API.md names every type and, for each, exactly the fields Veil sends.
    expect([...documentedEventFields().keys()].sort()).toEqual([...EVENT_TYPES].sort());
    expect(expectDocumented(events)).toHaveLength(13); // all but the carrier's two (carrier-opt-out.e2e-spec)
    const everything = receiver.requests.map((r) => r.body).join('\n');
    for (const secret of [buyer, courier, stranger, secretBody, promo, 'SAVE50', 'word:', 'parcel', buyer.slice(2)]) {
      expect(everything).not.toContain(secret);
    }
    expect(receiver.requests.every((r) => r.validSignature)).toBe(true);
    // Delivered events leave the outbox.
    expect(await t.dataSource.query(`SELECT id FROM event_outbox`)).toEqual([]);
  });

  it('a tenant with no endpoint gets no events, and only the types it asked for', async () => {
    const quiet = await createTenant(t, 'quiet');
    const picky = await createTenant(t, 'picky');
    await provisionNumbers(t, 'dedicated', 2);
    await register(picky.apiKey, { url: receiver.url, events: ['binding.closed'] });
    await t.request('POST', '/v1/bindings', { token: quiet.apiKey, body: checkout() });
    const b = (await t.request('POST', '/v1/bindings', { token: picky.apiKey, body: checkout() })).body;
    await t.request('POST', `/v1/bindings/${b.id}/close`, { token: picky.apiKey });
    await until(() => receiver.accepted.length >= 1, 'the close');
    await t.app.get(EventDeliveryJob).drain();
    expect(receiver.unique().map((e) => [e.type, e.sequence])).toEqual([['binding.closed', 1]]);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM event_outbox`);
    expect(n).toBe(0);
  });

  it('200, then 500s, a timeout and 429 with Retry-After, then recovery: every event once, in order, signed', async () => {
    const { apiKey } = await createTenant(t);
    await provisionNumbers(t, 'dedicated', 20);
    await register(apiKey);
    receiver.script = [
      { status: 200 },
      { status: 500 },
      { status: 503 },
      'hang',
      { status: 429, headers: { 'retry-after': '120' } },
      { status: 502 },
    ];
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const b = (await t.request('POST', '/v1/bindings', { token: apiKey, body: checkout() })).body;
      ids.push(b.id);
      await t.request('POST', `/v1/bindings/${b.id}/extend`, { token: apiKey, body: { days: 1 } });
      if (i % 2 === 0) await t.request('POST', `/v1/bindings/${b.id}/close`, { token: apiKey });
    }
    await until(() => receiver.unique().length === 50, 'all 50 events');
    await t.app.get(EventDeliveryJob).drain();
    const unique = receiver.unique();
    expect(unique).toHaveLength(50);
    expect(receiver.requests.map((r) => r.answered).slice(0, 6)).toEqual([200, 500, 503, 'hang', 429, 502]);
    expect(receiver.requests.every((r) => r.validSignature && r.events.length <= 50)).toBe(true);
    expect(receiver.concurrentDuplicates).toBe(0);
    // In order per binding, in arrival order, counting duplicates too.
    for (const id of ids) {
      const sequences = receiver.accepted.filter((e) => e.bindingId === id).map((e) => e.sequence);
      const firsts = sequences.filter((s, i) => sequences.indexOf(s) === i);
      expect(firsts).toEqual([...firsts].sort((a, b) => a - b));
      expect(firsts[0]).toBe(1);
    }
    const [health] = await t.dataSource.query(`SELECT consecutive_failures, last_success_at FROM tenant_webhook`);
    expect(health.consecutive_failures).toBe(0);
    expect(health.last_success_at).not.toBeNull();
  });

  it('an endpoint that keeps failing: the events fail after 24 h of retries; replay sends them again', async () => {
    const { id: tenantId, apiKey } = await createTenant(t);
    await provisionNumbers(t, 'dedicated', 1);
    await register(apiKey);
    receiver.script = Array.from({ length: 10_000 }, () => ({ status: 500 }));
    await t.request('POST', '/v1/bindings', { token: apiKey, body: checkout() });
    await receiver.waitFor(() => receiver.requests.length > 0, 'a first try');
    for (let hours = 0; hours < 26; hours++) {
      t.clock.advanceSeconds(3600);
      await t.app.get(EventDeliveryJob).drain();
    }
    const [row] = await t.dataSource.query(`SELECT failed_at, attempts, last_error FROM event_outbox`);
    expect(row.failed_at).not.toBeNull();
    expect(row.last_error).toBe('HTTP 500');
    const health = await t.admin('GET', `/v1/admin/tenants/${tenantId}/events`);
    expect(health.body).toMatchObject({
      endpoint: { url: receiver.url, consecutiveFailures: receiver.requests.length, lastError: 'HTTP 500', lastSuccessAt: null },
      backlog: 0,
      failed: 1,
      oldestPendingAt: null,
      failedEvents: [{ type: 'binding.created', sequence: 1, attempts: receiver.requests.length, lastError: 'HTTP 500' }],
    });
    const tries = receiver.requests.length;
    t.clock.advanceDays(2);
    await t.app.get(EventDeliveryJob).drain();
    expect(receiver.requests.length).toBe(tries);

    receiver.script = [];
    const replay = await t.admin('POST', `/v1/admin/tenants/${tenantId}/events/replay`);
    expect([replay.status, replay.body]).toEqual([200, { replayed: 1 }]);
    await until(() => receiver.accepted.length === 1, 'the replayed event');
    // The same event, with its id and sequence: a receiver orders and de-duplicates a replay like any.
    expect(receiver.accepted[0]).toMatchObject({ type: 'binding.created', sequence: 1, id: health.body.failedEvents[0].id });
  });

  it('waits as long as Retry-After says, then backs off exponentially with jitter', async () => {
    const { apiKey } = await createTenant(t);
    await provisionNumbers(t, 'dedicated', 1);
    await register(apiKey);
    receiver.script = [{ status: 429, headers: { 'retry-after': '7200' } }, { status: 503 }, { status: 503 }];
    await t.request('POST', '/v1/bindings', { token: apiKey, body: checkout() });
    const delay = async () => {
      await t.app.get(EventDeliveryJob).drain();
      const [row] = await t.dataSource.query(`SELECT due_at FROM event_outbox`);
      return new Date(row.due_at).getTime() - t.clock.now().getTime();
    };
    await receiver.waitFor(() => receiver.requests.length === 1, 'the first try');
    expect(await delay()).toBe(7_200_000); // far beyond the first backoff (1 s)
    t.clock.advanceSeconds(7_199);
    await t.app.get(EventDeliveryJob).drain();
    expect(receiver.requests).toHaveLength(1);
    t.clock.advanceSeconds(1);
    await receiver.waitFor(() => receiver.requests.length === 2, 'the try after Retry-After');
    // Attempt 2 of base 1 s: 2 s, jittered over its upper half.
    const second = await delay();
    expect(second).toBeGreaterThanOrEqual(1_000);
    expect(second).toBeLessThanOrEqual(2_000);
    t.clock.advanceSeconds(2);
    await receiver.waitFor(() => receiver.requests.length === 3, 'the third try');
    const third = await delay();
    expect(third).toBeGreaterThanOrEqual(2_000);
    expect(third).toBeLessThanOrEqual(4_000);
    t.clock.advanceSeconds(4);
    await receiver.waitFor(() => receiver.accepted.length === 1, 'the delivery');
  });

  it('a client error (400) fails the batch at once, without retries', async () => {
    const { apiKey } = await createTenant(t);
    await provisionNumbers(t, 'dedicated', 1);
    await register(apiKey);
    receiver.script = [{ status: 400 }];
    await t.request('POST', '/v1/bindings', { token: apiKey, body: checkout() });
    await receiver.waitFor(() => receiver.requests.length === 1, 'one try');
    await t.app.get(EventDeliveryJob).drain();
    const [row] = await t.dataSource.query(`SELECT failed_at, attempts FROM event_outbox`);
    expect(row.failed_at).not.toBeNull();
    expect(row.attempts).toBe(1);
  });
});

describe('endpoint address rules in production', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ NODE_ENV: 'production' });
    await resetDatabase(t.dataSource);
  });
  afterAll(() => t.close());

  it('refuses plain http, loopback, private and link-local addresses, and names that resolve to them', async () => {
    const { apiKey } = await createTenant(t);
    for (const url of [
      'http://platform.example.com/events',
      'https://127.0.0.1/events',
      'https://10.1.2.3/events',
      'https://192.168.0.10/events',
      'https://169.254.169.254/latest',
      'https://[::1]/events',
      'https://[fd00::1]/events',
      'https://[::ffff:127.0.0.1]/events',
      'https://localhost/events',
    ]) {
      const answer = await t.request('PUT', '/v1/webhook', { token: apiKey, body: { url } });
      expect([url, answer.status, answer.body.error]).toEqual([url, 400, 'validation_failed']);
    }
    expect(TEST_ENV.NODE_ENV).toBe('test');
  });

  it('checks the address again on every connection: an endpoint whose name now resolves to loopback gets nothing', async () => {
    const { id, apiKey } = await createTenant(t);
    const receiver = await new EventReceiver().start();
    try {
      // Registered while its name pointed at a public address (here an address literal)...
      const put = await t.request('PUT', '/v1/webhook', { token: apiKey, body: { url: 'https://93.184.216.34/events' } });
      expect(put.status).toBe(201);
      // ...and then its DNS answers 127.0.0.1 (DNS rebinding): "localhost" plays that name.
      const rebound = receiver.url.replace('127.0.0.1', 'localhost');
      await t.dataSource.query(`UPDATE tenant_webhook SET url = $2 WHERE tenant_id = $1`, [id, rebound]);
      const refused = 'refused: resolves to a private, loopback or link-local address';
      const ping = await t.request('POST', '/v1/webhook/test', { token: apiKey });
      expect(ping.body).toEqual({ delivered: false, status: null, error: refused });
      await provisionNumbers(t, 'dedicated', 1);
      expect((await t.request('POST', '/v1/bindings', { token: apiKey, body: checkout() })).status).toBe(201);
      await t.app.get(EventDeliveryJob).drain();
      const [row] = await t.dataSource.query(`SELECT failed_at, last_error FROM event_outbox`);
      expect(row.failed_at).not.toBeNull();
      expect(row.last_error).toBe(refused);
      expect(receiver.requests).toEqual([]);
    } finally {
      await receiver.close();
    }
  });
});
