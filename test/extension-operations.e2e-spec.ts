import { PhoneCipher } from '../src/common/phone-cipher.service.js';
import { SweeperJob } from '../src/lifecycle/sweeper.job.js';
import { checkout, createTenant, provisionNumbers, uniquePhone } from './factories/index.js';
import { callSid, messageSid, postWebhook, smsParams, voiceParams, type WebhookAnswer } from './support/twilio-webhooks.js';
import { resetDatabase, startTestApp, type TestApp } from './support/test-app.js';

// Extension mode beyond the core (extension-mode.e2e-spec): redelivery of the prompt's answer, the
// language of what callers hear and read, and the admin API's occupancy and forecast.

const say = (answer: WebhookAnswer, where: 'Gather' | 'Response' = 'Response') => {
  const node = where === 'Gather' ? answer.twiml.Response.Gather.Say : answer.twiml.Response.Say;
  return { text: (node['#text'] ?? node) as string, language: node['@_language'] as string };
};

describe('extension mode: a redelivered answer to the prompt', () => {
  let t: TestApp;
  let key: string;
  let x: string;

  beforeAll(async () => {
    t = await startTestApp({ EXTENSION_DIGITS: '4', EXTENSION_OCCUPANCY: '0.5', EXTENSION_REACH_PER_DAY: '2' });
  });
  beforeEach(async () => {
    await resetDatabase(t.dataSource);
    key = (await createTenant(t)).apiKey;
    x = (await provisionNumbers(t, 'extension', 1))[0]!.e164;
  });
  afterAll(() => t.close());

  const order = async (body: Record<string, unknown> = {}) => {
    const answer = await t.request('POST', '/v1/bindings', { token: key, body: checkout({ mode: 'extension', ...body }) });
    expect(answer.status).toBe(201);
    return answer.body;
  };
  const prompt = (from: string, sid: string, app = t) =>
    postWebhook(app.url, '/webhooks/twilio/voice', voiceParams(from, x, sid));
  /** The `<Gather>` action of `answer`, as Twilio posts it (again, on a redelivery). */
  const enter = (answer: WebhookAnswer, from: string, sid: string, digits: string, headers?: Record<string, string>, app = t) => {
    const { pathname, search } = new URL(answer.twiml.Response.Gather['@_action']);
    return postWebhook(app.url, `${pathname}${search}`, { ...voiceParams(from, x, sid), Digits: digits }, { headers });
  };
  const count = async (table: string) => Number((await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);
  const callRecords = async (sid: string) => (
    await t.flushRecords(),
    await t.dataSource.query(`SELECT outcome, reason FROM call_record WHERE provider_sid = $1`, [sid])
  );
  const unused = (taken: string[]) => ['0000', '0001', '0002', '0003'].filter((e) => !taken.includes(e));

  it('the same CallSid and digits again get the same answer and count no second wrong guess', async () => {
    const b = await order();
    const [w1, w2] = unused([b.extension]);
    const guesser = uniquePhone();
    const sid = callSid();
    const first = await prompt(guesser, sid);
    const retry = await enter(first, guesser, sid, w1!);
    expect(retry.verbs).toEqual(['Gather', 'Say', 'Hangup']);
    for (let i = 0; i < 3; i++) expect((await enter(first, guesser, sid, w1!)).text).toBe(retry.text);
    expect(await count('extension_miss')).toBe(1);
    // The retry's own answer is another delivery: a second miss, the goodbye, replayed the same.
    const bye = await enter(retry, guesser, sid, w2!);
    expect(bye.verbs).toEqual(['Say', 'Hangup']);
    expect((await enter(retry, guesser, sid, w2!)).text).toBe(bye.text);
    expect(await count('extension_miss')).toBe(2);
    expect(await callRecords(sid)).toEqual([{ outcome: 'not_in_service', reason: 'wrong_extension' }]);
    // Two misses, not five: the right extension still connects (three would lock the caller out).
    const sid2 = callSid();
    expect((await enter(await prompt(guesser, sid2), guesser, sid2, b.extension)).verbs).toEqual(['Dial']);
  });

  it('a redelivered reach counts once, adds one caller and one record; a late redelivery after the binding ended still replays', async () => {
    const bindings = [await order(), await order(), await order()];
    const caller = uniquePhone();
    const sid = callSid();
    const first = await prompt(caller, sid);
    const connected = await enter(first, caller, sid, bindings[0].extension);
    expect(connected.verbs).toEqual(['Dial']);
    expect((await enter(first, caller, sid, bindings[0].extension)).text).toBe(connected.text);
    expect(await count('extension_reach')).toBe(1);
    expect(await count(`participant WHERE role = 'caller'`)).toBe(1);
    // EXTENSION_REACH_PER_DAY is 2: a second extension is still allowed, a third is not.
    const sid2 = callSid();
    expect((await enter(await prompt(caller, sid2), caller, sid2, bindings[1].extension)).verbs).toEqual(['Dial']);
    const sid3 = callSid();
    const refused = await enter(await prompt(caller, sid3), caller, sid3, bindings[2].extension);
    expect(say(refused).text).toMatch(/Too many extensions/);
    // The binding ends; the first answer is replayed, not a new decision.
    expect((await t.request('POST', `/v1/bindings/${bindings[0].id}/close`, { token: key })).status).toBe(200);
    expect((await enter(first, caller, sid, bindings[0].extension)).text).toBe(connected.text);
    expect(await callRecords(sid)).toEqual([{ outcome: 'connected', reason: null }]);
  });

  it("Twilio's I-Twilio-Idempotency-Token identifies a redelivery too", async () => {
    const b = await order();
    const [w1] = unused([b.extension]);
    const guesser = uniquePhone();
    const sid = callSid();
    const first = await prompt(guesser, sid);
    const token = `idem-${sid}`;
    const answer = await enter(first, guesser, sid, w1!, { 'I-Twilio-Idempotency-Token': token });
    // Another CallSid under the same token: still the same delivery to Veil.
    const again = await enter(first, guesser, callSid(), w1!, { 'I-Twilio-Idempotency-Token': token });
    expect(again.text).toBe(answer.text);
    expect(await count('extension_miss')).toBe(1);
  });

  it('parallel deliveries of one answer to two instances: one decision, one miss counted', async () => {
    const other = await startTestApp(
      { EXTENSION_DIGITS: '4', EXTENSION_OCCUPANCY: '0.5', EXTENSION_REACH_PER_DAY: '2' },
      t.clock,
    );
    try {
      const b = await order();
      const [w1] = unused([b.extension]);
      const guesser = uniquePhone();
      const sid = callSid();
      const first = await prompt(guesser, sid);
      const answers = await Promise.all([t, other, t, other].map((app) => enter(first, guesser, sid, w1!, undefined, app)));
      for (const a of answers) expect(a.text).toBe(answers[0]!.text);
      expect(answers[0]!.verbs).toEqual(['Gather', 'Say', 'Hangup']);
      expect(await count('extension_miss')).toBe(1);
    } finally {
      await other.close();
    }
  });
});

describe('extension mode: the language of prompts, goodbyes and the text hint', () => {
  let t: TestApp;
  let key: string;
  // A +86 extension number (the simulator's numbers are all +1, so it goes straight into the pool).
  const cnNumber = '+861058880173';
  let cnBuyer = 13812340000;

  beforeAll(async () => {
    t = await startTestApp({ EXTENSION_DIGITS: '5', EXTENSION_OCCUPANCY: '0.1' });
  });
  beforeEach(async () => {
    await resetDatabase(t.dataSource);
    key = (await createTenant(t)).apiKey;
    await t.dataSource.query(
      `INSERT INTO relay_number (e164, calling_code, country, pool, status, provider, available_since)
       VALUES ($1, '86', 'CN', 'extension', 'available', 'simulator', now())`,
      [cnNumber],
    );
    await provisionNumbers(t, 'extension', 1);
  });
  afterAll(() => t.close());

  const order = async (tenantKey: string, body: Record<string, unknown> = {}) => {
    const answer = await t.request('POST', '/v1/bindings', { token: tenantKey, body: checkout({ mode: 'extension', ...body }) });
    expect(answer.status).toBe(201);
    return answer.body;
  };
  const chineseBuyer = () => `+86${++cnBuyer}`;
  const dial = async (from: string, to: string, ...digits: string[]) => {
    const sid = callSid();
    const answers = [await postWebhook(t.url, '/webhooks/twilio/voice', voiceParams(from, to, sid))];
    for (const pressed of digits) {
      const { pathname, search } = new URL(answers.at(-1)!.twiml.Response.Gather['@_action']);
      answers.push(await postWebhook(t.url, `${pathname}${search}`, { ...voiceParams(from, to, sid), Digits: pressed }));
    }
    return answers;
  };

  it('a +86 extension number prompts, retries and says goodbye in Chinese; a +1 number in English', async () => {
    const b = await order(key, { buyerPhone: chineseBuyer() });
    expect(b.relayNumber).toBe(cnNumber);
    const courier = uniquePhone();
    const wrong = b.extension === '11111' ? '22222' : '11111';
    const [promptCn, retryCn, byeCn] = await dial(courier, cnNumber, wrong, wrong);
    expect(say(promptCn!, 'Gather')).toEqual({ text: '请输入包裹上印的分机号。', language: 'cmn-CN' });
    expect(promptCn!.twiml.Response.Say).toMatchObject({ '#text': '您没有输入分机号。再见。', '@_language': 'cmn-CN' });
    expect(say(retryCn!, 'Gather')).toEqual({ text: '该分机号未在使用，请重新输入分机号。', language: 'cmn-CN' });
    expect(say(byeCn!)).toEqual({ text: '该分机号未在使用，请核对包裹标签后重拨。再见。', language: 'cmn-CN' });
    // The right extension at the Chinese prompt reaches the buyer, screened in Chinese as a +86 buyer is.
    const [, reached] = await dial(uniquePhone(), cnNumber, b.extension);
    expect(reached!.verbs).toEqual(['Dial']);

    const us = await order(key);
    const [promptEn, retryEn] = await dial(uniquePhone(), us.relayNumber, us.extension === '11111' ? '22222' : '11111');
    expect(say(promptEn!, 'Gather')).toEqual({ text: 'Please enter the extension printed on your parcel.', language: 'en-US' });
    expect(say(retryEn!, 'Gather').text).toMatch(/not in use/);
  });

  it('a text to a +86 number without an extension gets the hint in Chinese; a prefixed one is forwarded', async () => {
    const buyer = chineseBuyer();
    const b = await order(key, { buyerPhone: buyer });
    const stranger = uniquePhone();
    const hint = await postWebhook(t.url, '/webhooks/twilio/sms', smsParams(stranger, cnNumber, '我到门口了', messageSid()));
    expect(hint.twiml.Response.Message).toBe('请在短信开头输入包裹上印的分机号，例如"48210 我到门口了"。');
    const forwarded = await postWebhook(
      t.url,
      '/webhooks/twilio/sms',
      smsParams(stranger, cnNumber, `${b.extension} 我到门口了`, messageSid()),
    );
    expect(forwarded.twiml.Response.Message).toMatchObject({ '@_to': buyer, '#text': '我到门口了' });
  });

  it("once the extension names a tenant's binding, that tenant's locale decides", async () => {
    const zh = await t.admin('POST', '/v1/admin/tenants', { name: `zh-${Date.now()}`, locale: 'zh' });
    const ended = await order(zh.body.apiKey);
    expect(ended.relayNumber).not.toBe(cnNumber);
    expect((await t.request('POST', `/v1/bindings/${ended.id}/close`, { token: zh.body.apiKey })).status).toBe(200);
    // A +1 number: the prompt in English (no tenant yet); the ended order's retry and goodbye in Chinese.
    const [prompt, retry, bye] = await dial(uniquePhone(), ended.relayNumber, ended.extension, ended.extension);
    expect(say(prompt!, 'Gather').language).toBe('en-US');
    expect(say(retry!, 'Gather')).toEqual({ text: '该分机号未在使用，请重新输入分机号。', language: 'cmn-CN' });
    expect(say(bye!).language).toBe('cmn-CN');
  });
});

describe('extension mode: occupancy and forecast in the admin API', () => {
  let t: TestApp;
  let key: string;

  // 4 digits at 0.05%: a cap of five live bindings per number, in a code space of 10,000.
  beforeAll(async () => {
    t = await startTestApp({ EXTENSION_DIGITS: '4', EXTENSION_OCCUPANCY: '0.0005', QUARANTINE_DAYS: '30' });
  });
  beforeEach(async () => {
    await resetDatabase(t.dataSource);
    key = (await createTenant(t)).apiKey;
  });
  afterAll(() => t.close());

  const order = async () => {
    const answer = await t.request('POST', '/v1/bindings', { token: key, body: checkout({ mode: 'extension' }) });
    expect(answer.status).toBe(201);
    return answer.body;
  };

  it('shows each number live and resting against the cap, and when the pool fills at the last day’s rate', async () => {
    const provisioned = await provisionNumbers(t, 'extension', 2);
    const retired = (await provisionNumbers(t, 'extension', 1))[0]!;
    expect((await t.admin('DELETE', `/v1/admin/numbers/${retired.id}`)).status).toBe(200);
    await provisionNumbers(t, 'dedicated', 1);
    const orders: { id: string; relayNumber: string }[] = [];
    for (let i = 0; i < 7; i++) orders.push(await order());
    // The allocator fills the oldest number first: five orders there, two on the other.
    const on = (n: { e164: string }) => orders.filter((b) => b.relayNumber === n.e164);
    const first = provisioned.find((n) => on(n).length === 5);
    const second = provisioned.find((n) => on(n).length === 2);
    expect([first, second].every(Boolean)).toBe(true);
    const onFirst = on(first!);
    expect((await t.request('POST', `/v1/bindings/${onFirst[0].id}/close`, { token: key })).status).toBe(200);

    const answer = await t.admin('GET', '/v1/admin/extensions');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ digits: 4, occupancy: 0.0005, codeSpace: 10_000, capPerNumber: 5, forecastDays: 30 });
    // The retired number is gone; the live count is the allocator's own; the closed pair rests.
    expect(answer.body.numbers).toEqual([
      {
        id: first!.id,
        e164: first!.e164,
        country: 'US',
        status: 'available',
        live: 4,
        quarantined: 1,
        cap: 5,
        shareOfCap: 0.8,
        free: 1,
      },
      {
        id: second!.id,
        e164: second!.e164,
        country: 'US',
        status: 'available',
        live: 2,
        quarantined: 0,
        cap: 5,
        shareOfCap: 0.4,
        free: 3,
      },
    ]);
    // Seven checkouts and one ending today: six more live a day, four places left. In 30 days at that
    // rate 6 + 180 live orders need 38 numbers of five: 36 more.
    expect(answer.body.forecast).toEqual([
      {
        country: 'US',
        numbers: 2,
        capacity: 10,
        live: 6,
        quarantined: 1,
        free: 4,
        checkoutsLast24h: 7,
        endedLast24h: 1,
        growthPerDay: 6,
        daysUntilFull: 0.7,
        numbersToAdd: 36,
      },
    ]);
    const overview = (await t.admin('GET', '/v1/admin/overview')).body;
    expect(overview.headroom.extension).toEqual(answer.body.forecast);
    expect(overview.extensions).toMatchObject({ capPerNumber: 5, numberCount: 2 });
    expect(overview.extensions.busiest.map((n: { e164: string }) => n.e164)).toEqual([first!.e164, second!.e164]);
    expect(overview.pools.find((p: { pool: string }) => p.pool === 'extension')).toMatchObject({ inUse: 2, retired: 1 });

    // Two days later with no new orders: not growing, nothing to add.
    t.clock.advanceDays(2);
    const later = (await t.admin('GET', '/v1/admin/extensions')).body;
    expect(later.forecast[0]).toMatchObject({
      checkoutsLast24h: 0,
      endedLast24h: 0,
      growthPerDay: 0,
      daysUntilFull: null,
      numbersToAdd: 0,
    });
  });

  it('counts the code space too: resting pairs leave fewer free extensions than the cap would', async () => {
    const [x] = await provisionNumbers(t, 'extension', 1);
    // 9,998 pairs resting on one number (bulk-inserted as ended bindings): two extensions are left free.
    const [tenant] = await t.dataSource.query(`SELECT id FROM tenant LIMIT 1`);
    await t.dataSource.query(
      `INSERT INTO binding (tenant_id, order_id, mode, status, relay_number_id, expires_at, window_cap_at, ended_at, created_at,
                            updated_at, extension, extension_held, extension_free_at)
       SELECT $1, 'rest-' || i, 'extension', 'closed', $2, $3, $3, $3, $3, $3, lpad(i::text, 4, '0'), true, $3::timestamptz + interval '30 days'
         FROM generate_series(0, 9997) AS i`,
      [tenant.id, x!.id, new Date(t.clock.now().getTime() - 3 * 86_400_000)],
    );
    const answer = (await t.admin('GET', '/v1/admin/extensions')).body;
    expect(answer.numbers[0]).toMatchObject({ live: 0, quarantined: 9998, free: 2 });
    expect(answer.forecast[0]).toMatchObject({ free: 2, numbersToAdd: 0 });
  });
});

