import { SweeperJob } from '../src/lifecycle/sweeper.job.js';
import { checkout, createTenant, provisionNumbers, uniquePhone } from './factories/index.js';
import { resetDatabase, startTestApp, type TestApp } from './support/test-app.js';
import { callSid, messageSid, postWebhook, smsParams, voiceParams } from './support/twilio-webhooks.js';

const BASE = 'https://veil.example.test';

describe('carrier webhooks: calls and texts through the relay', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startTestApp({ QUARANTINE_DAYS: '30', RETENTION_DAYS: '30' });
  });
  beforeEach(async () => {
    await resetDatabase(t.dataSource);
    key = (await createTenant(t)).apiKey;
  });
  afterAll(() => t.close());

  const order = async (body: Record<string, unknown>) => {
    const answer = await t.request('POST', '/v1/bindings', { token: key, body: checkout(body) });
    expect(answer.status).toBe(201);
    return answer.body;
  };
  const call = (from: string, to: string, sid = callSid()) =>
    postWebhook(t.url, '/webhooks/twilio/voice', voiceParams(from, to, sid));
  const text = (from: string, to: string, body: string, sid = messageSid()) =>
    postWebhook(t.url, '/webhooks/twilio/sms', smsParams(from, to, body, sid));
  const callRecords = async () => (
    await t.flushRecords(),
    t.dataSource.query(`SELECT * FROM call_record ORDER BY created_at, id`)
  );
  const messageRecords = async () => (
    await t.flushRecords(),
    t.dataSource.query(`SELECT * FROM message_record ORDER BY created_at, id`)
  );

  const expectDial = (answer: Awaited<ReturnType<typeof call>>, relay: string, target: string) => {
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^text\/xml/);
    expect(answer.verbs).toEqual(['Dial']);
    const dial = answer.twiml.Response.Dial;
    expect(dial).toMatchObject({
      '@_callerId': relay,
      '@_answerOnBridge': 'true',
      '@_action': `${BASE}/webhooks/twilio/voice/status`,
      '@_timeout': '30',
      '@_timeLimit': '3600',
    });
    // A screened leg is `<Number url=…>+1…</Number>`, an unscreened one `<Number>+1…</Number>`.
    expect(dial.Number['#text'] ?? dial.Number).toBe(target);
    return dial;
  };
  /** The buyer's phone answers the screened leg and the buyer presses a key. */
  const acceptScreened = async (dial: any, buyer: string, sid: string) => {
    const screenUrl = new URL(dial.Number['@_url']);
    const screen = await postWebhook(t.url, `${screenUrl.pathname}${screenUrl.search}`, {
      CallSid: callSid(),
      ParentCallSid: sid,
      From: dial['@_callerId'],
      To: buyer,
      CallStatus: 'in-progress',
    });
    expect(screen.verbs).toEqual(['Gather', 'Hangup']);
    const acceptUrl = new URL(screen.twiml.Response.Gather['@_action']);
    const accept = await postWebhook(t.url, `${acceptUrl.pathname}${acceptUrl.search}`, { CallSid: callSid(), Digits: '1' });
    expect(accept.verbs).toEqual([]);
  };
  const expectNotInService = (answer: Awaited<ReturnType<typeof call>>) => {
    expect(answer.status).toBe(200);
    expect(answer.verbs).toEqual(['Say', 'Hangup']);
    expect(answer.twiml.Response.Say['#text']).toMatch(/not in service/);
  };

  it('a courier calls the buyer, the buyer calls back and reaches the courier', async () => {
    await provisionNumbers(t, 'dedicated', 1);
    const buyer = uniquePhone();
    const courier = uniquePhone();
    const binding = await order({ buyerPhone: buyer, counterparts: [{ phone: courier, role: 'courier' }] });
    const relay = binding.relayNumber;

    const sid = callSid();
    const dial = expectDial(await call(courier, relay, sid), relay, buyer);
    const [record] = await callRecords();
    expect(record).toMatchObject({
      provider_sid: sid,
      binding_id: binding.id,
      direction: 'to_buyer',
      from_role: 'courier',
      to_role: 'buyer',
      outcome: 'connected',
      from_masked: binding.counterparts[0].phoneMasked,
      to_masked: binding.buyerPhoneMasked,
    });
    // The buyer accepts the screened call with a key; the Dial action reports how the forwarded leg went.
    await acceptScreened(dial, buyer, sid);
    const status = await postWebhook(t.url, '/webhooks/twilio/voice/status', {
      CallSid: sid,
      DialCallStatus: 'completed',
      DialCallDuration: '42',
    });
    expect(status.verbs).toEqual([]);
    expect((await callRecords())[0]).toMatchObject({ outcome: 'connected', duration_seconds: 42 });

    t.clock.advanceSeconds(1);
    expectDial(await call(buyer, relay), relay, courier);
    const records = await callRecords();
    expect(records[1]).toMatchObject({ direction: 'from_buyer', from_role: 'buyer', to_role: 'courier' });
    const read = await t.request('GET', `/v1/bindings/${binding.id}`, { token: key });
    expect(read.body.counterparts[0].lastContactAt).toBe(t.clock.now().toISOString());
  });

  it('the buyer reaches whoever contacted them last, else the merchant, else hears that nobody can be reached', async () => {
    await provisionNumbers(t, 'dedicated', 2);
    const buyer = uniquePhone();
    const lonely = await order({ buyerPhone: buyer, counterparts: [{ phone: uniquePhone(), role: 'courier' }] });
    const nobody = await call(buyer, lonely.relayNumber);
    expect(nobody.verbs).toEqual(['Say', 'Hangup']);
    expect(nobody.twiml.Response.Say['#text']).toMatch(/Nobody can be reached/);

    const buyer2 = uniquePhone();
    const merchant = uniquePhone();
    const courier = uniquePhone();
    const busy = await order({
      buyerPhone: buyer2,
      counterparts: [
        { phone: merchant, role: 'merchant' },
        { phone: courier, role: 'courier' },
      ],
    });
    expectDial(await call(buyer2, busy.relayNumber), busy.relayNumber, merchant);
    t.clock.advanceSeconds(5);
    await call(courier, busy.relayNumber);
    expectDial(await call(buyer2, busy.relayNumber), busy.relayNumber, courier);
    t.clock.advanceSeconds(5);
    await text(merchant, busy.relayNumber, 'Your order has shipped');
    expectDial(await call(buyer2, busy.relayNumber), busy.relayNumber, merchant);
  });

  it('texts go both ways with the relay number as sender; delivery status lands on the record', async () => {
    await provisionNumbers(t, 'shared', 1);
    const buyer = uniquePhone();
    const courier = uniquePhone();
    const binding = await order({ mode: 'shared', buyerPhone: buyer, counterparts: [{ phone: courier, role: 'courier' }] });
    const relay = binding.relayNumber;

    const sid = messageSid();
    const forwarded = await text(courier, relay, 'I am at your door, code 4821', sid);
    expect(forwarded.verbs).toEqual(['Message']);
    expect(forwarded.twiml.Response.Message).toMatchObject({
      '@_to': buyer,
      '@_from': relay,
      '@_action': `${BASE}/webhooks/twilio/sms/status?record=${sid}`,
      '#text': 'I am at your door, code 4821',
    });
    t.clock.advanceSeconds(1);
    const reply = await text(buyer, relay, 'Leave it with the neighbour please');
    expect(reply.twiml.Response.Message).toMatchObject({
      '@_to': courier,
      '@_from': relay,
      '#text': 'Leave it with the neighbour please',
    });

    const records = await messageRecords();
    expect(
      records.map((r: { direction: string; outcome: string; body: string | null }) => [r.direction, r.outcome, r.body]),
    ).toEqual([
      ['to_buyer', 'connected', null],
      ['from_buyer', 'connected', null],
    ]);
    const status = await postWebhook(t.url, `/webhooks/twilio/sms/status?record=${sid}`, {
      MessageSid: messageSid(),
      MessageStatus: 'sent',
    });
    expect(status.status).toBe(204);
    expect((await messageRecords())[0].delivery_status).toBe('sent');
    const failed = await postWebhook(t.url, `/webhooks/twilio/sms/status?record=${sid}`, {
      MessageSid: messageSid(),
      MessageStatus: 'undelivered',
      ErrorCode: '30003',
    });
    expect(failed.status).toBe(204);
    expect((await messageRecords())[0]).toMatchObject({ delivery_status: 'undelivered', delivery_error_code: 30003, outcome: 'failed' });
  });

  it("never forwards the buyer's keywords or the carrier's words; answers only Veil's own", async () => {
    await provisionNumbers(t, 'dedicated', 1);
    const buyer = uniquePhone();
    const merchant = uniquePhone();
    const binding = await order({ buyerPhone: buyer, counterparts: [{ phone: merchant, role: 'merchant' }] });
    // The carrier answers its own words (STOP, START): Veil sends nothing back and forwards nothing.
    for (const body of ['STOP', 'start']) {
      const answer = await text(buyer, binding.relayNumber, body);
      expect(answer.status).toBe(200);
      expect(answer.contentType).toMatch(/^text\/xml/);
      expect(answer.verbs).toEqual([]);
    }
    // Veil's own keywords get Veil's answer, to the buyer (no `to`), in the keyword's language.
    const td = await text(buyer, binding.relayNumber, 'Reply TD.');
    expect(td.verbs).toEqual(['Message']);
    expect(td.twiml.Response.Message['@_to']).toBeUndefined();
    expect(td.twiml.Response.Message).toMatch(/^Done: /);
    const tuiding = await text(buyer, binding.relayNumber, '退订');
    expect(tuiding.verbs).toEqual(['Message']);
    expect(tuiding.twiml.Response.Message).toMatch(/^已退订/);
    const records = await messageRecords();
    expect(records.map((r: { outcome: string; reason: string }) => [r.outcome, r.reason])).toEqual([
      ['keyword', 'keyword'],
      ['keyword', 'keyword'],
      ['keyword', 'keyword'],
      ['keyword', 'keyword'],
    ]);
  });

  it('a stranger on a dedicated number reaches the buyer and becomes a caller the buyer can call back', async () => {
    await provisionNumbers(t, 'dedicated', 1);
    const buyer = uniquePhone();
    const stranger = uniquePhone();
    const binding = await order({ buyerPhone: buyer });
    expectDial(await call(stranger, binding.relayNumber), binding.relayNumber, buyer);
    const read = await t.request('GET', `/v1/bindings/${binding.id}`, { token: key });
    expect(read.body.counterparts).toEqual([
      expect.objectContaining({ role: 'caller', lastContactAt: t.clock.now().toISOString() }),
    ]);
    expect((await callRecords())[0]).toMatchObject({ from_role: 'caller', direction: 'to_buyer' });
    expectDial(await call(buyer, binding.relayNumber), binding.relayNumber, stranger);
    // Calling again does not add them twice.
    await call(stranger, binding.relayNumber);
    expect((await t.request('GET', `/v1/bindings/${binding.id}`, { token: key })).body.counterparts).toHaveLength(1);
  });

  it('refuses a stranger on a shared number with <Reject> as the first verb', async () => {
    await provisionNumbers(t, 'shared', 1);
    const binding = await order({ mode: 'shared', buyerPhone: uniquePhone() });
    const answer = await call(uniquePhone(), binding.relayNumber);
    expect(answer.verbs).toEqual(['Reject']);
    expect((await callRecords())[0]).toMatchObject({
      outcome: 'refused',
      from_role: 'stranger',
      binding_id: null,
      reason: 'stranger_on_shared',
    });
    const sms = await text(uniquePhone(), binding.relayNumber, 'hello?');
    expect(sms.verbs).toEqual([]);
    expect((await messageRecords())[0]).toMatchObject({ outcome: 'refused' });
  });

  it('forwards nothing once expiresAt has passed, before any sweep', async () => {
    await provisionNumbers(t, 'dedicated', 1);
    const buyer = uniquePhone();
    const courier = uniquePhone();
    const binding = await order({
      buyerPhone: buyer,
      counterparts: [{ phone: courier, role: 'courier' }],
      afterSalesEndsAt: new Date(t.clock.now().getTime() + 3000).toISOString(),
    });
    expectDial(await call(courier, binding.relayNumber), binding.relayNumber, buyer);
    t.clock.advanceSeconds(3);
    expectNotInService(await call(courier, binding.relayNumber));
    expectNotInService(await call(buyer, binding.relayNumber));
    expectNotInService(await call(uniquePhone(), binding.relayNumber));
    expect((await text(courier, binding.relayNumber, 'still there?')).verbs).toEqual([]);
    const outcomes = (await callRecords()).map((r: { outcome: string }) => r.outcome);
    expect(outcomes).toEqual(['connected', 'not_in_service', 'not_in_service', 'not_in_service']);
  });

  it('a former courier calling a number that now serves a new order is not connected; a courier named on it is', async () => {
    await provisionNumbers(t, 'dedicated', 1);
    const courier = uniquePhone();
    const first = await order({ buyerPhone: uniquePhone(), counterparts: [{ phone: courier, role: 'courier' }] });
    await t.request('POST', `/v1/bindings/${first.id}/close`, { token: key });
    t.clock.advanceDays(31);
    await t.app.get(SweeperJob).runOnce();
    const newBuyer = uniquePhone();
    const second = await order({ buyerPhone: newBuyer });
    expect(second.relayNumber).toBe(first.relayNumber);

    expectNotInService(await call(courier, second.relayNumber));
    expect((await callRecords()).at(-1)).toMatchObject({ outcome: 'not_in_service', reason: 'former_party' });
    // A true stranger still reaches the new buyer (dedicated rule 5)...
    expectDial(await call(uniquePhone(), second.relayNumber), second.relayNumber, newBuyer);
    // ...and once the platform names the courier on the new order, rule 3 wins.
    await t.request('POST', `/v1/bindings/${second.id}/counterparts`, { token: key, body: { phone: courier, role: 'courier' } });
    expectDial(await call(courier, second.relayNumber), second.relayNumber, newBuyer);
  });

  it('a counterpart removed from a binding is a former party at once', async () => {
    await provisionNumbers(t, 'dedicated', 1);
    const courier = uniquePhone();
    const binding = await order({ buyerPhone: uniquePhone(), counterparts: [{ phone: courier, role: 'courier' }] });
    await t.request('DELETE', `/v1/bindings/${binding.id}/counterparts/${binding.counterparts[0].id}`, { token: key });
    expectNotInService(await call(courier, binding.relayNumber));
  });

  it('answers not in service for a number Veil does not own', async () => {
    expectNotInService(await call(uniquePhone(), '+12025550199'));
    expect((await callRecords())[0]).toMatchObject({ outcome: 'not_in_service', reason: 'unknown_number' });
  });

  it('rejects a missing or wrong signature with 403 and records nothing', async () => {
    await provisionNumbers(t, 'dedicated', 1);
    const binding = await order({ buyerPhone: uniquePhone() });
    const params = voiceParams(uniquePhone(), binding.relayNumber);
    const attempts = [
      await postWebhook(t.url, '/webhooks/twilio/voice', params, { signature: null }),
      await postWebhook(t.url, '/webhooks/twilio/voice', params, { signature: 'bm90IGEgc2lnbmF0dXJl' }),
      await postWebhook(t.url, '/webhooks/twilio/voice', params, { authToken: 'someone-elses-token' }),
      // Signed for http:// while Twilio calls https://: a different URL, so a different signature.
      await postWebhook(t.url, '/webhooks/twilio/voice', params, { publicBaseUrl: 'http://veil.example.test' }),
      await postWebhook(t.url, '/webhooks/twilio/sms', smsParams(uniquePhone(), binding.relayNumber, 'hi'), { signature: null }),
      await postWebhook(
        t.url,
        '/webhooks/twilio/voice/status',
        { CallSid: callSid(), DialCallStatus: 'completed' },
        { signature: null },
      ),
      await postWebhook(
        t.url,
        '/webhooks/twilio/sms/status',
        { MessageSid: messageSid(), MessageStatus: 'delivered' },
        { signature: null },
      ),
    ];
    for (const answer of attempts) expect(answer.status).toBe(403);
    expect(JSON.parse(attempts[0]!.text)).toMatchObject({ statusCode: 403, error: 'invalid_signature' });
    expect(await callRecords()).toEqual([]);
    expect(await messageRecords()).toEqual([]);
    expect((await t.request('GET', `/v1/bindings/${binding.id}`, { token: key })).body.counterparts).toEqual([]);
  });

  it('a retried webhook (same CallSid / MessageSid) makes one record', async () => {
    await provisionNumbers(t, 'dedicated', 1);
    const buyer = uniquePhone();
    const courier = uniquePhone();
    const binding = await order({ buyerPhone: buyer, counterparts: [{ phone: courier, role: 'courier' }] });
    const sid = callSid();
    const answers = await Promise.all([
      call(courier, binding.relayNumber, sid),
      call(courier, binding.relayNumber, sid),
      call(courier, binding.relayNumber, sid),
    ]);
    for (const answer of answers) expectDial(answer, binding.relayNumber, buyer);
    const textSid = messageSid();
    await text(courier, binding.relayNumber, 'hello', textSid);
    await text(courier, binding.relayNumber, 'hello', textSid);
    expect(await callRecords()).toHaveLength(1);
    expect(await messageRecords()).toHaveLength(1);
  });

  it('answers valid TwiML for signed but malformed webhooks', async () => {
    const voice = await postWebhook(t.url, '/webhooks/twilio/voice', { CallSid: callSid() });
    expect(voice.status).toBe(200);
    expect(voice.verbs).toEqual(['Say', 'Hangup']);
    const sms = await postWebhook(t.url, '/webhooks/twilio/sms', {
      MessageSid: messageSid(),
      From: 'anonymous',
      To: 'nobody',
      Body: '',
    });
    expect(sms.status).toBe(200);
    expect(sms.verbs).toEqual([]);
  });
});
