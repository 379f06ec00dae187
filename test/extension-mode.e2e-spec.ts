import { BindingRepository, type NewBinding } from '../src/bindings/binding.repository.js';
import { uniqueViolation } from '../src/common/errors.js';
import { SweeperJob } from '../src/lifecycle/sweeper.job.js';
import { checkout, createTenant, provisionNumbers, uniquePhone } from './factories/index.js';
import { callSid, messageSid, postWebhook, smsParams, voiceParams, type WebhookAnswer } from './support/twilio-webhooks.js';
import { lockWaiters } from './support/lock-waits.js';
import { extensionApp } from './support/extension-app.js';
import { resetDatabase, startTestApp, type TestApp } from './support/test-app.js';

/**
 * Makes every checkout of `instance` try `pick(candidates)` instead of its random extensions, counting the
 * pairs the unique index refused; answers the function that undoes it.
 */
function steerExtensions(instance: TestApp, pick: (drawn: string[]) => string[], onConflict?: () => void): () => void {
  const repository = instance.app.get(BindingRepository);
  const original = repository.allocateAndInsert;
  const allocate = original.bind(repository);
  repository.allocateAndInsert = (input: NewBinding) =>
    allocate(
      input.extension ? { ...input, extension: { ...input.extension, candidates: pick(input.extension.candidates) } } : input,
    ).catch((error: unknown) => {
      if (uniqueViolation(error) === 'ux_binding_extension_held') onConflict?.();
      throw error;
    });
  return () => {
    repository.allocateAndInsert = original;
  };
}

/** How the checkout statement starts in extension mode: it takes the number's row first. */
const ALLOCATE = 'WITH n AS (UPDATE relay_number SET extension_live';

