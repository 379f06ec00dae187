import { SweeperJob } from '../src/lifecycle/sweeper.job.js';
import { formatDate } from '../src/common/clock.js';
import { checkout, createTenant, provisionNumbers, uniquePhone } from './factories/index.js';
import { resetDatabase, startTestApp, type TestApp } from './support/test-app.js';
import { postWebhook, smsParams } from './support/twilio-webhooks.js';

const PROMOTION =
  '88 Member Day starts at 0:00! 5000+ big brands 50% off, coupons inside: m.tb.cn/h.5xQ2 Reply TD to unsubscribe';

describe('buyer protection: marketing filter, opt-out, consent, keywords, floods, reminders', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startTestApp({
      SMS_RATE_PER_HOUR: '5',
      EXTENSION_STEP_DAYS: '7',
      MAX_WINDOW_DAYS: '30',
      REMINDER_DAYS_BEFORE: '3',
    });
  });
  beforeEach(async () => {
    await resetDatabase(t.dataSource);
    key = (await createTenant(t)).apiKey;
    await provisionNumbers(t, 'dedicated', 3);
  });
  afterAll(() => t.close());

  const order = async (body: Record<string, unknown> = {}) => {
    const buyer = uniquePhone();
    const merchant = uniquePhone();
    const courier = uniquePhone();
    const answer = await t.request('POST', '/v1/bindings', {
      token: key,
      body: checkout({
        buyerPhone: buyer,
        counterparts: [
          { phone: merchant, role: 'merchant' },
          { phone: courier, role: 'courier' },
        ],
        ...body,
      }),
    });
    expect(answer.status).toBe(201);
    return { binding: answer.body, buyer, merchant, courier, relay: answer.body.relayNumber as string };
  };
  const text = async (from: string, to: string, body: string) => {
    t.clock.advanceSeconds(1); // records and "last texted" are ordered by time
    return postWebhook(t.url, '/webhooks/twilio/sms', smsParams(from, to, body));
  };
  const forwardedTo = (answer: Awaited<ReturnType<typeof text>>) => answer.twiml?.Response?.Message?.['@_to'] ?? null;
  /** Veil's own answer: exactly one `<Message>`, with no `to` (it goes back to the sender), with text. */
  const replyOf = (answer: Awaited<ReturnType<typeof text>>) => {
    expect(answer.verbs).toEqual(['Message']);
    const message = answer.twiml.Response.Message;
    expect(typeof message).toBe('string'); // no attributes: neither `to` nor `from`, so not a forward
    expect(message.length).toBeGreaterThan(0);
    return message as string;
  };
  /** Nothing sent back and nothing forwarded (the carrier answers its own words). */
  const silent = (answer: Awaited<ReturnType<typeof text>>) => {
    expect(answer.status).toBe(200);
    expect(answer.text).toMatch(/<Response\/>/);
  };
  const lastRecord = async () =>
    (await t.flushRecords(), await t.dataSource.query(`SELECT * FROM message_record ORDER BY received_at DESC LIMIT 1`))[0];

  it('blocks a promotion from the merchant and records why, with the body kept for review', async () => {
    const { merchant, relay } = await order();
    const answer = await text(merchant, relay, PROMOTION);
    expect(answer.verbs).toEqual([]);
    const record = await lastRecord();
    expect(record).toMatchObject({
      outcome: 'blocked',
      reason: 'marketing',
      body: PROMOTION,
      from_role: 'merchant',
      direction: 'to_buyer',
    });
    expect(record.reasons).toEqual(expect.arrayContaining(['unsubscribe_footer']));
    expect(record.reasons.length).toBeGreaterThan(1);
  });

  it('forwards the same promotion once the buyer consented at the platform', async () => {
    const { binding, buyer, merchant, relay } = await order();
    const patched = await t.request('PATCH', `/v1/bindings/${binding.id}`, { token: key, body: { marketingConsent: true } });
    expect(patched.body.marketingConsent).toBe(true);
    expect(forwardedTo(await text(merchant, relay, PROMOTION))).toBe(buyer);
    expect(await lastRecord()).toMatchObject({ outcome: 'connected', body: null });
  });

  it('lets delivery and after-sales texts through', async () => {
    const { buyer, merchant, courier, relay } = await order();
    for (const [from, body] of [
      [courier, 'Your parcel will arrive between 14:00-16:00 today, pickup code 6-2-4031'],
      [courier, '您好，快递已放在门口，取件码 8842'],
      [merchant, 'Your refund of $23.50 was approved and will reach your card in 3-5 days'],
      [courier, 'Please prepare ¥128 cash on delivery'],
    ] as const) {
      expect(forwardedTo(await text(from, relay, body))).toBe(buyer);
    }
  });

  it.each([
    ['T', /^Done: the courier .* can no longer text you/],
    ['TD', /^Done: the courier .* can no longer text you/],
    ['td!', /^Done: the courier/],
    ['T D', /^Done: the courier/],
    ['ＴＤ', /^Done: the courier/],
    ['reply TD', /^Done: the courier/],
    ['退订', /^已退订：订单 .* 的快递员不能再/],
    ['  退订。', /^已退订/],
    ['回复TD退订', /^已退订/],
    ['TD退订', /^已退订/],
    ['UNSUBSCRIBE', null], // the carrier blocks too and answers it: Veil's confirmation is not sent
  ])('opt-out "%s" blocks the last texter at once, confirms in its language, and START restores', async (form, confirmation) => {
    const { binding, buyer, courier, merchant, relay } = await order({ marketingConsent: true });
    expect(forwardedTo(await text(merchant, relay, 'Your order has shipped'))).toBe(buyer);
    expect(forwardedTo(await text(courier, relay, 'On my way, 10 minutes'))).toBe(buyer);

    const answer = await text(buyer, relay, form);
    if (confirmation) expect(replyOf(answer)).toMatch(confirmation);
    else silent(answer);
    expect(await lastRecord()).toMatchObject({ outcome: 'keyword', reason: 'keyword', from_role: 'buyer' });

    // UNSUBSCRIBE is the carrier's word too: the carrier then refuses every text to the buyer on this
    // number, and its block is the policy's first check (DESIGN.md, Message policy), so that is the reason.
    const atCarrier = form === 'UNSUBSCRIBE';
    expect(forwardedTo(await text(courier, relay, 'Are you home?'))).toBeNull();
    expect(await lastRecord()).toMatchObject({
      outcome: 'blocked',
      reason: atCarrier ? 'carrier_opt_out' : 'opted_out',
      from_role: 'courier',
    });
    // Only the last texter is cut off; the opt-out also withdrew marketing consent.
    expect(forwardedTo(await text(merchant, relay, 'Your invoice is ready'))).toBe(atCarrier ? null : buyer);
    expect((await t.request('GET', `/v1/bindings/${binding.id}`, { token: key })).body.marketingConsent).toBe(false);

    silent(await text(buyer, relay, 'START')); // the carrier answers START
    // START lifts the carrier's block first (DESIGN.md, Keywords); a second START undoes Veil's opt-out.
    if (atCarrier) {
      expect(forwardedTo(await text(merchant, relay, 'Your invoice is ready'))).toBe(buyer);
      silent(await text(buyer, relay, 'START'));
    }
    expect(forwardedTo(await text(courier, relay, 'Are you home?'))).toBe(buyer);
  });

  it.each(['Y', 'N', 'Yes', 'No', 'OK', 'Keep', '取消', 'Info', 'R', 'YES'])(
    'the everyday answer "%s" is forwarded to the counterpart and changes nothing',
    async (word) => {
      const { binding, buyer, courier, relay } = await order();
      expect(forwardedTo(await text(courier, relay, 'Leave it with your neighbour? Y/N'))).toBe(buyer);
      const answer = await text(buyer, relay, word);
      expect(forwardedTo(answer)).toBe(courier);
      expect(answer.twiml.Response.Message['#text']).toBe(word);
      expect(await lastRecord()).toMatchObject({ outcome: 'connected', from_role: 'buyer', to_role: 'courier' });
      // Nobody was opted out and nothing was extended.
      expect(forwardedTo(await text(courier, relay, 'OK, left with the neighbour'))).toBe(buyer);
      expect((await t.request('GET', `/v1/bindings/${binding.id}`, { token: key })).body.expiresAt).toBe(binding.expiresAt);
    },
  );

  it("a counterpart's texts are never Veil keywords: TD, HELP and EXTEND from the courier reach the buyer", async () => {
    const { binding, buyer, courier, relay } = await order();
    for (const word of ['TD', 'HELP', 'EXTEND', '退订']) {
      const answer = await text(courier, relay, word);
      expect(forwardedTo(answer)).toBe(buyer);
      expect(answer.twiml.Response.Message['#text']).toBe(word);
    }
    expect((await t.request('GET', `/v1/bindings/${binding.id}`, { token: key })).body.expiresAt).toBe(binding.expiresAt);
    expect(forwardedTo(await text(courier, relay, 'Still there?'))).toBe(buyer);
  });

  it.each([
    ['SPAM', /^Reported: the store of order/],
    ['JB', /^Reported: the store/],
    ['举报', /^已举报：订单 .* 的商家/],
    ['垃圾短信', /^已举报/],
  ])('"%s" reports the sender of the last forwarded text: opted out, with a confirmation', async (word, confirmation) => {
    const { buyer, merchant, courier, relay } = await order({ marketingConsent: true });
    expect(forwardedTo(await text(courier, relay, 'On my way'))).toBe(buyer);
    expect(forwardedTo(await text(merchant, relay, 'Big sale today, 50% off everything'))).toBe(buyer);
    expect(replyOf(await text(buyer, relay, word))).toMatch(confirmation);
    expect(await lastRecord()).toMatchObject({ outcome: 'keyword', reason: 'keyword', reasons: ['keyword_report'] });
    expect(forwardedTo(await text(merchant, relay, 'Last chance!'))).toBeNull();
    expect(forwardedTo(await text(courier, relay, 'Here now'))).toBe(buyer);
  });

  it('T answers in the tenant\'s locale when it set one; reply TD keeps its own language', async () => {
    const zhTenant = await t.admin('POST', '/v1/admin/tenants', { name: `zh-${Date.now()}`, locale: 'zh' });
    expect(zhTenant.status).toBe(201);
    expect(zhTenant.body.locale).toBe('zh');
    const buyer = uniquePhone();
    const courier = uniquePhone();
    const made = await t.request('POST', '/v1/bindings', {
      token: zhTenant.body.apiKey,
      body: checkout({ buyerPhone: buyer, counterparts: [{ phone: courier, role: 'courier' }] }),
    });
    expect(made.status).toBe(201);
    const relay = made.body.relayNumber;
    expect(forwardedTo(await text(courier, relay, 'On my way'))).toBe(buyer);
    expect(replyOf(await text(buyer, relay, 'T'))).toMatch(/^已退订：订单 .* 的快递员/);
    // "reply TD" is English whatever the tenant says: it has a language of its own.
    expect(replyOf(await text(buyer, relay, 'reply TD'))).toMatch(/^Done: /);
  });

  it('TD applies to the last texter who reached the buyer, not to a later text that was blocked', async () => {
    const { buyer, courier, merchant, relay } = await order();
    expect(forwardedTo(await text(courier, relay, 'On my way, 10 minutes'))).toBe(buyer);
    expect(forwardedTo(await text(merchant, relay, PROMOTION))).toBeNull(); // no consent: blocked, never seen
    expect(replyOf(await text(buyer, relay, 'TD'))).toMatch(/the courier .* can no longer text you/);
    expect(forwardedTo(await text(courier, relay, 'Are you home?'))).toBeNull();
    expect(forwardedTo(await text(merchant, relay, 'Your invoice is ready'))).toBe(buyer);
  });

  it("UNSTOP is the carrier's word: it neither undoes Veil's opt-out nor is answered; a counterpart's STOP is never forwarded", async () => {
    const { buyer, courier, relay } = await order();
    expect(forwardedTo(await text(courier, relay, 'Hello from the courier'))).toBe(buyer);
    expect(replyOf(await text(buyer, relay, 'TD'))).toMatch(/the courier .* can no longer text you/);
    silent(await text(buyer, relay, 'unstop'));
    expect(forwardedTo(await text(courier, relay, 'Are you there?'))).toBeNull();
    expect(await lastRecord()).toMatchObject({ outcome: 'blocked', reason: 'opted_out', from_role: 'courier' });
    silent(await text(buyer, relay, 'START'));
    expect(forwardedTo(await text(courier, relay, 'Are you there?'))).toBe(buyer);

    silent(await text(courier, relay, 'STOP'));
    expect(await lastRecord()).toMatchObject({ outcome: 'keyword', reason: 'keyword', from_role: 'courier' });
  });

  it('EXTEND moves expiresAt by the step and says so; past the cap it says why not', async () => {
    const { binding, buyer, relay } = await order({ windowDays: 10 });
    const reply = replyOf(await text(buyer, relay, 'extend'));
    const extended = (await t.request('GET', `/v1/bindings/${binding.id}`, { token: key })).body;
    expect(new Date(extended.expiresAt).getTime() - new Date(binding.expiresAt).getTime()).toBe(7 * 86_400_000);
    expect(reply).toContain(extended.expiresAt.slice(0, 10));
    expect(replyOf(await text(buyer, relay, '延长'))).toMatch(/^此号码将为订单 .* 继续转接/);
    expect(replyOf(await text(buyer, relay, '延期'))).toMatch(/^此号码最多保留到/);
    expect(replyOf(await text(buyer, relay, 'EXTEND'))).toMatch(/cannot be kept past/);
    expect((await t.request('GET', `/v1/bindings/${binding.id}`, { token: key })).body.expiresAt).toBe(
      new Date(new Date(binding.expiresAt).getTime() + 14 * 86_400_000).toISOString(),
    );
  });

  it('帮助 explains the relay, its order and end, and its keywords; HELP is left to the carrier; keywords work even with nobody to reach', async () => {
    const buyer = uniquePhone();
    const alone = await t.request('POST', '/v1/bindings', { token: key, body: checkout({ buyerPhone: buyer }) });
    const until = formatDate(new Date(alone.body.expiresAt));
    // The carrier answers HELP itself on every long code (docs/TWILIO.md): a second answer from Veil is not sent.
    silent(await text(buyer, alone.body.relayNumber, 'HELP'));
    expect(await lastRecord()).toMatchObject({ outcome: 'keyword', reasons: ['keyword_help'], from_role: 'buyer' });
    const bangzhu = replyOf(await text(buyer, alone.body.relayNumber, '帮助'));
    expect(bangzhu).toMatch(/隐私中转号码/);
    expect(bangzhu).toContain(`订单 ${alone.body.orderId}`);
    expect(bangzhu).toContain(`转接至 ${until}`);
    expect(bangzhu).toMatch(/延长/);
  });

  it('forwards at most SMS_RATE_PER_HOUR texts per sender and relay number; the rest are rate_limited', async () => {
    const { buyer, courier, merchant, relay } = await order();
    const forwarded: (string | null)[] = [];
    for (let i = 0; i < 8; i++) forwarded.push(forwardedTo(await text(courier, relay, `Update ${i}: still on the way`)));
    expect(forwarded.filter((to) => to === buyer)).toHaveLength(5);
    await t.flushRecords();
    const outcomes = (await t.dataSource.query(`SELECT outcome FROM message_record WHERE from_role = 'courier'`)).map(
      (r: { outcome: string }) => r.outcome,
    );
    expect(outcomes.filter((o: string) => o === 'rate_limited')).toHaveLength(3);
    // Another sender on the same number is counted apart, and the window moves on.
    expect(forwardedTo(await text(merchant, relay, 'Your invoice is ready'))).toBe(buyer);
    t.clock.advanceSeconds(3600);
    expect(forwardedTo(await text(courier, relay, 'Finally here'))).toBe(buyer);
  });

  it('counts a stranger who becomes a caller from their first text on', async () => {
    const { buyer, relay } = await order();
    const stranger = uniquePhone();
    const forwarded: (string | null)[] = [];
    for (let i = 0; i < 7; i++) forwarded.push(forwardedTo(await text(stranger, relay, `Parcel locker code ${i}`)));
    expect(forwarded).toEqual([buyer, buyer, buyer, buyer, buyer, null, null]);
    expect(await lastRecord()).toMatchObject({ outcome: 'rate_limited', from_role: 'caller' });
  });

  it('counts a parallel flood exactly', async () => {
    const { buyer, courier, relay } = await order();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => postWebhook(t.url, '/webhooks/twilio/sms', smsParams(courier, relay, `Flood ${i}`))),
    );
    expect(answers.filter((a) => forwardedTo(a) === buyer)).toHaveLength(5);
  });

  it('reminds the buyer once, REMINDER_DAYS_BEFORE the end, even with two sweepers and a rerun', async () => {
    const { binding, relay } = await order({ windowDays: 10 });
    const sweeper = t.app.get(SweeperJob);
    t.clock.advanceDays(6);
    expect((await sweeper.runOnce()).reminded).toBe(0);
    t.clock.advanceDays(1.5);
    const other = await startTestApp({ REMINDER_DAYS_BEFORE: '3' }, t.clock);
    try {
      const [a, b] = await Promise.all([sweeper.runOnce(), other.app.get(SweeperJob).runOnce()]);
      expect(a.reminded + b.reminded).toBe(1);
    } finally {
      await other.close();
    }
    expect((await sweeper.runOnce()).reminded).toBe(0);
    const reminders = await t.dataSource.query(`SELECT * FROM message_record WHERE reason = 'reminder'`);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({
      binding_id: binding.id,
      direction: 'to_buyer',
      from_role: 'relay',
      relay_number: relay,
      outcome: 'connected',
    });
    expect(t.logs.some((line) => line.includes('chars)') && line.includes('text SM'))).toBe(true);
  });
});
