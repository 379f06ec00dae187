import { formatDate } from '../src/common/clock.js';
import { REMINDER_MAX_ATTEMPTS } from '../src/lifecycle/reminder.service.js';
import { SweeperJob } from '../src/lifecycle/sweeper.job.js';
import { checkout, createTenant, uniquePhone } from './factories/index.js';
import { FAKE_ACCOUNT_SID, FAKE_AUTH_TOKEN, FAKE_SERVICE_SID, FakeTwilio } from './support/fake-twilio.js';
import { resetDatabase, startTestApp, TEST_ENV, type TestApp } from './support/test-app.js';
import { TestClock } from './support/test-clock.js';
import { messageSid, postWebhook, smsParams } from './support/twilio-webhooks.js';

const BASE = TEST_ENV.PUBLIC_BASE_URL;
const TWILIO_ENV = { TELEPHONY_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: FAKE_ACCOUNT_SID, TWILIO_AUTH_TOKEN: FAKE_AUTH_TOKEN };
const MINUTE = 60;

let stockSequence = 0;
function stockUs(fake: FakeTwilio, count: number): void {
  for (let i = 0; i < count; i++) fake.stock(`+1628555${String(1000 + (stockSequence++ % 9000)).padStart(4, '0')}`);
}

async function provision(t: TestApp, pool: 'dedicated' | 'shared', count: number) {
  const answer = await t.admin('POST', '/v1/admin/numbers', { country: 'US', count, pool });
  expect(answer.status).toBe(201);
  return answer.body;
}

const messagePosts = (fake: FakeTwilio) => fake.requestsTo('POST', /\/Messages\.json$/);