describe('extension mode: checkout', () => {
  let t: TestApp;
  let key: string;
  // 4 digits at 0.05%: five live bindings per number, small enough to fill in a test.
  const env = { EXTENSION_DIGITS: '4', EXTENSION_OCCUPANCY: '0.0005' };

  beforeAll(async () => {
    t = await startTestApp(env);
  });
  beforeEach(async () => {
    await resetDatabase(t.dataSource);
    key = (await createTenant(t)).apiKey;
  });
  afterAll(() => t.close());

  const order = (body: Record<string, unknown> = {}, app = t) =>
    app.request('POST', '/v1/bindings', { token: key, body: checkout({ mode: 'extension', ...body }) });
  const held = async (relayNumber: string) =>
    (
      await t.dataSource.query(
        `SELECT b.extension, b.status, b.extension_free_at FROM binding b JOIN relay_number n ON n.id = b.relay_number_id
          WHERE n.e164 = $1 AND b.extension_held ORDER BY b.extension`,
        [relayNumber],
      )
    ).map((r: { extension: string; status: string }) => `${r.extension}:${r.status}`);

  it('answers the relay number with an extension, its label form, a dial string and a tel: URI; the number stays in the pool', async () => {
    const [x] = await provisionNumbers(t, 'extension', 1);
    await provisionNumbers(t, 'dedicated', 1);
    const answer = await order();
    expect(answer.status).toBe(201);
    const b = answer.body;
    expect(b).toMatchObject({ mode: 'extension', status: 'active', relayNumber: x!.e164 });
    expect(b.extension).toMatch(/^\d{4}$/);
    const digits = x!.e164.slice(2);
    expect(b.display).toBe(`+1 ${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)} ext. ${b.extension}`);
    expect(b.dialString).toBe(`${x!.e164},,${b.extension}`);
    expect(b.telUri).toBe(`tel:${x!.e164},,${b.extension}`);
    // The other modes answer none of these fields.
    const dedicated = await t.request('POST', '/v1/bindings', { token: key, body: checkout() });
    expect(Object.keys(dedicated.body)).not.toEqual(expect.arrayContaining(['extension']));
    expect(dedicated.body.display).toBeUndefined();
    // The same order again answers the same binding and extension.
    const again = await t.request('GET', `/v1/bindings/${b.id}`, { token: key });
    expect(again.body).toMatchObject({ extension: b.extension, dialString: b.dialString });
    const [number] = await t.dataSource.query(`SELECT status, extension_live FROM relay_number WHERE e164 = $1`, [x!.e164]);
    expect(number).toEqual({ status: 'available', extension_live: 1 });
  });

  it('bounds live bindings per number by EXTENSION_OCCUPANCY; ending one makes room at once', async () => {
    await provisionNumbers(t, 'extension', 2);
    const answers = await Promise.all(Array.from({ length: 14 }, () => order()));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(10);
    expect(answers.filter((a) => a.status === 503).map((a) => a.body.error)).toEqual(Array(4).fill('pool_exhausted'));
    const live = await t.dataSource.query(`SELECT extension_live FROM relay_number ORDER BY e164`);
    expect(live.map((r: { extension_live: number }) => r.extension_live)).toEqual([5, 5]);
    const active = await t.dataSource.query(
      `SELECT relay_number_id, count(*)::int AS n FROM binding WHERE status = 'active' GROUP BY 1 HAVING count(*) > 5`,
    );
    expect(active).toEqual([]);
    // Ending a binding makes room on its number at once.
    const closed = answers.find((a) => a.status === 201)!.body;
    expect((await t.request('POST', `/v1/bindings/${closed.id}/close`, { token: key })).status).toBe(200);
    const next = await order();
    expect(next.status).toBe(201);
    expect(next.body.relayNumber).toBe(closed.relayNumber);
  });

  it('a checkout whose number filled up while it waited for the number takes another number with room', async () => {
    await provisionNumbers(t, 'extension', 2);
    const [oldest, next] = await t.dataSource.query(`SELECT id, e164 FROM relay_number ORDER BY created_at, e164`);
    // Six checkouts all pick the oldest number (their snapshots show it empty) and queue on its row, held
    // here; released, five fill it and the sixth finds it full after the wait, while the next has room.
    const holder = t.dataSource.createQueryRunner();
    await holder.connect();
    try {
      await holder.startTransaction();
      await holder.query(`SELECT id FROM relay_number WHERE id = $1 FOR UPDATE`, [oldest.id]);
      const racing = Array.from({ length: 6 }, () => order());
      await lockWaiters(t.dataSource, ALLOCATE, 6);
      await holder.commitTransaction();
      const answers = await Promise.all(racing);
      expect(answers.map((a) => a.status)).toEqual(Array(6).fill(201));
      expect(answers.filter((a) => a.body.relayNumber === oldest.e164)).toHaveLength(5);
      expect(answers.filter((a) => a.body.relayNumber === next.e164)).toHaveLength(1);
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
    }
    const live = await t.dataSource.query(`SELECT extension_live FROM relay_number ORDER BY created_at, e164`);
    expect(live.map((r: { extension_live: number }) => r.extension_live)).toEqual([5, 1]);
  });

  it('an ended pair (number, extension) rests in quarantine, not the whole number; the sweeper frees it after QUARANTINE_DAYS', async () => {
    await provisionNumbers(t, 'extension', 1);
    const answers = await Promise.all(Array.from({ length: 5 }, () => order()));
    expect(answers.map((a) => a.status)).toEqual(Array(5).fill(201));
    const closed = answers[0]!.body;
    expect((await t.request('POST', `/v1/bindings/${closed.id}/close`, { token: key })).status).toBe(200);
    // A checkout offered the closed pair's extension first takes another one, on the same number.
    const undo = steerExtensions(t, (drawn) => [closed.extension, ...drawn]);
    try {
      const next = await order();
      expect(next.status).toBe(201);
      expect(next.body.relayNumber).toBe(closed.relayNumber);
      expect(next.body.extension).not.toBe(closed.extension);
    } finally {
      undo();
    }
    expect(await held(closed.relayNumber)).toContain(`${closed.extension}:closed`);
    expect((await order()).status).toBe(503);

    const only = steerExtensions(t, () => [closed.extension]);
    try {
      // Day 29: the other orders expired (room on the number), but the closed pair still rests.
      t.clock.advanceDays(29);
      await t.app.get(SweeperJob).runOnce();
      expect((await order()).status).toBe(503);
      t.clock.advanceDays(2);
      await t.app.get(SweeperJob).runOnce();
      expect(await held(closed.relayNumber)).not.toContain(`${closed.extension}:closed`);
      const reused = await order();
      expect(reused.status).toBe(201);
      expect(reused.body).toMatchObject({ relayNumber: closed.relayNumber, extension: closed.extension });
    } finally {
      only();
    }
  });

  it('one buyer holds one active extension binding per number; a courier may carry many orders on one number', async () => {
    await provisionNumbers(t, 'extension', 2);
    const buyer = uniquePhone();
    const courier = uniquePhone();
    const first = await order({ buyerPhone: buyer, counterparts: [{ phone: courier, role: 'courier' }] });
    const second = await order({ buyerPhone: buyer, counterparts: [{ phone: courier, role: 'courier' }] });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.relayNumber).not.toBe(first.body.relayNumber);
    expect((await order({ buyerPhone: buyer })).status).toBe(503);
    // The courier on the first number again, for another buyer, and named on a third binding later.
    const third = await order({ counterparts: [{ phone: courier, role: 'courier' }] });
    expect(third.status).toBe(201);
    expect(third.body.relayNumber).toBe(first.body.relayNumber);
    const fourth = await order();
    const named = await t.request('POST', `/v1/bindings/${fourth.body.id}/counterparts`, {
      token: key,
      body: { phone: courier, role: 'courier' },
    });
    expect(named.status).toBe(201);
    // Twice on one binding is still a conflict.
    const twice = await t.request('POST', `/v1/bindings/${fourth.body.id}/counterparts`, {
      token: key,
      body: { phone: courier, role: 'merchant' },
    });
    expect(twice.status).toBe(409);
    expect(twice.body.error).toBe('counterpart_conflict');
  });

  it('the buyer calling the number reaches their binding reply target, with the number as caller ID', async () => {
    await provisionNumbers(t, 'extension', 1);
    const buyer = uniquePhone();
    const merchant = uniquePhone();
    await order();
    const mine = (await order({ buyerPhone: buyer, counterparts: [{ phone: merchant, role: 'merchant' }] })).body;
    const answer = await postWebhook(t.url, '/webhooks/twilio/voice', voiceParams(buyer, mine.relayNumber, callSid()));
    expect(answer.verbs).toEqual(['Dial']);
    expect(answer.twiml.Response.Dial['@_callerId']).toBe(mine.relayNumber);
    const number = answer.twiml.Response.Dial.Number;
    expect(number['#text'] ?? number).toBe(merchant);
  });

  it('two instances allocating at once never give one (number, extension) to two bindings: the unique index decides', async () => {
    const [x] = await provisionNumbers(t, 'extension', 1);
    const other = await startTestApp({ ...env, EXTENSION_OCCUPANCY: '0.5' });
    const wide = await startTestApp({ ...env, EXTENSION_OCCUPANCY: '0.5' });
    let conflicts = 0;
    let pick = (drawn: string[]) => drawn;
    for (const instance of [other, wide])
      steerExtensions(
        instance,
        (drawn) => pick(drawn),
        () => (conflicts += 1),
      );
    try {
      // Every checkout tries the same 12 extensions in its own order, so the race is run, not avoided.
      const few = Array.from({ length: 12 }, (_, i) => String(1000 + i));
      pick = () => [...few].sort(() => Math.random() - 0.5);
      const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => order({}, i % 2 === 0 ? other : wide)));
      expect(answers.filter((a) => a.status !== 201 && a.status !== 503)).toEqual([]);
      const created = answers.filter((a) => a.status === 201);
      expect(created).toHaveLength(12);
      expect(new Set(created.map((a) => a.body.extension))).toEqual(new Set(few));

      // The collision made certain: one checkout on each instance, both offered 2000 then 2001, queue on
      // the number's row (held here), so both statements' snapshots predate either insert. The first takes
      // 2000; the second, its snapshot still showing 2000 free, is refused by the unique index and its
      // retry takes 2001.
      conflicts = 0;
      pick = () => ['2000', '2001'];
      const holder = t.dataSource.createQueryRunner();
      await holder.connect();
      try {
        await holder.startTransaction();
        await holder.query(`SELECT id FROM relay_number WHERE id = $1 FOR UPDATE`, [x!.id]);
        const racing = [order({}, other), order({}, wide)];
        await lockWaiters(t.dataSource, ALLOCATE, 2);
        await holder.commitTransaction();
        const pair = await Promise.all(racing);
        expect(pair.map((a) => a.status)).toEqual([201, 201]);
        expect(pair.map((a) => a.body.extension).sort()).toEqual(['2000', '2001']);
        expect(conflicts).toBe(1);
      } finally {
        if (holder.isTransactionActive) await holder.rollbackTransaction();
        await holder.release();
      }

      const [number] = await t.dataSource.query(`SELECT extension_live FROM relay_number`);
      expect(number.extension_live).toBe(14);
      const shared = await t.dataSource.query(
        `SELECT relay_number_id, extension FROM binding WHERE extension_held GROUP BY 1, 2 HAVING count(*) > 1`,
      );
      expect(shared).toEqual([]);
      // The database refuses a second live holder of a pair whatever the application does.
      await expect(
        t.dataSource.query(
          `INSERT INTO binding (tenant_id, order_id, mode, status, relay_number_id, expires_at, window_cap_at, extension, extension_held)
           SELECT tenant_id, 'dup', 'extension', 'active', relay_number_id, expires_at, window_cap_at, extension, true FROM binding LIMIT 1`,
        ),
      ).rejects.toMatchObject({ constraint: 'ux_binding_extension_held' });
    } finally {
      await Promise.all([other.close(), wide.close()]);
    }
  });
});

