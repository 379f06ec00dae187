import { EventDeliveryJob } from '../src/events/event-delivery.job.js';
import { SweeperJob } from '../src/lifecycle/sweeper.job.js';
import { checkout, createTenant, uniquePhone } from './factories/index.js';
import { expectDocumented } from './support/event-docs.js';
import { EventReceiver, type ReceivedEvent } from './support/event-receiver.js';
import { FAKE_ACCOUNT_SID, FAKE_AUTH_TOKEN, FAKE_SERVICE_SID, FakeTwilio } from './support/fake-twilio.js';
import { resetDatabase, startTestApp } from './support/test-app.js';
import { TestClock } from './support/test-clock.js';
import { messageSid, postWebhook, smsParams } from './support/twilio-webhooks.js';

const TWILIO_ENV = { TELEPHONY_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: FAKE_ACCOUNT_SID, TWILIO_AUTH_TOKEN: FAKE_AUTH_TOKEN };

let stockSequence = 0;

/** One app on the fake Twilio, with helpers that text through the fake network first (as Twilio does). */
async function harness(env: Record<string, string>) {
  const fake = await FakeTwilio.start();
  const t = await startTestApp({ ...TWILIO_ENV, ...env }, new TestClock(), fake.httpClient());
  let key = '';
  let tenantId = '';
  const receivers: EventReceiver[] = [];
  const h = {
    fake,
    t,
    get key() {
      return key;
    },
    async reset() {
      fake.reset();
      fake.now = () => t.clock.now();
      if (env.TWILIO_MESSAGING_SERVICE_SID) fake.addService();
      await Promise.all(receivers.splice(0).map((r) => r.close()));
      await resetDatabase(t.dataSource);
      ({ id: tenantId, apiKey: key } = await createTenant(t));
    },
    get tenantId() {
      return tenantId;
    },
    /** Registers a local receiver as the tenant's event endpoint (the tenant of `token`, by default h's). */
    async endpoint(token = key): Promise<EventReceiver> {
      const receiver = await new EventReceiver().start();
      receivers.push(receiver);
      const answer = await t.request('PUT', '/v1/webhook', { token, body: { url: receiver.url } });
      expect(answer.status).toBe(201);
      receiver.secrets = [answer.body.secret];
      return receiver;
    },
    /** Delivers the outbox, then answers what `receiver` took (each id once), carrier events only unless `all`. */
    async delivered(receiver: EventReceiver, all = false): Promise<ReceivedEvent[]> {
      await t.flushRecords();
      await t.app.get(EventDeliveryJob).drain();
      expect(receiver.requests.every((r) => r.validSignature)).toBe(true);
      expectDocumented(receiver.unique());
      return receiver.unique().filter((e) => all || e.type === 'buyer.carrier_opt_out' || e.type === 'carrier_block.cleared');
    },
    async closeReceivers() {
      await Promise.all(receivers.splice(0).map((r) => r.close()));
    },
    async provision(pool: 'dedicated' | 'shared', count: number): Promise<string[]> {
      for (let i = 0; i < count; i++) fake.stock(`+1628556${String(1000 + stockSequence++).padStart(4, '0')}`);
      const answer = await t.admin('POST', '/v1/admin/numbers', { country: 'US', count, pool });
      expect(answer.status).toBe(201);
      return answer.body.numbers.map((n: { e164: string }) => n.e164);
    },
    async order(overrides: Record<string, unknown> = {}) {
      const answer = await t.request('POST', '/v1/bindings', { token: key, body: checkout({ windowDays: 10, ...overrides }) });
      expect(answer.status).toBe(201);
      return answer.body;
    },
    /** A text from `from` to the relay number: through the fake network (its opt-out handling), then Veil's webhook. */
    async text(from: string, to: string, body: string) {
      const { messageSid: sid, optOutType } = fake.receiveText(from, to, body);
      const params = { ...smsParams(from, to, body, sid), ...(optOutType ? { OptOutType: optOutType } : {}) };
      const answer = await postWebhook(t.url, '/webhooks/twilio/sms', params, { authToken: FAKE_AUTH_TOKEN });
      await t.flushRecords();
      const record = (
        await t.dataSource.query(`SELECT outcome, reason, reasons FROM message_record WHERE provider_sid = $1`, [sid])
      )[0];
      return { answer, record };
    },
    blocks: () => t.dataSource.query(`SELECT scope, source FROM carrier_block ORDER BY scope`),
    async binding(id: string) {
      return (await t.request('GET', `/v1/bindings/${id}`, { token: key })).body;
    },
  };
  return h;
}

