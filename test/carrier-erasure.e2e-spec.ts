import { SweeperJob } from '../src/lifecycle/sweeper.job.js';
import { checkout, createTenant, uniquePhone } from './factories/index.js';
import { FAKE_ACCOUNT_SID, FAKE_AUTH_TOKEN, FakeTwilio } from './support/fake-twilio.js';
import { resetDatabase, startTestApp, type TestApp } from './support/test-app.js';
import { TestClock } from './support/test-clock.js';
import { postWebhook, smsParams, voiceParams } from './support/twilio-webhooks.js';

describe("purge reaches the carrier: Twilio's records of a purged binding's calls, texts and media are deleted", () => {
  let fake: FakeTwilio;
  let t: TestApp;
  let key: string;
  let sweeper: SweeperJob;
  let stock = 0;

  beforeAll(async () => {
    fake = await FakeTwilio.start();
    t = await startTestApp(
      {
        TELEPHONY_PROVIDER: 'twilio',
        TWILIO_ACCOUNT_SID: FAKE_ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: FAKE_AUTH_TOKEN,
        RETENTION_DAYS: '1',
        REMINDER_DAYS_BEFORE: '0',
      },
      new TestClock(),
      fake.httpClient(),
    );
    sweeper = t.app.get(SweeperJob);
  });
  beforeEach(async () => {
    fake.reset();
    fake.now = () => t.clock.now();
    await resetDatabase(t.dataSource);
    key = (await createTenant(t)).apiKey;
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  const post = (path: string, params: Record<string, string>) => postWebhook(t.url, path, params, { authToken: FAKE_AUTH_TOKEN });

  /** A binding with a forwarded call (and its dialled leg), an MMS and the text that forwarded it, all at the fake. */
  async function bindingWithTraffic() {
    fake.stock(`+1628558${String(1000 + stock++)}`);
    expect((await t.admin('POST', '/v1/admin/numbers', { country: 'US', count: 1, pool: 'dedicated' })).status).toBe(201);
    const buyer = uniquePhone();
    const courier = uniquePhone();
    const binding = (
      await t.request('POST', '/v1/bindings', { token: key, body: checkout({ buyerPhone: buyer, counterparts: [{ phone: courier, role: 'courier' }] }) })
    ).body;
    const relay = binding.relayNumber;
    const call = fake.addCall(courier, relay);
    const leg = fake.addCall(relay, buyer, { parentSid: call.sid });
    await post('/webhooks/twilio/voice', voiceParams(courier, relay, call.sid));
    const mms = fake.addMms(courier, relay, 2);
    await post('/webhooks/twilio/sms', smsParams(courier, relay, 'Left at the door, photo attached', mms.sid));
    const forwarded = fake.addOutbound(relay, buyer, 'Left at the door, photo attached');
    await post(`/webhooks/twilio/sms/status?record=${mms.sid}`, { MessageSid: forwarded.sid, MessageStatus: 'delivered' });
    await t.flushRecords();
    expect((await t.request('POST', `/v1/bindings/${binding.id}/close`, { token: key })).status).toBe(200);
    return { binding, sids: [call.sid, leg.sid, mms.sid, forwarded.sid], call, leg, mms, forwarded };
  }

  const erasures = () =>
    t.dataSource.query(`SELECT provider_sid, kind, state, attempts, last_error FROM carrier_erasure ORDER BY kind, provider_sid`);

  it('deletes the calls with their dialled legs, the texts with their media, and the forwarded copies', async () => {
    const { sids, call, leg, mms, forwarded } = await bindingWithTraffic();
    t.clock.advanceDays(2);
    const swept = await sweeper.runOnce();
    expect(swept.purged).toBe(1);
    expect(await erasures()).toEqual(
      [
        { provider_sid: call.sid, kind: 'call', state: 'done', attempts: 1, last_error: null },
        { provider_sid: mms.sid, kind: 'message', state: 'done', attempts: 1, last_error: null },
        { provider_sid: forwarded.sid, kind: 'message', state: 'done', attempts: 1, last_error: null },
      ].sort((a, b) => (a.kind + a.provider_sid).localeCompare(b.kind + b.provider_sid)),
    );
    for (const sid of sids) {
      expect(fake.messages.has(sid) || fake.calls.has(sid)).toBe(false);
    }
    expect(fake.media.has(mms.sid)).toBe(false);
    expect(fake.requestsTo('DELETE', /\/Media\/ME[0-9a-f]{32}\.json$/)).toHaveLength(2);
    expect(fake.requestsTo('DELETE', new RegExp(`/Calls/${leg.sid}\\.json$`))).toHaveLength(1);
    // Once: a later sweep deletes nothing more.
    await sweeper.runOnce();
    expect(fake.requests.filter((r) => r.method === 'DELETE')).toHaveLength(6);
    const metrics = await t.request('GET', '/metrics');
    expect(metrics.text).toMatch(/veil_carrier_erasures_total\{result="done"\} 3/);
  });

  it('retries what the carrier cannot delete yet (a call still in progress) and a passing 5xx', async () => {
    const { leg, call } = await bindingWithTraffic();
    fake.calls.get(leg.sid)!.status = 'in-progress';
    fake.failNext({ status: 503, code: 20500, match: /DELETE .*\/Messages\/(SM|MM)[0-9a-f]{32}\.json$/ });
    t.clock.advanceDays(2);
    await sweeper.runOnce();
    const first = await erasures();
    expect(first.find((r: { provider_sid: string }) => r.provider_sid === call.sid)).toMatchObject({ state: 'pending', attempts: 1 });
    expect(first.filter((r: { kind: string; state: string }) => r.kind === 'message').map((r: { state: string }) => r.state)).toEqual(['done', 'done']);
    fake.calls.get(leg.sid)!.status = 'completed';
    t.clock.advanceSeconds(2 * 60);
    await sweeper.runOnce();
    expect((await erasures()).map((r: { state: string }) => r.state)).toEqual(['done', 'done', 'done']);
    expect(fake.calls.size).toBe(0);
  });

  it('records and reports an account that may not delete, and leaves Veil\'s own purge done', async () => {
    const { binding } = await bindingWithTraffic();
    fake.deletesAllowed = false;
    t.clock.advanceDays(2);
    expect((await sweeper.runOnce()).purged).toBe(1);
    expect((await erasures()).map((r: { state: string }) => r.state)).toEqual(['refused', 'refused', 'refused']);
    expect(t.logs.some((l) => l.includes('refused to delete') && l.includes(binding.id) && l.includes('may not delete'))).toBe(true);
    const metrics = await t.request('GET', '/metrics');
    expect(metrics.text).toMatch(/veil_carrier_erasures_total\{result="refused"\} 3/);
    const purged = await t.request('GET', `/v1/bindings/${binding.id}`, { token: key });
    expect(purged.body.purged).toBe(true);
    // Refused is final: nothing is tried again and again.
    const deletes = fake.requests.filter((r) => r.method === 'DELETE').length;
    t.clock.advanceDays(1);
    await sweeper.runOnce();
    expect(fake.requests.filter((r) => r.method === 'DELETE').length).toBe(deletes);
  });
});