describe('extension mode: calls', () => {
  const app = extensionApp({ EXTENSION_DIGITS: '4', EXTENSION_OCCUPANCY: '0.5' });
  const { order } = app;
  const call = (from: string, to: string, sid = callSid()) =>
    postWebhook(app.t.url, '/webhooks/twilio/voice', voiceParams(from, to, sid));
  /** Follows the prompt's `<Gather>` action, signed as Twilio signs it, with the digits the caller pressed. */
  const enter = (prompt: WebhookAnswer, from: string, to: string, digits: string, sid: string) => {
    const { pathname, search } = new URL(prompt.twiml.Response.Gather['@_action']);
    return postWebhook(app.t.url, `${pathname}${search}`, { ...voiceParams(from, to, sid), Digits: digits });
  };
  const dialed = (answer: WebhookAnswer) => {
    expect(answer.verbs).toEqual(['Dial']);
    const number = answer.twiml.Response.Dial.Number;
    return (number['#text'] ?? number) as string;
  };
  const callRecord = async (sid: string) => (
    await app.t.flushRecords(),
    (await app.t.dataSource.query(`SELECT * FROM call_record WHERE provider_sid = $1`, [sid]))[0]
  );
  /** A call from `from` to X entering `digits` at the first prompt: the answer to the digits. */
  const reach = async (from: string, x: string, digits: string, sid = callSid()) => {
    const prompt = await call(from, x, sid);
    expect(prompt.verbs).toEqual(['Gather', 'Say', 'Hangup']);
    return enter(prompt, from, x, digits, sid);
  };

  it('prompts every caller but the buyer for the extension (DTMF only), and connects a courier to the right buyer among many on one number', async () => {
    const buyers = Array.from({ length: 40 }, () => uniquePhone());
    const bindings = [];
    for (const buyerPhone of buyers) bindings.push(await order({ buyerPhone }));
    const x = bindings[0].relayNumber;
    expect(new Set(bindings.map((b) => b.relayNumber))).toEqual(new Set([x]));
    const courier = uniquePhone();
    const sid = callSid();
    const prompt = await call(courier, x, sid);
    expect(prompt.verbs).toEqual(['Gather', 'Say', 'Hangup']);
    const gather = prompt.twiml.Response.Gather;
    expect(gather).toMatchObject({ '@_input': 'dtmf', '@_numDigits': '4', '@_method': 'POST' });
    expect(gather['@_action']).toBe('https://veil.example.test/webhooks/twilio/voice/extension?attempt=1');

    const target = bindings[17];
    const answer = await enter(prompt, courier, x, target.extension, sid);
    expect(dialed(answer)).toBe(buyers[17]);
    expect(answer.twiml.Response.Dial['@_callerId']).toBe(x);
    // Screened like every call to a buyer.
    expect(answer.twiml.Response.Dial.Number['@_url']).toContain(`binding=${target.id}`);
    expect(await callRecord(sid)).toMatchObject({ outcome: 'connected', binding_id: target.id, from_role: 'caller' });
    const after = await app.t.request('GET', `/v1/bindings/${target.id}`, { token: app.key });
    expect(after.body.counterparts.map((c: { role: string }) => c.role)).toEqual(['caller']);

    // The same courier's next parcel on the same number: prompted again, never skipped.
    const next = bindings[31];
    expect(dialed(await reach(courier, x, next.extension))).toBe(buyers[31]);
    // The buyer's call-back reaches the courier, with X as caller ID; the buyer is never prompted.
    const back = await call(buyers[17]!, x);
    expect(dialed(back)).toBe(courier);
    expect(back.twiml.Response.Dial['@_callerId']).toBe(x);
  });

  it('a wrong extension gets one more prompt, then a goodbye; an ended one the same; a former party of (X, E) hears not in service', async () => {
    const live = await order();
    const ended = await order();
    const x = live.relayNumber;
    const courier = uniquePhone();
    // The courier reached the order that then ended: a former party of (X, E), not of X.
    expect(dialed(await reach(courier, x, ended.extension))).toEqual(expect.any(String));
    expect((await app.t.request('POST', `/v1/bindings/${ended.id}/close`, { token: app.key })).status).toBe(200);

    const stranger = uniquePhone();
    const held = new Set([live.extension, ended.extension]);
    const wrong = ['1234', '5678', '4321'].find((e) => !held.has(e))!;
    const sid = callSid();
    const retry = await reach(stranger, x, wrong, sid);
    expect(retry.verbs).toEqual(['Gather', 'Say', 'Hangup']);
    expect(retry.twiml.Response.Gather.Say['#text'] ?? retry.twiml.Response.Gather.Say).toMatch(/not in use/);
    expect(retry.twiml.Response.Gather['@_action']).toMatch(/attempt=2$/);
    const bye = await enter(retry, stranger, x, wrong, sid);
    expect(bye.verbs).toEqual(['Say', 'Hangup']);
    expect(await callRecord(sid)).toMatchObject({ outcome: 'not_in_service', reason: 'wrong_extension' });

    // The second try may be right (after ten minutes: three misses within ten lock a caller out).
    app.t.clock.advanceSeconds(11 * 60);
    const sid2 = callSid();
    const again = await reach(stranger, x, ended.extension, sid2);
    expect(again.twiml.Response.Gather['@_action']).toMatch(/attempt=2$/);
    expect(dialed(await enter(again, stranger, x, live.extension, sid2))).toEqual(expect.any(String));
    expect(await callRecord(sid2)).toMatchObject({ outcome: 'connected', binding_id: live.id });

    // The courier of the ended order: not in service at once, no retry; the live order still reaches.
    const sid3 = callSid();
    const former = await reach(courier, x, ended.extension, sid3);
    expect(former.verbs).toEqual(['Say', 'Hangup']);
    expect(former.twiml.Response.Say['#text'] ?? former.twiml.Response.Say).toMatch(/not in service/);
    expect(await callRecord(sid3)).toMatchObject({ outcome: 'not_in_service', reason: 'former_party' });
    expect(dialed(await reach(courier, x, live.extension))).toEqual(expect.any(String));
  });

  it('a withheld caller is prompted too, reaches the buyer announced as hidden, and is recorded nowhere as a counterpart', async () => {
    const b = await order();
    const answer = await reach('anonymous', b.relayNumber, b.extension);
    dialed(answer);
    expect(answer.twiml.Response.Dial.Number['@_url']).toContain('hidden=1');
    const after = await app.t.request('GET', `/v1/bindings/${b.id}`, { token: app.key });
    expect(after.body.counterparts).toEqual([]);
  });
});