describe('carrier opt-out, scope = the Messaging Service', () => {
  let h: Awaited<ReturnType<typeof harness>>;

  beforeAll(async () => {
    h = await harness({ TWILIO_MESSAGING_SERVICE_SID: FAKE_SERVICE_SID, REMINDER_DAYS_BEFORE: '3' });
  });
  beforeEach(() => h.reset());
  afterAll(async () => {
    await h.closeReceivers();
    await h.t.close();
    await h.fake.close();
  });

  it("a buyer's STOP blocks every number of the service: nothing is forwarded, texts are recorded carrier_opt_out", async () => {
    const [x1, x2] = await h.provision('dedicated', 2);
    const buyer = uniquePhone();
    const courier = uniquePhone();
    const first = await h.order({ buyerPhone: buyer, counterparts: [{ phone: courier, role: 'courier' }] });
    const second = await h.order({ buyerPhone: buyer });
    expect([first.relayNumber, second.relayNumber].sort()).toEqual([x1, x2].sort());
    expect(first.carrierOptOut).toBe(false);

    const stop = await h.text(buyer, first.relayNumber, 'STOP');
    // Veil's own answer is not sent: the carrier answers STOP itself.
    expect(stop.answer.verbs).toEqual([]);
    expect(await h.blocks()).toEqual([{ scope: FAKE_SERVICE_SID, source: 'keyword' }]);
    expect((await h.binding(first.id)).carrierOptOut).toBe(true);
    expect((await h.binding(second.id)).carrierOptOut).toBe(true);

    const onFirst = await h.text(courier, first.relayNumber, 'At your door');
    expect(onFirst.answer.verbs).toEqual([]);
    expect(onFirst.record).toMatchObject({ outcome: 'blocked', reason: 'carrier_opt_out' });
    // The stranger calling the second number is a caller on a dedicated number: blocked there too.
    const onSecond = await h.text(uniquePhone(), second.relayNumber, 'Your parcel is here');
    expect(onSecond.record).toMatchObject({ outcome: 'blocked', reason: 'carrier_opt_out' });

    const admin = await h.t.admin('GET', '/v1/admin/records?kind=sms&outcome=blocked');
    expect(admin.body.items.filter((r: { reason: string }) => r.reason === 'carrier_opt_out')).toHaveLength(2);
    const overview = await h.t.admin('GET', '/v1/admin/overview');
    expect(overview.body.blockedByReason.carrier_opt_out).toBe(2);
  });

  it('START clears the block (Veil does not answer it either); texts flow again', async () => {
    await h.provision('dedicated', 1);
    const buyer = uniquePhone();
    const courier = uniquePhone();
    const binding = await h.order({ buyerPhone: buyer, counterparts: [{ phone: courier, role: 'courier' }] });
    await h.text(buyer, binding.relayNumber, 'STOP');
    const start = await h.text(buyer, binding.relayNumber, 'START');
    expect(start.answer.verbs).toEqual([]);
    expect(start.record).toMatchObject({ outcome: 'keyword', reasons: ['carrier_start'] });
    expect(await h.blocks()).toEqual([]);
    expect((await h.binding(binding.id)).carrierOptOut).toBe(false);
    const forwarded = await h.text(courier, binding.relayNumber, 'At your door');
    expect(forwarded.answer.verbs).toEqual(['Message']);
  });

  it('YES clears the block and is left to the message rules (an ordinary answer, not a carrier word)', async () => {
    await h.provision('dedicated', 1);
    const buyer = uniquePhone();
    const courier = uniquePhone();
    const binding = await h.order({ buyerPhone: buyer, counterparts: [{ phone: courier, role: 'courier' }] });
    // The courier's question is forwarded first (a text blocked by the carrier would not make the courier
    // the reply target: DESIGN's reply-target rule), then the buyer texts STOP, then YES.
    await h.text(courier, binding.relayNumber, 'Leave it with the neighbour? Yes or no');
    await h.text(buyer, binding.relayNumber, 'STOP');
    const yes = await h.text(buyer, binding.relayNumber, 'Yes');
    expect(yes.record.reasons).not.toContain('carrier_yes');
    expect(yes.answer.verbs).toEqual(['Message']);
    expect(await h.blocks()).toEqual([]);
    // And from then on the buyer is reachable again.
    expect((await h.text(courier, binding.relayNumber, 'Done, left with them')).answer.verbs).toEqual(['Message']);
  });

  it("a counterpart's STOP is the carrier's: not forwarded, and the buyer's replies to them are not sent", async () => {
    await h.provision('dedicated', 1);
    const buyer = uniquePhone();
    const courier = uniquePhone();
    const binding = await h.order({ buyerPhone: buyer, counterparts: [{ phone: courier, role: 'courier' }] });
    await h.text(courier, binding.relayNumber, 'On my way');
    const stop = await h.text(courier, binding.relayNumber, 'stop');
    expect(stop.answer.verbs).toEqual([]);
    expect(stop.record.outcome).not.toBe('connected');
    const reply = await h.text(buyer, binding.relayNumber, 'Thanks, gate code 4821');
    expect(reply.answer.verbs).toEqual([]);
    expect(reply.record).toMatchObject({ outcome: 'blocked', reason: 'carrier_opt_out' });
  });

  it('a sender ID cannot opt out (there is no phone to block)', async () => {
    await h.provision('dedicated', 1);
    const binding = await h.order();
    await h.text('SHOPNOW', binding.relayNumber, 'STOP');
    expect(await h.blocks()).toEqual([]);
  });

  it('a 21610 on a forwarded text records the block, as the carrier has it', async () => {
    await h.provision('dedicated', 1);
    const buyer = uniquePhone();
    const courier = uniquePhone();
    const binding = await h.order({ buyerPhone: buyer, counterparts: [{ phone: courier, role: 'courier' }] });
    const sid = messageSid();
    const status = await postWebhook(
      h.t.url,
      `/webhooks/twilio/sms/status?record=${sid}`,
      { MessageSid: messageSid(), MessageStatus: 'failed', ErrorCode: '21610', From: binding.relayNumber, To: buyer },
      { authToken: FAKE_AUTH_TOKEN },
    );
    expect(status.status).toBe(204);
    expect(await h.blocks()).toEqual([{ scope: FAKE_SERVICE_SID, source: 'send_error' }]);
    expect((await h.text(courier, binding.relayNumber, 'Hello?')).record.reason).toBe('carrier_opt_out');
  });

  it('no reminder is sent to a blocked buyer, and a reminder refused with 21610 records the block', async () => {
    await h.provision('dedicated', 2);
    const stopped = uniquePhone();
    const silent = uniquePhone();
    const a = await h.order({ buyerPhone: stopped });
    const b = await h.order({ buyerPhone: silent });
    await h.text(stopped, a.relayNumber, 'STOP');
    // Opted out at the carrier some other way (on another service number, before Veil): only Twilio knows.
    h.fake.optOuts.add(`${FAKE_SERVICE_SID}|${silent}`);
    h.t.clock.advanceDays(7.5);
    expect((await h.t.app.get(SweeperJob).runOnce()).reminded).toBe(0);
    const posts = h.fake.requestsTo('POST', /\/Messages\.json$/);
    expect(posts.map((p) => p.form.To)).toEqual([silent]);
    const reminders = await h.t.dataSource.query(
      `SELECT binding_id, outcome, reasons, delivery_error_code FROM message_record WHERE reason = 'reminder' ORDER BY binding_id`,
    );
    expect(reminders).toEqual(
      [a.id, b.id]
        .sort()
        .map((id) => ({ binding_id: id, outcome: 'failed', reasons: ['carrier_opt_out'], delivery_error_code: 21610 })),
    );
    expect((await h.blocks()).map((r: { source: string }) => r.source).sort()).toEqual(['keyword', 'send_error']);
  });

  it("tells the platform: buyer.carrier_opt_out on each of the buyer's live bindings in the service (any tenant), carrier_block.cleared at START", async () => {
    await h.provision('dedicated', 5);
    const receiver = await h.endpoint();
    const other = await createTenant(h.t, 'other shop');
    const otherReceiver = await h.endpoint(other.apiKey);
    const buyer = uniquePhone();
    const first = await h.order({ buyerPhone: buyer });
    const second = await h.order({ buyerPhone: buyer });
    const ended = await h.order({ buyerPhone: buyer });
    expect((await h.t.request('POST', `/v1/bindings/${ended.id}/close`, { token: h.key })).status).toBe(200);
    // The same phone as a courier elsewhere: a counterpart's block is not a buyer's opt-out.
    const asCourier = await h.order({ counterparts: [{ phone: buyer, role: 'courier' }] });
    const elsewhere = (
      await h.t.request('POST', '/v1/bindings', { token: other.apiKey, body: checkout({ buyerPhone: buyer, windowDays: 10 }) })
    ).body;

    await h.text(buyer, first.relayNumber, 'STOP');
    await h.text(buyer, second.relayNumber, 'stop'); // blocked already: nothing new to tell
    const stopped = await h.delivered(receiver);
    expect(stopped.map((e) => [e.type, e.bindingId]).sort()).toEqual(
      [
        ['buyer.carrier_opt_out', first.id],
        ['buyer.carrier_opt_out', second.id],
      ].sort(),
    );
    for (const [event, binding] of [
      [stopped.find((e) => e.bindingId === first.id)!, first],
      [stopped.find((e) => e.bindingId === second.id)!, second],
    ] as const) {
      expect(event).toMatchObject({ orderId: binding.orderId, sequence: 2 }); // after binding.created
      expect(event.data).toEqual({
        source: 'keyword',
        scope: 'messaging_service',
        relayNumber: binding.relayNumber,
        buyerPhoneMasked: binding.buyerPhoneMasked,
      });
    }
    expect(stopped.some((e) => e.bindingId === ended.id || e.bindingId === asCourier.id)).toBe(false);
    const [otherEvent] = await h.delivered(otherReceiver);
    expect(otherEvent).toMatchObject({ type: 'buyer.carrier_opt_out', bindingId: elsewhere.id, orderId: elsewhere.orderId });

    // START on any number of the service clears it there and everywhere in it.
    await h.text(buyer, second.relayNumber, 'START');
    await h.text(buyer, second.relayNumber, 'START'); // nothing left to clear
    const cleared = (await h.delivered(receiver)).filter((e) => e.type === 'carrier_block.cleared');
    expect(cleared.map((e) => e.bindingId).sort()).toEqual([first.id, second.id].sort());
    expect(cleared.find((e) => e.bindingId === first.id)).toMatchObject({ sequence: 3 });
    expect(cleared[0]!.data).toMatchObject({ source: 'keyword', scope: 'messaging_service', blockedAt: expect.any(String) });
    expect((await h.delivered(otherReceiver)).map((e) => e.type)).toEqual(['buyer.carrier_opt_out', 'carrier_block.cleared']);

    const everything = [...receiver.requests, ...otherReceiver.requests].map((r) => r.body).join('\n');
    expect(everything).not.toContain(buyer);
    expect(everything).not.toContain(buyer.slice(2));
  });

  it('a 21610 on a forwarded text tells the platform after the text.delivery_failed; a refused reminder does too', async () => {
    await h.provision('dedicated', 2);
    const receiver = await h.endpoint();
    const buyer = uniquePhone();
    const courier = uniquePhone();
    const binding = await h.order({ buyerPhone: buyer, counterparts: [{ phone: courier, role: 'courier' }] });
    const forwarded = await h.text(courier, binding.relayNumber, 'At your door');
    expect(forwarded.answer.verbs).toEqual(['Message']);
    const sid = (await h.t.dataSource.query(`SELECT provider_sid FROM message_record WHERE binding_id = $1`, [binding.id]))[0]
      .provider_sid;
    const status = await postWebhook(
      h.t.url,
      `/webhooks/twilio/sms/status?record=${sid}`,
      { MessageSid: messageSid(), MessageStatus: 'undelivered', ErrorCode: '21610', From: binding.relayNumber, To: buyer },
      { authToken: FAKE_AUTH_TOKEN },
    );
    expect(status.status).toBe(204);
    // The next text to the buyer is not sent: the platform hears of it as blocked, carrier_opt_out.
    expect((await h.text(courier, binding.relayNumber, 'Hello?')).answer.verbs).toEqual([]);
    const events = await h.delivered(receiver, true);
    expect(events.filter((e) => e.bindingId === binding.id).map((e) => [e.sequence, e.type])).toEqual([
      [1, 'binding.created'],
      [2, 'text.forwarded'],
      [3, 'text.delivery_failed'],
      [4, 'buyer.carrier_opt_out'],
      [5, 'text.blocked'],
    ]);
    expect(events[2]!.data).toMatchObject({ errorCode: 21610, reason: 'carrier_opt_out' });
    expect(events[3]!.data).toMatchObject({ source: 'send_error', scope: 'messaging_service' });
    expect(events[4]!.data).toMatchObject({
      outcome: 'blocked',
      reason: 'carrier_opt_out',
      fromRole: 'courier',
      toRole: 'buyer',
    });

    // Opted out at the carrier some other way: only Twilio knows, and says so when the reminder is sent.
    const silent = uniquePhone();
    const reminded = await h.order({ buyerPhone: silent });
    h.fake.optOuts.add(`${FAKE_SERVICE_SID}|${silent}`);
    h.t.clock.advanceDays(7.5);
    await h.t.app.get(SweeperJob).runOnce();
    const later = (await h.delivered(receiver)).filter((e) => e.bindingId === reminded.id);
    expect(later.map((e) => [e.type, e.data.source])).toEqual([['buyer.carrier_opt_out', 'send_error']]);
  });

  it('checkout flags a binding whose buyer the service blocks', async () => {
    const [x] = await h.provision('shared', 1);
    const buyer = uniquePhone();
    await h.text(buyer, x!, 'UNSUBSCRIBE');
    const binding = await h.order({ buyerPhone: buyer, mode: 'shared' });
    expect(binding.carrierOptOut).toBe(true);
  });

  it('UNSTOP clears the block as START does, and the admin binding view shows the block while it lasts', async () => {
    await h.provision('dedicated', 1);
    const buyer = uniquePhone();
    const courier = uniquePhone();
    const binding = await h.order({ buyerPhone: buyer, counterparts: [{ phone: courier, role: 'courier' }] });
    await h.text(buyer, binding.relayNumber, 'STOP');
    const blocked = await h.t.admin('GET', `/v1/admin/bindings/${binding.id}`);
    expect(blocked.body.binding.carrierOptOut).toBe(true);
    const unstop = await h.text(buyer, binding.relayNumber, 'unstop');
    expect(unstop.answer.verbs).toEqual([]);
    expect(unstop.record).toMatchObject({ outcome: 'keyword', reasons: ['carrier_start'] });
    expect(await h.blocks()).toEqual([]);
    expect((await h.t.admin('GET', `/v1/admin/bindings/${binding.id}`)).body.binding.carrierOptOut).toBe(false);
    expect((await h.text(courier, binding.relayNumber, 'At your door')).answer.verbs).toEqual(['Message']);
  });

  it("Veil's own opt-out (TD) stays Veil's: one sender blocked, no carrier block, the others still reach the buyer", async () => {
    await h.provision('dedicated', 1);
    const buyer = uniquePhone();
    const courier = uniquePhone();
    const merchant = uniquePhone();
    const binding = await h.order({
      buyerPhone: buyer,
      counterparts: [
        { phone: courier, role: 'courier' },
        { phone: merchant, role: 'merchant' },
      ],
    });
    expect((await h.text(courier, binding.relayNumber, 'On my way')).answer.verbs).toEqual(['Message']);
    const td = await h.text(buyer, binding.relayNumber, 'TD');
    // Not a carrier word: Twilio passes it on without OptOutType, and Veil answers it.
    expect(td.answer.verbs).toEqual(['Message']);
    expect(await h.blocks()).toEqual([]);
    expect((await h.binding(binding.id)).carrierOptOut).toBe(false);
    expect((await h.text(courier, binding.relayNumber, 'Are you home?')).record).toMatchObject({ outcome: 'blocked', reason: 'opted_out' });
    expect((await h.text(merchant, binding.relayNumber, 'Your invoice is ready')).answer.verbs).toEqual(['Message']);
  });

  it("HELP is answered by the carrier (OptOutType=HELP), so Veil's answer is not sent; 帮助 is Veil's and answered", async () => {
    await h.provision('dedicated', 1);
    const buyer = uniquePhone();
    const binding = await h.order({ buyerPhone: buyer });
    const help = await h.text(buyer, binding.relayNumber, 'HELP');
    expect(help.answer.verbs).toEqual([]);
    expect(help.record).toMatchObject({ outcome: 'keyword', reasons: ['keyword_help'] });
    expect(await h.blocks()).toEqual([]);
    const bangzhu = await h.text(buyer, binding.relayNumber, '帮助');
    expect(bangzhu.answer.verbs).toEqual(['Message']);
    expect(bangzhu.record).toMatchObject({ outcome: 'keyword', reasons: ['keyword_help'] });
  });
});

