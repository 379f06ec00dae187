import { SweeperJob } from '../src/lifecycle/sweeper.job.js';
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
  const replyOf = (answer: Awaited<ReturnType<typeof text>>) => {
    const message = answer.twiml?.Response?.Message;
    expect(message?.['@_to']).toBeUndefined(); // a reply goes back to the sender
    return String(message?.['#text'] ?? message ?? '');
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
    'STOP',
    'stop',
    'Stop.',
    'STOPALL',
    'UNSUBSCRIBE',
    'cancel',
    'END',
    'quit',
    'T',
    'TD',
    'td!',
    'T D',
    'N',
    'R',
    'reply TD',
    'Reply T.',
    'REPLY STOP',
    '退订',
    '回复退订',
    '回复TD',
    '取消',
    '拒收',
    '  退订。',
    'ＴＤ',
  ])('opt-out "%s" blocks the last texter at once, confirms, and START restores', async (form) => {
    const { binding, buyer, courier, merchant, relay } = await order({ marketingConsent: true });
    expect(forwardedTo(await text(merchant, relay, 'Your order has shipped'))).toBe(buyer);
    expect(forwardedTo(await text(courier, relay, 'On my way, 10 minutes'))).toBe(buyer);

    const confirmation = replyOf(await text(buyer, relay, form));
    expect(confirmation).toMatch(/the courier .* can no longer text you/);
    expect(await lastRecord()).toMatchObject({ outcome: 'keyword', reason: 'keyword', from_role: 'buyer' });

    expect(forwardedTo(await text(courier, relay, 'Are you home?'))).toBeNull();
    expect(await lastRecord()).toMatchObject({ outcome: 'blocked', reason: 'opted_out', from_role: 'courier' });
    // Only the last texter is cut off; the opt-out also withdrew marketing consent.
    expect(forwardedTo(await text(merchant, relay, 'Your invoice is ready'))).toBe(buyer);
    expect((await t.request('GET', `/v1/bindings/${binding.id}`, { token: key })).body.marketingConsent).toBe(false);

    expect(replyOf(await text(buyer, relay, 'START'))).toMatch(/will reach you again/);
    expect(forwardedTo(await text(courier, relay, 'Are you home?'))).toBe(buyer);
  });

  it('STOP applies to the last texter who reached the buyer, not to a later text that was blocked', async () => {
    const { buyer, courier, merchant, relay } = await order();
    expect(forwardedTo(await text(courier, relay, 'On my way, 10 minutes'))).toBe(buyer);
    expect(forwardedTo(await text(merchant, relay, PROMOTION))).toBeNull(); // no consent: blocked, never seen
    expect(replyOf(await text(buyer, relay, 'STOP'))).toMatch(/the courier .* can no longer text you/);
    expect(forwardedTo(await text(courier, relay, 'Are you home?'))).toBeNull();
    expect(forwardedTo(await text(merchant, relay, 'Your invoice is ready'))).toBe(buyer);
  });

  it("UNSTOP undoes an opt-out too, and a counterpart's own STOP is never forwarded", async () => {
    const { buyer, courier, relay } = await order();
    await text(courier, relay, 'Hello from the courier');
    await text(buyer, relay, 'STOP');
    expect(replyOf(await text(buyer, relay, 'unstop'))).toMatch(/will reach you again/);
    expect(forwardedTo(await text(courier, relay, 'STOP'))).toBeNull();
  });

  it('EXTEND moves expiresAt by the step and says so; past the cap it says why not', async () => {
    const { binding, buyer, relay } = await order({ windowDays: 10 });
    const reply = replyOf(await text(buyer, relay, 'extend'));
    const extended = (await t.request('GET', `/v1/bindings/${binding.id}`, { token: key })).body;
    expect(new Date(extended.expiresAt).getTime() - new Date(binding.expiresAt).getTime()).toBe(7 * 86_400_000);
    expect(reply).toContain(extended.expiresAt.slice(0, 10));
    replyOf(await text(buyer, relay, '延长'));
    const capped = replyOf(await text(buyer, relay, 'KEEP'));
    expect(capped).toMatch(/cannot be kept past/);
    expect((await t.request('GET', `/v1/bindings/${binding.id}`, { token: key })).body.expiresAt).toBe(
      new Date(new Date(binding.expiresAt).getTime() + 14 * 86_400_000).toISOString(),
    );
  });

  it('HELP and 帮助 explain the relay and its keywords; keywords work even with nobody to reach', async () => {
    const buyer = uniquePhone();
    const alone = await t.request('POST', '/v1/bindings', { token: key, body: checkout({ buyerPhone: buyer }) });
    for (const word of ['HELP', '帮助']) {
      const reply = replyOf(await text(buyer, alone.body.relayNumber, word));
      expect(reply).toMatch(/private relay number/);
      expect(reply).toMatch(/EXTEND/);
    }
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