describe('extension mode: texts', () => {
  const app = extensionApp({ EXTENSION_DIGITS: '5', EXTENSION_OCCUPANCY: '0.1' });
  const { order } = app;
  const text = (from: string, to: string, body: string) => {
    app.t.clock.advanceSeconds(1);
    return postWebhook(app.t.url, '/webhooks/twilio/sms', smsParams(from, to, body, messageSid()));
  };
  const forwarded = (answer: WebhookAnswer) => {
    const message = answer.twiml?.Response?.Message;
    // A reply to the sender (a hint) has no `to`: it is not forwarded.
    return message?.['@_to'] ? { to: message['@_to'], from: message['@_from'], body: message['#text'] } : null;
  };
  const lastRecord = async () => (
    await app.t.flushRecords(),
    (
      await app.t.dataSource.query(
        `SELECT outcome, reason, binding_id FROM message_record ORDER BY received_at DESC, id DESC LIMIT 1`,
      )
    )[0]
  );

  it('a text starting with the extension reaches that buyer without it; the sender becomes a counterpart, and the buyer texts back', async () => {
    const buyers = [uniquePhone(), uniquePhone()];
    const [first, second] = [await order({ buyerPhone: buyers[0] }), await order({ buyerPhone: buyers[1] })];
    const x = first.relayNumber;
    const courier = uniquePhone();
    expect(forwarded(await text(courier, x, `${second.extension} I'm at the door`))).toEqual({
      to: buyers[1],
      from: x,
      body: "I'm at the door",
    });
    expect(await lastRecord()).toMatchObject({ outcome: 'connected', binding_id: second.id });
    expect(forwarded(await text(courier, x, `#${first.extension} Leaving it with the porter`))).toMatchObject({
      to: buyers[0],
      body: 'Leaving it with the porter',
    });
    expect(forwarded(await text(courier, x, `${first.extension}#Photo taken`))).toMatchObject({
      to: buyers[0],
      body: 'Photo taken',
    });
    // The buyer's reply reaches the courier, from X.
    expect(forwarded(await text(buyers[0]!, x, 'Thanks!'))).toEqual({ to: courier, from: x, body: 'Thanks!' });
  });

  it('a counterpart of exactly one live binding on the number needs no prefix; anyone else gets one hint a day, never forwarded', async () => {
    const buyer = uniquePhone();
    const courier = uniquePhone();
    const mine = await order({ buyerPhone: buyer, counterparts: [{ phone: courier, role: 'courier' }] });
    const x = mine.relayNumber;
    expect(forwarded(await text(courier, x, 'Ring twice please?'))).toEqual({ to: buyer, from: x, body: 'Ring twice please?' });
    // Digits that name no binding are part of the text when the sender has one binding.
    expect(forwarded(await text(courier, x, '12345 Main St is blocked'))).toMatchObject({
      to: buyer,
      body: '12345 Main St is blocked',
    });

    // The same courier on a second order on X: no longer unambiguous.
    await order({ counterparts: [{ phone: courier, role: 'courier' }] });
    const hint = await text(courier, x, 'Where do I leave it?');
    expect(forwarded(hint)).toBeNull();
    expect(hint.twiml.Response.Message).toMatch(/start your text with the extension/);
    expect(await lastRecord()).toMatchObject({ outcome: 'not_in_service', reason: 'no_extension' });
    const again = await text(courier, x, 'Hello?');
    expect(again.verbs).toEqual([]);
    // A stranger, and a wrong extension: one hint each, per sender per day.
    const stranger = uniquePhone();
    const wrong = mine.extension === '99999' ? '99998' : '99999';
    expect((await text(stranger, x, `${wrong} hi`)).twiml.Response.Message).toMatch(/start your text/);
    expect((await text(stranger, x, 'hi')).verbs).toEqual([]);
    app.t.clock.advanceDays(1);
    expect((await text(stranger, x, 'hi')).twiml.Response.Message).toMatch(/start your text/);
  });
});