describe('Twilio outbound: Messaging Service, delivery status, reminders', () => {
  let fake: FakeTwilio;
  let t: TestApp;
  let key: string;
  let sweeper: SweeperJob;

  beforeAll(async () => {
    fake = await FakeTwilio.start();
    t = await startTestApp({ ...TWILIO_ENV, TWILIO_MESSAGING_SERVICE_SID: FAKE_SERVICE_SID, REMINDER_DAYS_BEFORE: '3' }, new TestClock(), fake.httpClient());
    sweeper = t.app.get(SweeperJob);
  });
  beforeEach(async () => {
    fake.reset();
    fake.now = () => t.clock.now();
    fake.addService();
    await resetDatabase(t.dataSource);
    key = (await createTenant(t)).apiKey;
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  const order = async (overrides: Record<string, unknown> = {}) => {
    const answer = await t.request('POST', '/v1/bindings', { token: key, body: checkout({ windowDays: 10, ...overrides }) });
    expect(answer.status).toBe(201);
    return answer.body;
  };
  const reminderRow = async (bindingId: string) =>
    (await t.dataSource.query(`SELECT state, attempts, provider_sid, error_code FROM reminder WHERE binding_id = $1`, [bindingId]))[0];
  const reminderRecords = () => t.dataSource.query(`SELECT * FROM message_record WHERE reason = 'reminder' ORDER BY created_at`);

  describe('Messaging Service', () => {
    it('adds every number it buys to the service, and answers with no warnings when all is set', async () => {
      stockUs(fake, 2);
      const body = await provision(t, 'dedicated', 2);
      expect(body.failures).toEqual([]);
      expect(body.warnings).toEqual([]);
      const adds = fake.requestsTo('POST', /^\/v1\/Services\/MG[0-9a-f]{32}\/PhoneNumbers$/);
      expect(adds.map((r) => r.form.PhoneNumberSid).sort()).toEqual([...fake.owned.keys()].sort());
      expect([...fake.services.get(FAKE_SERVICE_SID)!.numbers].sort()).toEqual([...fake.owned.keys()].sort());
    });

    it("says what to change when the service keeps inbound texts to itself, and names numbers outside it", async () => {
      fake.services.get(FAKE_SERVICE_SID)!.useInboundWebhookOnNumber = false;
      // A number put into the pool by hand, never added to the service.
      const byHand = fake.own('+16285559999', { SmsUrl: `${BASE}/webhooks/twilio/sms` });
      await t.dataSource.query(
        `INSERT INTO relay_number (e164, calling_code, country, area_code, pool, provider, provider_sid) VALUES ($1, '1', 'US', '628', 'shared', 'twilio', $2)`,
        ['+16285559999', byHand.sid],
      );
      stockUs(fake, 1);
      const body = await provision(t, 'shared', 1);
      expect(body.warnings.map((w: { problem: string }) => w.problem)).toEqual(['inbound_not_deferred', 'numbers_outside_service']);
      expect(body.warnings[0].message).toContain("Defer to sender's webhook");
      expect(body.warnings[0].message).toContain('UseInboundWebhookOnNumber=true');
      expect(body.warnings[1].message).toMatch(/^1 relay number\(s\) are not in Messaging Service/);
      expect(body.warnings[1].message).toContain('+1 628****9999');
      expect(body.warnings[1].message).toContain('numbers:sync');
    });

    it('a number the service will not take is still bought, pooled and reported as a failure', async () => {
      stockUs(fake, 2);
      const other = fake.addService({ sid: `MG${'b'.repeat(32)}` });
      // Twilio refuses the second add: the number sits in another service (21712).
      fake.failNext({ status: 409, code: 21712, match: /PhoneNumbers$/ });
      const body = await provision(t, 'dedicated', 2);
      expect(body.numbers).toHaveLength(2);
      expect(body.failures).toEqual([
        { e164: expect.stringMatching(/^\+1628/), step: 'messaging_service', error: 'provider_error', message: expect.any(String) },
      ]);
      expect(body.failures[0].message).toContain('refused to add the number to the Messaging Service');
      expect(other.numbers.size).toBe(0);
      expect(body.warnings.map((w: { problem: string }) => w.problem)).toEqual(['numbers_outside_service']);
    });

    it('sends reminders through the service, from the relay number', async () => {
      stockUs(fake, 1);
      await provision(t, 'dedicated', 1);
      const binding = await order();
      t.clock.advanceDays(7.5);
      expect((await sweeper.runOnce()).reminded).toBe(1);
      const [post] = messagePosts(fake);
      expect(post!.form).toMatchObject({
        From: binding.relayNumber,
        MessagingServiceSid: FAKE_SERVICE_SID,
        StatusCallback: `${BASE}/webhooks/twilio/sms/status`,
      });
      expect(post!.form.Body).toContain(`Order ${binding.orderId}`);
    });
  });

  describe('delivery status', () => {
    const forwardedText = async () => {
      stockUs(fake, 1);
      await provision(t, 'shared', 1);
      const courier = uniquePhone();
      const binding = await order({ mode: 'shared', counterparts: [{ phone: courier, role: 'courier' }] });
      const sid = messageSid();
      const answer = await postWebhook(t.url, '/webhooks/twilio/sms', smsParams(courier, binding.relayNumber, 'At your door', sid), {
        authToken: FAKE_AUTH_TOKEN,
      });
      expect(answer.verbs).toEqual(['Message']);
      await t.flushRecords();
      return { sid, binding };
    };
    const status = (record: string, MessageStatus: string, ErrorCode?: string) =>
      postWebhook(
        t.url,
        `/webhooks/twilio/sms/status?record=${record}`,
        { MessageSid: messageSid(), MessageStatus, ...(ErrorCode ? { ErrorCode } : {}) },
        { authToken: FAKE_AUTH_TOKEN },
      );
    const recordOf = async (sid: string) =>
      (await t.dataSource.query(`SELECT outcome, delivery_status, delivery_error_code FROM message_record WHERE provider_sid = $1`, [sid]))[0];

    it('keeps ErrorCode, maps it to a reason in the records API, the metrics and the dashboard data', async () => {
      const { sid, binding } = await forwardedText();
      expect((await status(sid, 'undelivered', '30003')).status).toBe(204);
      expect(await recordOf(sid)).toEqual({ outcome: 'failed', delivery_status: 'undelivered', delivery_error_code: 30003 });
      const records = await t.admin('GET', `/v1/admin/records?kind=sms`);
      expect(records.body.items[0]).toMatchObject({
        bindingId: binding.id,
        deliveryStatus: 'undelivered',
        deliveryErrorCode: 30003,
        deliveryFailure: 'unreachable',
      });
      const metrics = await t.request('GET', '/metrics');
      expect(metrics.text).toMatch(/veil_text_deliveries_total\{status="undelivered",reason="unreachable"\} 1/);
    });

    it.each([
      ['21610', 'carrier_opt_out'],
      ['30005', 'unknown_destination'],
      ['30006', 'landline'],
      ['30007', 'carrier_filtered'],
      ['30034', 'unregistered_10dlc'],
      ['30008', 'carrier_error'],
    ])('maps ErrorCode %s to %s', async (code, reason) => {
      const { sid } = await forwardedText();
      await status(sid, 'failed', code);
      const records = await t.admin('GET', `/v1/admin/records?kind=sms`);
      expect(records.body.items[0]).toMatchObject({ deliveryErrorCode: Number(code), deliveryFailure: reason });
    });

    it('only moves forward: a late sent or queued never replaces delivered, and final states never replace each other', async () => {
      const { sid } = await forwardedText();
      await status(sid, 'sent');
      await status(sid, 'delivered');
      await status(sid, 'sent');
      await status(sid, 'queued');
      expect(await recordOf(sid)).toEqual({ outcome: 'connected', delivery_status: 'delivered', delivery_error_code: null });
      await status(sid, 'undelivered', '30003');
      expect(await recordOf(sid)).toEqual({ outcome: 'connected', delivery_status: 'delivered', delivery_error_code: null });
    });

    it('settles on the furthest status whatever order parallel callbacks land in', async () => {
      for (let round = 0; round < 5; round++) {
        const { sid } = await forwardedText();
        const steps = ['queued', 'sending', 'sent', 'delivered', 'sent', 'queued'];
        await Promise.all(steps.map((s) => status(sid, s)));
        expect((await recordOf(sid)).delivery_status).toBe('delivered');
        await resetDatabase(t.dataSource);
        key = (await createTenant(t)).apiKey;
      }
    });

    it("a reminder's callbacks from the carrier, in reverse order, end on the final status", async () => {
      stockUs(fake, 1);
      await provision(t, 'dedicated', 1);
      await order();
      t.clock.advanceDays(7.5);
      await sweeper.runOnce();
      expect(await fake.sendStatusCallbacks(t.url, BASE, { reverse: true })).toEqual([204, 204]);
      const [record] = await reminderRecords();
      expect(record).toMatchObject({ outcome: 'connected', delivery_status: 'delivered' });
    });
  });

  describe('reminders', () => {
    beforeEach(async () => {
      stockUs(fake, 3);
      await provision(t, 'dedicated', 3);
    });

    it('holds no lock while the carrier is called: an EXTEND during the send is neither delayed nor lost', async () => {
      const binding = await order();
      t.clock.advanceDays(7.5);
      const held = fake.hold(/POST .*\/Messages\.json$/);
      const sweep = sweeper.runOnce();
      await held.reached;
      // The send is in flight at the carrier; the buyer's extension goes through at once.
      const extended = await Promise.race([
        t.request('POST', `/v1/bindings/${binding.id}/extend`, { token: key, body: { days: 5 } }),
        new Promise<'blocked'>((resolve) => setTimeout(() => resolve('blocked'), 5000)),
      ]);
      expect(extended).not.toBe('blocked');
      expect((extended as { status: number }).status).toBe(200);
      held.release();
      expect((await sweep).reminded).toBe(1);
      const [row] = await t.dataSource.query(`SELECT expires_at, reminder_sent_at FROM binding WHERE id = $1`, [binding.id]);
      expect(row.expires_at.toISOString()).toBe((extended as { body: { expiresAt: string } }).body.expiresAt);
      expect(row.reminder_sent_at).not.toBeNull();
    });

    it('names the end as it is at send time: an EXTEND after the claim is in the text, a close after it sends nothing', async () => {
      const buyers = [uniquePhone(), uniquePhone(), uniquePhone()];
      const bindings = await Promise.all(buyers.map((buyerPhone) => order({ buyerPhone })));
      t.clock.advanceDays(7.5);
      // One claim takes all three; the first send is held at the carrier while the others wait their turn.
      const held = fake.hold(/POST .*\/Messages\.json$/);
      const sweep = sweeper.runOnce();
      await held.reached;
      const first = buyers.indexOf(messagePosts(fake)[0]!.form.To!);
      const [extendedIdx, closedIdx] = [0, 1, 2].filter((i) => i !== first) as [number, number];
      const claimed = await t.dataSource.query(`SELECT state FROM reminder WHERE binding_id = ANY($1::uuid[])`, [bindings.map((b) => b.id)]);
      expect(claimed.map((r: { state: string }) => r.state)).toEqual(['sending', 'sending', 'sending']);
      // Claimed, not yet sent: the buyer texts EXTEND, and the platform closes another order.
      const extend = await postWebhook(
        t.url,
        '/webhooks/twilio/sms',
        smsParams(buyers[extendedIdx]!, bindings[extendedIdx]!.relayNumber, 'EXTEND'),
        { authToken: FAKE_AUTH_TOKEN },
      );
      expect(extend.status).toBe(200);
      const closed = await t.request('POST', `/v1/bindings/${bindings[closedIdx]!.id}/close`, { token: key });
      expect(closed.status).toBe(200);
      held.release();
      expect((await sweep).reminded).toBe(2);

      const after = (await t.request('GET', `/v1/bindings/${bindings[extendedIdx]!.id}`, { token: key })).body;
      const before = bindings[extendedIdx]!.expiresAt as string;
      expect(after.expiresAt).not.toBe(before);
      const textTo = (phone: string) => messagePosts(fake).filter((r) => r.form.To === phone).map((r) => r.form.Body);
      expect(textTo(buyers[extendedIdx]!)).toEqual([expect.stringContaining(formatDate(new Date(after.expiresAt)))]);
      expect(textTo(buyers[extendedIdx]!)[0]).not.toContain(formatDate(new Date(before)));
      expect(textTo(buyers[first]!)).toEqual([expect.stringContaining(formatDate(new Date(bindings[first]!.expiresAt)))]);
      expect(textTo(buyers[closedIdx]!)).toEqual([]);
      // The closed order's reminder is settled, not left to be claimed again; nothing is recorded for it.
      expect(await reminderRow(bindings[closedIdx]!.id)).toMatchObject({ state: 'failed', attempts: 1, error_code: null });
      const records = await reminderRecords();
      expect(records.map((r: { binding_id: string }) => r.binding_id).sort()).toEqual([bindings[first]!.id, bindings[extendedIdx]!.id].sort());
    });

    it('a permanent refusal (landline 21614) is marked and never retried; the other reminders still go out', async () => {
      const landline = uniquePhone();
      fake.landlines.add(landline);
      const doomed = await order({ buyerPhone: landline });
      const fine = await order();
      t.clock.advanceDays(7.5);
      expect((await sweeper.runOnce()).reminded).toBe(1);
      expect(await reminderRow(doomed.id)).toEqual({ state: 'failed', attempts: 1, provider_sid: null, error_code: 21614 });
      expect(await reminderRow(fine.id)).toMatchObject({ state: 'sent', attempts: 1 });
      const failed = (await reminderRecords()).find((r: { binding_id: string }) => r.binding_id === doomed.id);
      expect(failed).toMatchObject({ outcome: 'failed', reasons: ['landline'], delivery_error_code: 21614 });
      for (let hours = 0; hours < 48; hours += 6) {
        t.clock.advanceSeconds(6 * 3600);
        await sweeper.runOnce();
      }
      expect(messagePosts(fake).filter((r) => r.form.To === landline)).toHaveLength(1);
    });

    it('an opted-out buyer (21610) is never retried either', async () => {
      const buyer = uniquePhone();
      const binding = await order({ buyerPhone: buyer });
      fake.optOuts.add(`${FAKE_SERVICE_SID}|${buyer}`);
      t.clock.advanceDays(7.5);
      await sweeper.runOnce();
      t.clock.advanceDays(1);
      await sweeper.runOnce();
      expect(await reminderRow(binding.id)).toMatchObject({ state: 'failed', error_code: 21610 });
      expect(messagePosts(fake)).toHaveLength(1);
    });

    it('a transient failure is retried with backoff, then succeeds', async () => {
      const binding = await order();
      t.clock.advanceDays(7.5);
      // Rate limited on every try of this sweep (the client's own retries included).
      fake.failNext({ status: 429, code: 20429, match: /Messages\.json$/ }, 4);
      expect((await sweeper.runOnce()).reminded).toBe(0);
      expect(await reminderRow(binding.id)).toMatchObject({ state: 'retry', attempts: 1, error_code: 20429 });
      // Not before the backoff is over.
      t.clock.advanceSeconds(4 * MINUTE);
      expect((await sweeper.runOnce()).reminded).toBe(0);
      t.clock.advanceSeconds(2 * MINUTE);
      expect((await sweeper.runOnce()).reminded).toBe(1);
      expect(await reminderRow(binding.id)).toMatchObject({ state: 'sent', attempts: 2 });
      expect(fake.outgoing()).toHaveLength(1);
    });

    it(`gives up after ${REMINDER_MAX_ATTEMPTS} attempts`, async () => {
      const binding = await order();
      t.clock.advanceDays(7.5);
      fake.failNext({ status: 400, code: 21606, match: /Messages\.json$/ }, 100);
      for (let i = 0; i < 12; i++) {
        await sweeper.runOnce();
        t.clock.advanceSeconds(3 * 3600);
      }
      expect(await reminderRow(binding.id)).toMatchObject({ state: 'failed', attempts: REMINDER_MAX_ATTEMPTS, error_code: 21606 });
      expect(messagePosts(fake)).toHaveLength(REMINDER_MAX_ATTEMPTS);
    });

    it('at most once: a send whose answer was lost is settled from the carrier\'s log, not sent again', async () => {
      const binding = await order();
      t.clock.advanceDays(7.5);
      fake.dropAnswerAfterSuccess(/POST .*\/Messages\.json$/);
      expect((await sweeper.runOnce()).reminded).toBe(0);
      expect(await reminderRow(binding.id)).toMatchObject({ state: 'sending', attempts: 1 });
      // Within the lease nobody touches it, not even another sweep.
      t.clock.advanceSeconds(5 * MINUTE);
      await sweeper.runOnce();
      expect(fake.requestsTo('GET', /\/Messages\.json$/)).toHaveLength(0);
      t.clock.advanceSeconds(6 * MINUTE);
      expect((await sweeper.runOnce()).reminded).toBe(1);
      const [sent] = fake.outgoing();
      expect(await reminderRow(binding.id)).toMatchObject({ state: 'sent', attempts: 1, provider_sid: sent!.sid });
      expect(messagePosts(fake)).toHaveLength(1);
      const lookups = fake.requestsTo('GET', /\/Messages\.json$/);
      expect(lookups).toHaveLength(1);
      expect(lookups[0]!.query).toMatchObject({ From: binding.relayNumber, To: expect.stringMatching(/^\+1/) });
      expect((await reminderRecords())[0]).toMatchObject({ provider_sid: sent!.sid, outcome: 'connected' });
    });

    it('at most once: a send that never reached the carrier is found missing and sent then, once', async () => {
      const binding = await order();
      t.clock.advanceDays(7.5);
      // A 5xx: Twilio may or may not have sent it; here it did not.
      fake.failNext({ status: 500, code: 20500, match: /Messages\.json$/ });
      await sweeper.runOnce();
      expect(await reminderRow(binding.id)).toMatchObject({ state: 'sending' });
      t.clock.advanceSeconds(11 * MINUTE);
      expect((await sweeper.runOnce()).reminded).toBe(1);
      expect(await reminderRow(binding.id)).toMatchObject({ state: 'sent', attempts: 2 });
      expect(fake.outgoing()).toHaveLength(1);
    });

    it('a crash between send and mark (attempt recorded, no outcome) is settled without a second send', async () => {
      const binding = await order();
      t.clock.advanceDays(7.5);
      // What a crash leaves: the attempt committed, the text at the carrier, no mark. Made by sending
      // once and then putting the row back as the crash would have left it.
      await sweeper.runOnce();
      const [sent] = fake.outgoing();
      await t.dataSource.query(`UPDATE reminder SET state = 'sending', lease_until = $2, provider_sid = NULL WHERE binding_id = $1`, [
        binding.id,
        t.clock.now(),
      ]);
      await t.dataSource.query(`UPDATE binding SET reminder_sent_at = NULL WHERE id = $1`, [binding.id]);
      await t.dataSource.query(`DELETE FROM message_record WHERE reason = 'reminder'`);
      t.clock.advanceSeconds(MINUTE);
      expect((await sweeper.runOnce()).reminded).toBe(1);
      expect(fake.outgoing()).toHaveLength(1);
      expect(await reminderRow(binding.id)).toMatchObject({ state: 'sent', provider_sid: sent!.sid });
    });

    it('two sweepers at once send each reminder once', async () => {
      await Promise.all([order(), order(), order()]);
      t.clock.advanceDays(7.5);
      const other = await startTestApp({ ...TWILIO_ENV, TWILIO_MESSAGING_SERVICE_SID: FAKE_SERVICE_SID }, t.clock, fake.httpClient());
      try {
        const [a, b] = await Promise.all([sweeper.runOnce(), other.app.get(SweeperJob).runOnce()]);
        expect(a.reminded + b.reminded).toBe(3);
      } finally {
        await other.close();
      }
      expect(fake.outgoing()).toHaveLength(3);
    });
  });
});
