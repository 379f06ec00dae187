import { SweeperJob } from '../src/lifecycle/sweeper.job.js';
import { WebhookDeliveryRepository } from '../src/telephony/webhook-delivery.repository.js';
import { checkout, createTenant, provisionNumbers, uniquePhone } from './factories/index.js';
import { resetDatabase, startTestApp, type TestApp } from './support/test-app.js';
import {
  callSid,
  mediaUrl,
  messageSid,
  mmsParams,
  postWebhook,
  smsParams,
  voiceParams,
  type WebhookAnswer,
} from './support/twilio-webhooks.js';

const PROMOTION = 'Member Day! 70% off everything, coupons inside: m.tb.cn/h.5xQ2 Reply TD to unsubscribe';
const WITHHELD = ['anonymous', 'Restricted', 'Unavailable', '', '+266696687', '+7378742833', '+86282452253', '+2562533', '+8656696'];

/** Inbound calls and texts as the real network sends them (issue 12), through signed webhooks. */
describe('inbound as the real network sends it', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startTestApp({ SMS_RATE_PER_HOUR: '3', MAX_CALL_MINUTES: '5', EXTENSION_STEP_DAYS: '7', MAX_WINDOW_DAYS: '60' });
  });
  beforeEach(async () => {
    await resetDatabase(t.dataSource);
    key = (await createTenant(t)).apiKey;
    await provisionNumbers(t, 'dedicated', 2);
  });
  afterAll(() => t.close());

  const order = async (body: Record<string, unknown> = {}, token = key) => {
    const answer = await t.request('POST', '/v1/bindings', { token, body: checkout(body) });
    expect(answer.status).toBe(201);
    return answer.body;
  };
  const call = (from: string, to: string, sid = callSid(), app = t) =>
    postWebhook(app.url, '/webhooks/twilio/voice', voiceParams(from, to, sid));
  const text = (from: string, to: string, body: string, sid = messageSid(), headers?: Record<string, string>) => {
    t.clock.advanceSeconds(1);
    return postWebhook(t.url, '/webhooks/twilio/sms', smsParams(from, to, body, sid), { headers });
  };
  const forwardedTo = (answer: WebhookAnswer) => answer.twiml?.Response?.Message?.['@_to'] ?? null;
  const dialed = (answer: WebhookAnswer) => {
    expect(answer.verbs).toEqual(['Dial']);
    const number = answer.twiml.Response.Dial.Number;
    return (number['#text'] ?? number) as string;
  };
  const binding = async (id: string) => (await t.request('GET', `/v1/bindings/${id}`, { token: key })).body;
  const messageRecords = async () => (
    await t.flushRecords(),
    t.dataSource.query(`SELECT * FROM message_record ORDER BY received_at, created_at`)
  );
  const callRecord = async (sid: string) => (
    await t.flushRecords(),
    (await t.dataSource.query(`SELECT * FROM call_record WHERE provider_sid = $1`, [sid]))[0]
  );
  const lastMessage = async () => (await messageRecords()).at(-1);
  /** Follows a URL from TwiML back to Veil, signed as Twilio signs it. */
  const follow = (url: string, params: Record<string, string>) => {
    const { pathname, search } = new URL(url);
    return postWebhook(t.url, `${pathname}${search}`, params);
  };

  describe('1. the reply target', () => {
    it('a blocked promotion from a new sender does not become the reply target: the buyer still reaches the courier who called', async () => {
      const buyer = uniquePhone();
      const courier = uniquePhone();
      const promoter = uniquePhone();
      const b = await order({ buyerPhone: buyer, counterparts: [{ phone: courier, role: 'courier' }] });
      expect(dialed(await call(courier, b.relayNumber))).toBe(buyer); // 10:00
      t.clock.advanceSeconds(300);
      expect(forwardedTo(await text(promoter, b.relayNumber, PROMOTION))).toBeNull(); // 10:05, blocked
      expect(await lastMessage()).toMatchObject({ outcome: 'blocked', reason: 'marketing', from_role: 'caller' });
      t.clock.advanceSeconds(300);
      expect(forwardedTo(await text(buyer, b.relayNumber, 'gate code 4821'))).toBe(courier); // 10:10
      const promoterRow = (await binding(b.id)).counterparts.find((c: { role: string }) => c.role === 'caller');
      expect(promoterRow.lastContactAt).toBeNull();
    });

    it('a blocked, rate-limited or opted-out text from a known counterpart never moves the reply target', async () => {
      const buyer = uniquePhone();
      const courier = uniquePhone();
      const merchant = uniquePhone();
      const b = await order({
        buyerPhone: buyer,
        counterparts: [
          { phone: merchant, role: 'merchant' },
          { phone: courier, role: 'courier' },
        ],
      });
      expect(forwardedTo(await text(courier, b.relayNumber, 'On my way'))).toBe(buyer);
      // Marketing from the merchant is blocked: the buyer's reply still goes to the courier.
      expect(forwardedTo(await text(merchant, b.relayNumber, PROMOTION))).toBeNull();
      expect(forwardedTo(await text(buyer, b.relayNumber, 'ok see you'))).toBe(courier);
      // The merchant texts, the buyer opts them out; their later texts are blocked and do not win either.
      expect(forwardedTo(await text(merchant, b.relayNumber, 'Your invoice is ready'))).toBe(buyer);
      await text(buyer, b.relayNumber, 'TD');
      expect(forwardedTo(await text(courier, b.relayNumber, 'Here now'))).toBe(buyer);
      expect(forwardedTo(await text(merchant, b.relayNumber, 'Your receipt'))).toBeNull();
      expect(forwardedTo(await text(buyer, b.relayNumber, 'coming down'))).toBe(courier);
      // A new hour: the courier uses up the limit (3), the merchant is let back in with START and texts.
      t.clock.advanceSeconds(3600);
      for (const update of ['a', 'b', 'c']) expect(forwardedTo(await text(courier, b.relayNumber, update))).toBe(buyer);
      await text(buyer, b.relayNumber, 'START');
      expect(forwardedTo(await text(merchant, b.relayNumber, 'Your parcel left the store'))).toBe(buyer);
      // The courier's fourth text this hour is rate limited: it does not take the target back.
      expect(forwardedTo(await text(courier, b.relayNumber, 'one more update'))).toBeNull();
      expect(await lastMessage()).toMatchObject({ outcome: 'rate_limited', from_role: 'courier' });
      expect(forwardedTo(await text(buyer, b.relayNumber, 'who is this?'))).toBe(merchant);
    });
  });

  describe('2. withheld and placeholder caller IDs', () => {
    it.each(WITHHELD)('a withheld call from "%s" on a dedicated number reaches the buyer, announced as hidden, and is recorded nowhere', async (from) => {
      const buyer = uniquePhone();
      const merchant = uniquePhone();
      const b = await order({ buyerPhone: buyer, counterparts: [{ phone: merchant, role: 'merchant' }] });
      const sid = callSid();
      const answer = await call(from, b.relayNumber, sid);
      expect(dialed(answer)).toBe(buyer);
      const screenUrl = answer.twiml.Response.Dial.Number['@_url'];
      expect(screenUrl).toContain('hidden=1');
      const screen = await follow(screenUrl, { CallSid: callSid(), ParentCallSid: sid, To: buyer, From: b.relayNumber });
      expect(screen.twiml.Response.Gather.Say['#text']).toMatch(/^The caller's number is hidden\. Delivery call about your order/);
      expect(await callRecord(sid)).toMatchObject({ outcome: 'connected', reason: 'hidden_caller', from_role: 'stranger', from_masked: 'withheld' });
      // Never a counterpart, so never the one the buyer calls back.
      expect((await binding(b.id)).counterparts).toHaveLength(1);
      expect(dialed(await call(buyer, b.relayNumber))).toBe(merchant);
      expect(forwardedTo(await text(buyer, b.relayNumber, 'who called?'))).toBe(merchant);
    });

    it('a withheld call on a shared number is refused', async () => {
      await provisionNumbers(t, 'shared', 1);
      const b = await order({ mode: 'shared', buyerPhone: uniquePhone() });
      for (const from of ['anonymous', '+266696687']) {
        const sid = callSid();
        expect((await call(from, b.relayNumber, sid)).verbs).toEqual(['Reject']);
        expect(await callRecord(sid)).toMatchObject({ outcome: 'refused', reason: 'stranger_on_shared' });
      }
    });

    it('withheld callers are never former parties: after the number serves a new order they reach its buyer', async () => {
      const first = await order({ buyerPhone: uniquePhone() });
      expect((await call('+266696687', first.relayNumber)).verbs).toEqual(['Dial']);
      await t.request('POST', `/v1/bindings/${first.id}/close`, { token: key });
      t.clock.advanceDays(31);
      await t.app.get(SweeperJob).runOnce();
      const buyer = uniquePhone();
      let second = await order({ buyerPhone: buyer });
      // The other free number may be picked first; close orders until the first number comes back.
      while (second.relayNumber !== first.relayNumber) {
        await t.request('POST', `/v1/bindings/${second.id}/close`, { token: key });
        second = await order({ buyerPhone: buyer });
      }
      expect(dialed(await call('+266696687', second.relayNumber))).toBe(buyer);
      expect(dialed(await call('anonymous', second.relayNumber))).toBe(buyer);
    });

    it('a premium-rate caller is not stored as a counterpart; a toll-free one is', async () => {
      const buyer = uniquePhone();
      const b = await order({ buyerPhone: buyer });
      expect(dialed(await call('+19002345678', b.relayNumber))).toBe(buyer);
      expect((await binding(b.id)).counterparts).toEqual([]);
      expect(dialed(await call('+18002345678', b.relayNumber))).toBe(buyer);
      expect((await binding(b.id)).counterparts).toEqual([expect.objectContaining({ role: 'caller' })]);
    });
  });

  describe('3. alphanumeric sender IDs, short codes and premium-rate senders', () => {
    it('a promotion from SHOPNOW or a short code passes the marketing filter like any text', async () => {
      const b = await order({ buyerPhone: uniquePhone() });
      for (const from of ['SHOPNOW', '12345', '+19002345678']) {
        expect(forwardedTo(await text(from, b.relayNumber, '70% off, reply TD'))).toBeNull();
        expect(await lastMessage()).toMatchObject({ outcome: 'blocked', reason: 'marketing', from_role: 'stranger' });
      }
      expect((await binding(b.id)).counterparts).toEqual([]);
    });

    it('is counted per (X, sender string) against the flood limit', async () => {
      const buyer = uniquePhone();
      const b = await order({ buyerPhone: buyer });
      const forwarded: (string | null)[] = [];
      for (let i = 0; i < 5; i++) forwarded.push(forwardedTo(await text('12345', b.relayNumber, `Your code is 40${i}`)));
      expect(forwarded).toEqual([buyer, buyer, buyer, null, null]);
      expect(await lastMessage()).toMatchObject({ outcome: 'rate_limited' });
      // Another sender ID is counted apart.
      expect(forwardedTo(await text('BANKCO', b.relayNumber, 'Your code is 999'))).toBe(buyer);
    });

    it("the buyer's TD opts the sender ID out (by its keyed hash); it is never the reply target", async () => {
      const buyer = uniquePhone();
      const merchant = uniquePhone();
      const b = await order({ buyerPhone: buyer, counterparts: [{ phone: merchant, role: 'merchant' }] });
      expect(forwardedTo(await text('SHOPNOW', b.relayNumber, 'Your order is packed'))).toBe(buyer);
      // A reply goes to the merchant, never to a sender ID.
      expect(forwardedTo(await text(buyer, b.relayNumber, 'thanks'))).toBe(merchant);
      const answer = await text(buyer, b.relayNumber, 'TD');
      expect(answer.twiml.Response.Message).toMatch(/^Done: that sender of order/);
      expect(forwardedTo(await text('SHOPNOW', b.relayNumber, 'Your order shipped'))).toBeNull();
      expect(await lastMessage()).toMatchObject({ outcome: 'blocked', reason: 'opted_out' });
      expect(forwardedTo(await text('OTHERCO', b.relayNumber, 'Your order shipped'))).toBe(buyer);
      const [row] = await t.dataSource.query(`SELECT pair_hash, opted_out_at FROM unreachable_sender WHERE opted_out_at IS NOT NULL`);
      expect(row.pair_hash).toHaveLength(32);
      expect(JSON.stringify(await t.dataSource.query(`SELECT * FROM unreachable_sender`))).not.toContain('SHOPNOW');
      // START undoes that last opt-out.
      await text(buyer, b.relayNumber, 'START');
      expect(forwardedTo(await text('SHOPNOW', b.relayNumber, 'Out for delivery'))).toBe(buyer);
    });

    it("the buyer's SPAM or 举报 after a sender ID's or short code's text is recorded as a report and opts that sender out for that buyer", async () => {
      const [buyer, otherBuyer] = [uniquePhone(), uniquePhone()];
      const b = await order({ buyerPhone: buyer });
      const other = await order({ buyerPhone: otherBuyer });
      expect(forwardedTo(await text('SHOPNOW', b.relayNumber, 'Your order is packed'))).toBe(buyer);
      expect(forwardedTo(await text('SHOPNOW', other.relayNumber, 'Your order is packed'))).toBe(otherBuyer);
      const answer = await text(buyer, b.relayNumber, 'SPAM');
      expect(answer.twiml.Response.Message).toMatch(/^Reported: that sender of order/);
      expect(await lastMessage()).toMatchObject({ outcome: 'keyword', reasons: ['keyword_report'] });
      // Stopped for this buyer, at once; another sender ID still reaches them, and SHOPNOW still reaches
      // the other buyer (no campaign is tracked for a sender no one can reach back).
      expect(forwardedTo(await text('SHOPNOW', b.relayNumber, 'Your order shipped'))).toBeNull();
      expect(await lastMessage()).toMatchObject({ outcome: 'blocked', reason: 'opted_out' });
      expect(forwardedTo(await text('OTHERCO', b.relayNumber, 'Your order shipped'))).toBe(buyer);
      expect(forwardedTo(await text('SHOPNOW', other.relayNumber, 'Your order shipped'))).toBe(otherBuyer);
      // The other buyer reports a short code in Chinese.
      expect(forwardedTo(await text('12345', other.relayNumber, 'Your code is 4821'))).toBe(otherBuyer);
      expect((await text(otherBuyer, other.relayNumber, '举报')).twiml.Response.Message).toMatch(/^已举报：订单 .*的该发送方/);
      expect(forwardedTo(await text('12345', other.relayNumber, 'Your code is 4822'))).toBeNull();
      expect(forwardedTo(await text('SHOPNOW', other.relayNumber, 'Out for delivery'))).toBe(otherBuyer);

      // Recorded by the keyed hash its opt-out uses, shown to admins as the records show the sender.
      const list = await t.admin('GET', '/v1/admin/reports');
      expect(list.body.total).toBe(2);
      const byOrder = new Map(list.body.items.map((r: { orderId: string }) => [r.orderId, r]));
      expect(byOrder.get(b.orderId)).toMatchObject({
        senderRole: 'sender',
        senderMasked: 'SHOPNOW',
        promotional: false,
        reporters: 1,
        undoneAt: null,
      });
      expect(byOrder.get(other.orderId)).toMatchObject({ senderRole: 'sender', senderMasked: '12345', reporters: 1 });
      expect(JSON.stringify(list.body)).not.toContain(buyer);
      const rows = await t.dataSource.query(
        `SELECT r.sender_participant_id, r.bands, r.sender_hash = u.pair_hash AS same_hash
           FROM buyer_report r JOIN unreachable_sender u ON u.binding_id = r.binding_id AND u.opted_out_at IS NOT NULL`,
      );
      expect(rows).toEqual([
        { sender_participant_id: null, bands: [], same_hash: true },
        { sender_participant_id: null, bands: [], same_hash: true },
      ]);
      // Undoing the report leaves the buyer's own opt-out until START.
      const report = byOrder.get(b.orderId) as { id: string };
      expect((await t.admin('POST', `/v1/admin/reports/${report.id}/undo`)).body.undoneAt).not.toBeNull();
      expect(forwardedTo(await text('SHOPNOW', b.relayNumber, 'Your order arrives today'))).toBeNull();
      t.clock.advanceSeconds(3600); // out of SMS_RATE_PER_HOUR's window
      await text(buyer, b.relayNumber, 'START');
      expect(forwardedTo(await text('SHOPNOW', b.relayNumber, 'Your order arrives today'))).toBe(buyer);
    });

    it('texts from unreachable senders on a shared number are refused', async () => {
      await provisionNumbers(t, 'shared', 1);
      const b = await order({ mode: 'shared', buyerPhone: uniquePhone() });
      expect((await text('SHOPNOW', b.relayNumber, 'hello')).verbs).toEqual([]);
      expect(await lastMessage()).toMatchObject({ outcome: 'refused' });
    });
  });

  describe('5. MMS', () => {
    const mms = (from: string, to: string, body: string, media: string[], sid = messageSid()) => {
      t.clock.advanceSeconds(1);
      return postWebhook(t.url, '/webhooks/twilio/sms', mmsParams(from, to, body, media, sid));
    };

    it("forwards a photo-only text as <Media>, never an empty <Message>, and records the media count", async () => {
      const buyer = uniquePhone();
      const courier = uniquePhone();
      const b = await order({ buyerPhone: buyer, counterparts: [{ phone: courier, role: 'courier' }] });
      const photo = mediaUrl();
      const answer = await mms(courier, b.relayNumber, '', [photo]);
      expect(answer.twiml.Response.Message).toMatchObject({ '@_to': buyer, '@_from': b.relayNumber, Media: photo });
      expect(answer.twiml.Response.Message.Body).toBeUndefined();
      expect(answer.text).not.toMatch(/<Message[^>]*\/>/);
      expect(await lastMessage()).toMatchObject({ outcome: 'connected', media_count: 1 });
      const [stored] = await t.dataSource.query(`SELECT * FROM message_record WHERE media_count = 1`);
      expect(JSON.stringify(stored)).not.toContain('api.twilio.com');

      const photos = Array.from({ length: 3 }, mediaUrl);
      const withText = await mms(courier, b.relayNumber, 'Left at the door', photos);
      expect(withText.twiml.Response.Message).toMatchObject({ Body: 'Left at the door', Media: photos });
      // The buyer's photo goes to the courier the same way.
      const back = await mms(buyer, b.relayNumber, '', [photo]);
      expect(back.twiml.Response.Message).toMatchObject({ '@_to': courier, Media: photo });
    });

    it('forwards at most ten media items', async () => {
      const courier = uniquePhone();
      const b = await order({ counterparts: [{ phone: courier, role: 'courier' }] });
      const answer = await mms(courier, b.relayNumber, 'photos', Array.from({ length: 10 }, mediaUrl));
      expect(answer.twiml.Response.Message.Media).toHaveLength(10);
    });

    it('runs the policy on the text part and blocks media from a blocked or opted-out sender', async () => {
      const buyer = uniquePhone();
      const merchant = uniquePhone();
      const b = await order({ buyerPhone: buyer, counterparts: [{ phone: merchant, role: 'merchant' }] });
      expect((await mms(merchant, b.relayNumber, PROMOTION, [mediaUrl()])).verbs).toEqual([]);
      expect(await lastMessage()).toMatchObject({ outcome: 'blocked', reason: 'marketing', media_count: 1 });
      expect(forwardedTo(await mms(merchant, b.relayNumber, 'your receipt', [mediaUrl()]))).toBe(buyer);
      expect((await text(buyer, b.relayNumber, 'TD')).verbs).toEqual(['Message']);
      expect((await mms(merchant, b.relayNumber, '', [mediaUrl()])).verbs).toEqual([]);
      expect(await lastMessage()).toMatchObject({ outcome: 'blocked', reason: 'opted_out' });
    });

    it('a text with neither body nor media is not forwarded (an empty <Message> sends nothing)', async () => {
      const courier = uniquePhone();
      const b = await order({ counterparts: [{ phone: courier, role: 'courier' }] });
      expect((await text(courier, b.relayNumber, '')).verbs).toEqual([]);
      expect(await lastMessage()).toMatchObject({ outcome: 'blocked', reason: 'empty' });
    });
  });

  describe('6. redelivery', () => {
    it('the same MessageSid again gets the same answer with no second count', async () => {
      const buyer = uniquePhone();
      const courier = uniquePhone();
      const b = await order({ buyerPhone: buyer, counterparts: [{ phone: courier, role: 'courier' }] });
      const sid = messageSid();
      const first = await text(courier, b.relayNumber, 'On my way', sid);
      for (let i = 0; i < 4; i++) {
        const again = await text(courier, b.relayNumber, 'On my way', sid);
        expect(again.text).toBe(first.text);
      }
      // Limit 3 per hour: two more distinct texts still pass, the fourth does not.
      expect(forwardedTo(await text(courier, b.relayNumber, 'Two'))).toBe(buyer);
      expect(forwardedTo(await text(courier, b.relayNumber, 'Three'))).toBe(buyer);
      expect(forwardedTo(await text(courier, b.relayNumber, 'Four'))).toBeNull();
      expect((await messageRecords()).filter((r: { provider_sid: string }) => r.provider_sid === sid)).toHaveLength(1);
    });

    it('a repeated EXTEND extends once and answers the same; a repeated TD opts out once', async () => {
      const buyer = uniquePhone();
      const courier = uniquePhone();
      const b = await order({ buyerPhone: buyer, windowDays: 10, counterparts: [{ phone: courier, role: 'courier' }] });
      const sid = messageSid();
      const first = await text(buyer, b.relayNumber, 'EXTEND', sid);
      const again = await text(buyer, b.relayNumber, 'EXTEND', sid);
      expect(again.text).toBe(first.text);
      expect(new Date((await binding(b.id)).expiresAt).getTime() - new Date(b.expiresAt).getTime()).toBe(7 * 86_400_000);

      expect(forwardedTo(await text(courier, b.relayNumber, 'hello'))).toBe(buyer);
      const td = messageSid();
      await text(buyer, b.relayNumber, 'TD', td);
      await text(buyer, b.relayNumber, 'START'); // undo it...
      await text(buyer, b.relayNumber, 'TD', td); // ...and a late redelivery of the TD must not opt out again
      expect(forwardedTo(await text(courier, b.relayNumber, 'still there?'))).toBe(buyer);
    });

    it('the I-Twilio-Idempotency-Token identifies a redelivery too', async () => {
      const courier = uniquePhone();
      const b = await order({ counterparts: [{ phone: courier, role: 'courier' }] });
      const token = `tok-${messageSid()}`;
      const first = await text(courier, b.relayNumber, 'hello', messageSid(), { 'I-Twilio-Idempotency-Token': token });
      const again = await text(courier, b.relayNumber, 'hello', messageSid(), { 'I-Twilio-Idempotency-Token': token });
      expect(again.text).toBe(first.text);
      expect(await messageRecords()).toHaveLength(1);
    });

    it('parallel deliveries of one text to two instances: one decision, one count, one record', async () => {
      const other = await startTestApp({ SMS_RATE_PER_HOUR: '3', MAX_CALL_MINUTES: '5' }, t.clock);
      try {
        const buyer = uniquePhone();
        const courier = uniquePhone();
        const b = await order({ buyerPhone: buyer, counterparts: [{ phone: courier, role: 'courier' }] });
        const params = smsParams(courier, b.relayNumber, 'At the gate', messageSid());
        const answers = await Promise.all(
          [t, other, t, other, t, other].map((app) => postWebhook(app.url, '/webhooks/twilio/sms', params)),
        );
        for (const answer of answers) expect(answer.text).toBe(answers[0]!.text);
        expect(forwardedTo(answers[0]!)).toBe(buyer);
        await other.flushRecords();
        expect(await messageRecords()).toHaveLength(1);
        // Counted once: two more texts fit in the hour's limit of 3.
        expect(forwardedTo(await text(courier, b.relayNumber, 'two'))).toBe(buyer);
        expect(forwardedTo(await text(courier, b.relayNumber, 'three'))).toBe(buyer);
        expect(forwardedTo(await text(courier, b.relayNumber, 'four'))).toBeNull();
      } finally {
        await other.close();
      }
    });

    it('a claim left unanswered by an instance that died is taken over by the redelivery', async () => {
      const buyer = uniquePhone();
      const courier = uniquePhone();
      const b = await order({ buyerPhone: buyer, counterparts: [{ phone: courier, role: 'courier' }] });
      const sid = messageSid();
      await t.dataSource.query(`INSERT INTO webhook_delivery (sid, claimed_at) VALUES ($1, $2)`, [
        sid,
        new Date(t.clock.now().getTime() - 60_000),
      ]);
      const first = await text(courier, b.relayNumber, 'hello', sid);
      expect(forwardedTo(first)).toBe(buyer);
      await t.app.get(WebhookDeliveryRepository).flush();
      const [stored] = await t.dataSource.query(`SELECT answer_enc FROM webhook_delivery WHERE sid = $1`, [sid]);
      // Stored encrypted: it names the buyer's real number.
      expect(stored.answer_enc).toEqual(expect.any(String));
      expect(stored.answer_enc).not.toContain(buyer.slice(1));
      expect((await text(courier, b.relayNumber, 'hello', sid)).text).toBe(first.text);
      expect(await messageRecords()).toHaveLength(1);
    });
  });

  describe('7. screening, timeLimit and the status callback', () => {
    const screenedCall = async (from: string, relay: string, buyer: string) => {
      const sid = callSid();
      const answer = await call(from, relay, sid);
      expect(dialed(answer)).toBe(buyer);
      const dial = answer.twiml.Response.Dial;
      const screen = await follow(dial.Number['@_url'], { CallSid: callSid(), ParentCallSid: sid, To: buyer, From: relay });
      return { sid, dial, screen };
    };

    it('announces the order to the buyer and bridges only on a key press; timeLimit from MAX_CALL_MINUTES', async () => {
      const buyer = uniquePhone();
      const courier = uniquePhone();
      const b = await order({ buyerPhone: buyer, counterparts: [{ phone: courier, role: 'courier' }] });
      const { sid, dial, screen } = await screenedCall(courier, b.relayNumber, buyer);
      expect(dial['@_timeLimit']).toBe('300');
      expect(screen.verbs).toEqual(['Gather', 'Hangup']);
      expect(screen.twiml.Response.Gather).toMatchObject({ '@_numDigits': '1' });
      expect(screen.twiml.Response.Gather.Say).toMatchObject({
        '@_language': 'en-US',
        '#text': `Delivery call about your order ${b.orderId}. Press any key to accept.`,
      });
      const accept = await follow(screen.twiml.Response.Gather['@_action'], { CallSid: callSid(), Digits: '5' });
      expect(accept.verbs).toEqual([]);
      const done = await postWebhook(t.url, '/webhooks/twilio/voice/status', {
        CallSid: sid,
        DialCallStatus: 'completed',
        DialCallDuration: '61',
      });
      expect(done.verbs).toEqual([]);
      expect(await callRecord(sid)).toMatchObject({ outcome: 'connected', duration_seconds: 61 });
      // The buyer calling out is not screened.
      const out = await call(buyer, b.relayNumber);
      expect(out.twiml.Response.Dial.Number).toBe(courier);
    });

    it('a voicemail answering the buyer\'s leg presses no key: that leg hangs up, the caller hears the buyer was not reached', async () => {
      const buyer = uniquePhone();
      const courier = uniquePhone();
      const b = await order({ buyerPhone: buyer, counterparts: [{ phone: courier, role: 'courier' }] });
      const { sid } = await screenedCall(courier, b.relayNumber, buyer);
      // The voicemail "answered", so Twilio reports the dialed leg completed; no key was ever pressed.
      const done = await postWebhook(t.url, '/webhooks/twilio/voice/status', {
        CallSid: sid,
        DialCallStatus: 'completed',
        DialCallDuration: '9',
      });
      expect(done.verbs).toEqual(['Say', 'Hangup']);
      expect(done.twiml.Response.Say['#text']).toMatch(/could not be reached/);
      expect(await callRecord(sid)).toMatchObject({ outcome: 'no_answer', duration_seconds: 0 });
    });

    it('the number-level status callback completes the record when no Dial action comes; a late Dial action still wins', async () => {
      const buyer = uniquePhone();
      const courier = uniquePhone();
      const b = await order({ buyerPhone: buyer, counterparts: [{ phone: courier, role: 'courier' }] });
      const { sid, screen } = await screenedCall(courier, b.relayNumber, buyer);
      await follow(screen.twiml.Response.Gather['@_action'], { CallSid: callSid(), Digits: '1' });
      t.clock.advanceSeconds(75);
      const status = await postWebhook(t.url, '/webhooks/twilio/voice/status', {
        CallSid: sid,
        CallStatus: 'completed',
        CallDuration: '75',
      });
      expect(status.verbs).toEqual([]);
      expect(await callRecord(sid)).toMatchObject({ outcome: 'connected', duration_seconds: 75 });
      expect((await callRecord(sid)).ended_at).toEqual(t.clock.now());

      const unanswered = await screenedCall(courier, b.relayNumber, buyer);
      await postWebhook(t.url, '/webhooks/twilio/voice/status', { CallSid: unanswered.sid, CallStatus: 'completed', CallDuration: '20' });
      expect(await callRecord(unanswered.sid)).toMatchObject({ outcome: 'no_answer' });
      await postWebhook(t.url, '/webhooks/twilio/voice/status', { CallSid: unanswered.sid, DialCallStatus: 'busy', DialCallDuration: '0' });
      expect(await callRecord(unanswered.sid)).toMatchObject({ outcome: 'busy' });
    });

    it("speaks Chinese when the tenant's locale says so", async () => {
      const zh = await t.admin('POST', '/v1/admin/tenants', { name: `zh-${Date.now()}`, locale: 'zh' });
      const buyer = uniquePhone();
      const courier = uniquePhone();
      const b = await order({ buyerPhone: buyer, counterparts: [{ phone: courier, role: 'courier' }] }, zh.body.apiKey);
      const { screen } = await screenedCall(courier, b.relayNumber, buyer);
      expect(screen.twiml.Response.Gather.Say).toMatchObject({ '@_language': 'cmn-CN' });
      expect(screen.twiml.Response.Gather.Say['#text']).toContain(`您的订单 ${b.orderId}`);
    });

    it('CALL_SCREENING=off dials the buyer directly; a hidden caller is still announced, without a key press', async () => {
      const off = await startTestApp({ CALL_SCREENING: 'off', SCREENING_PROMPT_EN: 'Call for {order}.' }, t.clock);
      try {
        const buyer = uniquePhone();
        const courier = uniquePhone();
        const b = await order({ buyerPhone: buyer, counterparts: [{ phone: courier, role: 'courier' }] });
        const plain = await call(courier, b.relayNumber, callSid(), off);
        expect(plain.twiml.Response.Dial.Number).toBe(buyer);
        expect(plain.twiml.Response.Dial['@_timeLimit']).toBe('3600');
        const hidden = await call('anonymous', b.relayNumber, callSid(), off);
        const url = new URL(hidden.twiml.Response.Dial.Number['@_url']);
        const screen = await postWebhook(off.url, `${url.pathname}${url.search}`, { CallSid: callSid(), To: buyer });
        expect(screen.verbs).toEqual(['Say']);
        expect(screen.twiml.Response.Say['#text']).toBe(`The caller's number is hidden. Call for ${b.orderId}.`);
      } finally {
        await off.close();
      }
    });
  });

  describe('8. a signature failure', () => {
    it('logs the URL the signature was checked against, masked of numbers', async () => {
      const path = '/webhooks/twilio/sms/status?record=%2B14155552671';
      const answer = await postWebhook(t.url, path, { MessageSid: messageSid(), MessageStatus: 'delivered' }, { authToken: 'wrong-token' });
      expect(answer.status).toBe(403);
      const line = t.logs.find((l) => l.includes('rejected a webhook'));
      expect(line).toContain('checked against https://veil.example.test/webhooks/twilio/sms/status?record=****71');
      expect(line).not.toContain('4155552671');
    });
  });
});