describe('extension mode: one number serving thousands, and the lifecycle', () => {
  let t: TestApp;
  let key: string;
  let x: { id: string; e164: string };
  const PROMOTION = 'Member Day! 60% off all sneakers today only, shop now: m.tb.cn/h.9kQ1 Reply TD to unsubscribe';

  beforeAll(async () => {
    t = await startTestApp({ EXTENSION_DIGITS: '5', EXTENSION_OCCUPANCY: '0.1', QUARANTINE_DAYS: '30', RETENTION_DAYS: '30' });
  });
  beforeEach(async () => {
    await resetDatabase(t.dataSource);
    key = (await createTenant(t)).apiKey;
    x = (await provisionNumbers(t, 'extension', 1))[0]!;
  });
  afterAll(() => t.close());

  const order = async (body: Record<string, unknown> = {}) => {
    const answer = await t.request('POST', '/v1/bindings', { token: key, body: checkout({ mode: 'extension', ...body }) });
    expect(answer.status).toBe(201);
    return answer.body;
  };
  /** A call to X answering the prompt(s) with `digits` in turn: every answer. */
  const dial = async (from: string, ...digits: string[]) => {
    const sid = callSid();
    const answers = [await postWebhook(t.url, '/webhooks/twilio/voice', voiceParams(from, x.e164, sid))];
    for (const pressed of digits) {
      expect(answers.at(-1)!.verbs).toEqual(['Gather', 'Say', 'Hangup']);
      const { pathname, search } = new URL(answers.at(-1)!.twiml.Response.Gather['@_action']);
      answers.push(await postWebhook(t.url, `${pathname}${search}`, { ...voiceParams(from, x.e164, sid), Digits: pressed }));
    }
    return answers.at(-1)!;
  };
  const dialed = (answer: WebhookAnswer) => {
    expect(answer.verbs).toEqual(['Dial']);
    const number = answer.twiml.Response.Dial.Number;
    return (number['#text'] ?? number) as string;
  };

  it('a courier reaches the right buyer among 3,000 live orders on one number', async () => {
    // 3,000 live orders bulk-inserted on X, their buyers all one decoy phone (sealed by Veil's own cipher).
    const cipher = t.app.get(PhoneCipher);
    const decoy = uniquePhone();
    const [tenant] = await t.dataSource.query(`SELECT id FROM tenant LIMIT 1`);
    const now = t.clock.now();
    await t.dataSource.query(
      `WITH b AS (
         INSERT INTO binding (tenant_id, order_id, mode, status, relay_number_id, expires_at, window_cap_at, created_at, updated_at,
                              extension, extension_held)
         SELECT $1, 'bulk-' || k, 'extension', 'active', $2, $3, $3, $4, $4, lpad(((k * 7919 + 11) % 100000)::text, 5, '0'), true
           FROM generate_series(0, 2999) AS k
         RETURNING id, order_id)
       INSERT INTO participant (binding_id, relay_number_id, role, phone_hash, phone_enc, pair_hash, phone_masked, active, created_at)
       SELECT b.id, $2, 'buyer', sha256(convert_to(b.order_id, 'UTF8')), $5, sha256(convert_to('pair' || b.order_id, 'UTF8')),
              '+1 415****0000', true, $4
         FROM b`,
      [tenant.id, x.id, new Date(now.getTime() + 10 * 86_400_000), now, cipher.encrypt(decoy)],
    );
    await t.dataSource.query(`UPDATE relay_number SET extension_live = 3000 WHERE id = $1`, [x.id]);
    const buyers = [uniquePhone(), uniquePhone(), uniquePhone()];
    const targets = [];
    for (const buyerPhone of buyers) targets.push(await order({ buyerPhone }));
    expect(new Set(targets.map((b) => b.relayNumber))).toEqual(new Set([x.e164]));
    const courier = uniquePhone();
    for (const [i, target] of targets.entries()) expect(dialed(await dial(courier, target.extension))).toBe(buyers[i]);
    // One of the bulk orders, by its extension: its (decoy) buyer.
    expect(dialed(await dial(courier, String((1234 * 7919 + 11) % 100000).padStart(5, '0')))).toBe(decoy);
    const occupancy = (await t.admin('GET', '/v1/admin/extensions')).body;
    expect(occupancy.numbers[0]).toMatchObject({ live: 3003, cap: 10_000, quarantined: 0 });
  });

  it('lives as the other modes do: the message policy, extend, expiry on read, the sweeper, the pair at rest, the purge', async () => {
    const buyer = uniquePhone();
    const courier = uniquePhone();
    const b = await order({ buyerPhone: buyer, windowDays: 2, counterparts: [{ phone: courier, role: 'courier' }] });
    // A prefixed promotion goes through the message policy: blocked, not forwarded.
    const promo = await postWebhook(
      t.url,
      '/webhooks/twilio/sms',
      smsParams(courier, x.e164, `${b.extension} ${PROMOTION}`, messageSid()),
    );
    expect(promo.twiml.Response.Message).toBeUndefined();
    await t.flushRecords();
    const [blocked] = await t.dataSource.query(`SELECT outcome, reason, binding_id FROM message_record`);
    expect(blocked).toEqual({ outcome: 'blocked', reason: 'marketing', binding_id: b.id });

    const extended = await t.request('POST', `/v1/bindings/${b.id}/extend`, { token: key, body: { days: 3 } });
    expect(extended.status).toBe(200);
    expect(Date.parse(extended.body.expiresAt) - Date.parse(b.expiresAt)).toBe(3 * 86_400_000);
    t.clock.advanceDays(4);
    expect(dialed(await dial(courier, b.extension))).toBe(buyer);

    // Past expiresAt, before any sweep: forwarding has stopped (the ended extension gets the retry).
    t.clock.advanceDays(2);
    expect((await dial(courier, b.extension)).verbs).toEqual(['Gather', 'Say', 'Hangup']);
    const sweeper = t.app.get(SweeperJob);
    await sweeper.runOnce();
    expect((await t.request('GET', `/v1/bindings/${b.id}`, { token: key })).body).toMatchObject({
      status: 'expired',
      purged: false,
    });
    const [rest] = await t.dataSource.query(
      `SELECT b.extension_held, n.extension_live FROM binding b JOIN relay_number n ON n.id = b.relay_number_id WHERE b.id = $1`,
      [b.id],
    );
    expect(rest).toEqual({ extension_held: true, extension_live: 0 });
    // Now a former party of (X, E): not in service at once, no retry.
    const former = await dial(courier, b.extension);
    expect(former.verbs).toEqual(['Say', 'Hangup']);
    expect(former.twiml.Response.Say['#text'] ?? former.twiml.Response.Say).toMatch(/not in service/);

    // After QUARANTINE_DAYS and RETENTION_DAYS: the pair is free again and the real numbers are gone.
    t.clock.advanceDays(31);
    await sweeper.runOnce();
    const [after] = await t.dataSource.query(`SELECT extension_held FROM binding WHERE id = $1`, [b.id]);
    expect(after).toEqual({ extension_held: false });
    expect((await t.request('GET', `/v1/bindings/${b.id}`, { token: key })).body).toMatchObject({ purged: true });
    const sealed = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM participant WHERE binding_id = $1 AND phone_enc IS NOT NULL`,
      [b.id],
    );
    expect(sealed).toEqual([{ n: 0 }]);
  });
});