describe('extension mode: guessing bounds', () => {
  const app = extensionApp({ EXTENSION_DIGITS: '4', EXTENSION_OCCUPANCY: '0.5', EXTENSION_REACH_PER_DAY: '3' }, 2);
  const { order } = app;
  /** A call to X entering `digits` at the prompt(s) in turn: the last answer. */
  const dial = async (from: string, x: string, ...digits: string[]) => {
    const sid = callSid();
    let answer = await postWebhook(app.t.url, '/webhooks/twilio/voice', voiceParams(from, x, sid));
    for (const pressed of digits) {
      expect(answer.verbs).toEqual(['Gather', 'Say', 'Hangup']);
      const { pathname, search } = new URL(answer.twiml.Response.Gather['@_action']);
      answer = await postWebhook(app.t.url, `${pathname}${search}`, { ...voiceParams(from, x, sid), Digits: pressed });
    }
    return { answer, sid };
  };
  const refused = async ({ answer, sid }: { answer: WebhookAnswer; sid: string }, reason: string) => {
    expect(answer.verbs).toEqual(['Say', 'Hangup']);
    expect(answer.twiml.Response.Say['#text'] ?? answer.twiml.Response.Say).toMatch(/Too many extensions/);
    await app.t.flushRecords();
    const [record] = await app.t.dataSource.query(`SELECT outcome, reason FROM call_record WHERE provider_sid = $1`, [sid]);
    expect(record).toEqual({ outcome: 'refused', reason });
  };
  const connected = ({ answer }: { answer: WebhookAnswer }) => expect(answer.verbs).toEqual(['Dial']);
  const unused = (taken: string[]) => ['0000', '0001', '0002', '0003', '0004', '0005'].filter((e) => !taken.includes(e));

  it('three wrong or ended extensions in ten minutes lock a caller out of every number for an hour', async () => {
    const b = await order();
    const [w1, w2, w3] = unused([b.extension]);
    const guesser = uniquePhone();
    expect((await dial(guesser, b.relayNumber, w1!, w2!)).answer.verbs).toEqual(['Say', 'Hangup']);
    await refused(await dial(guesser, b.relayNumber, w3!), 'extension_lockout');
    // The right extension too, for an hour.
    await refused(await dial(guesser, b.relayNumber, b.extension), 'extension_lockout');
    app.t.clock.advanceSeconds(61 * 60);
    connected(await dial(guesser, b.relayNumber, b.extension));
    // Misses spread over more than ten minutes lock nobody out.
    const slow = uniquePhone();
    for (const wrong of [w1!, w2!, w3!]) {
      await dial(slow, b.relayNumber, wrong);
      app.t.clock.advanceSeconds(6 * 60);
    }
    connected(await dial(slow, b.relayNumber, b.extension));
  });

  it('reaching more distinct extensions on one number in a day than EXTENSION_REACH_PER_DAY is refused for the day; named counterparts are not counted', async () => {
    const courier = uniquePhone();
    const orders = [];
    for (let i = 0; i < 5; i++) orders.push(await order({ counterparts: [{ phone: courier, role: 'courier' }] }));
    const x = orders[0].relayNumber;
    const enumerator = uniquePhone();
    for (const b of orders.slice(0, 3)) connected(await dial(enumerator, x, b.extension));
    connected(await dial(enumerator, x, orders[1].extension));
    await refused(await dial(enumerator, x, orders[3].extension), 'extension_reach_limit');
    for (const b of orders) connected(await dial(courier, x, b.extension));
    app.t.clock.advanceDays(1);
    connected(await dial(enumerator, x, orders[3].extension));
  });

  it('withheld callers are counted per number: one withheld guesser locks out no withheld courier elsewhere', async () => {
    const buyer = uniquePhone();
    const first = await order({ buyerPhone: buyer });
    const second = await order({ buyerPhone: buyer });
    expect(second.relayNumber).not.toBe(first.relayNumber);
    expect(app.numbers.map((n) => n.e164).sort()).toEqual([first.relayNumber, second.relayNumber].sort());
    const [w1, w2, w3] = unused([first.extension]);
    await dial('anonymous', first.relayNumber, w1!, w2!);
    await refused(await dial('anonymous', first.relayNumber, w3!), 'extension_lockout');
    await refused(await dial('restricted', first.relayNumber, first.extension), 'extension_lockout');
    connected(await dial('anonymous', second.relayNumber, second.extension));
  });
});