describe('carrier opt-out, scope = the relay number (no Messaging Service)', () => {
  let h: Awaited<ReturnType<typeof harness>>;

  beforeAll(async () => {
    h = await harness({ SMS_RATE_PER_HOUR: '3' });
  });
  beforeEach(() => h.reset());
  afterAll(async () => {
    await h.closeReceivers();
    await h.t.close();
    await h.fake.close();
  });

  it('blocks only that number, and shared checkout places the phone on another number', async () => {
    const [x1, x2] = await h.provision('shared', 2);
    const buyer = uniquePhone();
    await h.text(buyer, x1!, 'STOP');
    expect(await h.blocks()).toEqual([{ scope: x1, source: 'keyword' }]);
    // First fit would be x1; the buyer's block there sends them to x2.
    const placed = await h.order({ buyerPhone: buyer, mode: 'shared' });
    expect(placed.relayNumber).toBe(x2);
    expect(placed.carrierOptOut).toBe(false);
    // Someone else still gets x1 first.
    expect((await h.order({ mode: 'shared' })).relayNumber).toBe(x1);
  });

  it("tells the platform about the buyer's binding on that number only", async () => {
    const [x1, x2] = await h.provision('shared', 2);
    const receiver = await h.endpoint();
    const buyer = uniquePhone();
    const onX1 = await h.order({ buyerPhone: buyer, mode: 'shared' });
    const onX2 = await h.order({ buyerPhone: buyer, mode: 'shared' });
    expect([onX1.relayNumber, onX2.relayNumber]).toEqual([x1, x2]);
    await h.text(buyer, x2!, 'STOP');
    const [stopped, ...rest] = await h.delivered(receiver);
    expect(rest).toEqual([]);
    expect(stopped).toMatchObject({ type: 'buyer.carrier_opt_out', bindingId: onX2.id, sequence: 2 });
    expect(stopped!.data).toEqual({
      source: 'keyword',
      scope: 'relay_number',
      relayNumber: x2,
      buyerPhoneMasked: onX2.buyerPhoneMasked,
    });
    // START on the other number clears nothing (there is nothing blocked there), UNSTOP on x2 does.
    await h.text(buyer, x1!, 'START');
    await h.text(buyer, x2!, 'UNSTOP');
    const cleared = (await h.delivered(receiver)).filter((e) => e.type === 'carrier_block.cleared');
    expect(cleared.map((e) => [e.bindingId, e.sequence, e.data.scope])).toEqual([[onX2.id, 3, 'relay_number']]);
  });

  it('a counterpart blocked on a number keeps the binding off it too', async () => {
    const [x1, x2] = await h.provision('shared', 2);
    const courier = uniquePhone();
    await h.text(courier, x1!, 'QUIT');
    const placed = await h.order({ mode: 'shared', counterparts: [{ phone: courier, role: 'courier' }] });
    expect(placed.relayNumber).toBe(x2);
  });

  it('the carrier block is the first check: a blocked text is not counted, never rate_limited, and makes no reply target', async () => {
    await h.provision('dedicated', 1);
    const buyer = uniquePhone();
    const courier = uniquePhone();
    const binding = await h.order({ buyerPhone: buyer, counterparts: [{ phone: courier, role: 'courier' }] });
    await h.text(buyer, binding.relayNumber, 'STOP');
    // Four texts over the limit of three an hour, all to a phone the carrier blocks: each is recorded as
    // the carrier's block, none as rate_limited, and none counts against the courier's hourly limit.
    for (const body of ['At the gate', 'Ringing now', 'Still here', 'Leaving a card']) {
      const { answer, record } = await h.text(courier, binding.relayNumber, body);
      expect(answer.verbs).toEqual([]);
      expect(record).toMatchObject({ outcome: 'blocked', reason: 'carrier_opt_out', reasons: ['carrier_opt_out'] });
    }
    const [party] = await h.t.dataSource.query(
      `SELECT sms_window_count, last_text_at, last_contact_at FROM participant WHERE binding_id = $1 AND role = 'courier'`,
      [binding.id],
    );
    expect(party).toEqual({ sms_window_count: 0, last_text_at: null, last_contact_at: null });
    // START lifts the block. The courier's blocked texts did not make them the buyer's reply target ...
    await h.text(buyer, binding.relayNumber, 'START');
    const reply = await h.text(buyer, binding.relayNumber, 'Who is this?');
    expect(reply.answer.verbs).toEqual([]);
    expect(reply.record).toMatchObject({ outcome: 'not_in_service', reason: 'nobody_to_reach' });
    // ... and used none of their hourly limit: three texts now reach the buyer.
    for (const body of ['Back at the gate', 'Ringing again', 'Left it with reception'])
      expect((await h.text(courier, binding.relayNumber, body)).answer.verbs).toEqual(['Message']);
    expect((await h.text(courier, binding.relayNumber, 'One more')).record).toMatchObject({ outcome: 'rate_limited' });
  });

  it('when every number blocks the phone, it is still placed, and flagged', async () => {
    const [x1, x2] = await h.provision('shared', 2);
    const buyer = uniquePhone();
    await h.text(buyer, x1!, 'STOP');
    await h.text(buyer, x2!, 'END');
    const placed = await h.order({ buyerPhone: buyer, mode: 'shared' });
    expect(placed.relayNumber).toBe(x1);
    expect(placed.carrierOptOut).toBe(true);
  });
});
