import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CarrierSimulator } from '../src/telephony/simulator/carrier-simulator.js';
import { checkout, createTenant, provisionNumbers, uniqueChinesePhone, uniquePhone } from './factories/index.js';
import { resetDatabase, startTestApp, TEST_ENV, type TestApp } from './support/test-app.js';

const run = promisify(execFile);

describe('the carrier simulator (npm run sim)', () => {
  let t: TestApp;
  let simulator: CarrierSimulator;

  beforeAll(async () => {
    t = await startTestApp();
    await resetDatabase(t.dataSource);
    simulator = new CarrierSimulator({
      targetUrl: t.url,
      publicBaseUrl: TEST_ENV.PUBLIC_BASE_URL,
      authToken: TEST_ENV.TWILIO_AUTH_TOKEN,
    });
  });
  afterAll(() => t.close());

  it('plays a whole session in plain words: courier call, buyer call-back, texts, expiry', async () => {
    const { apiKey } = await createTenant(t);
    await provisionNumbers(t, 'dedicated', 1);
    const buyer = '+14155552671';
    const courier = uniquePhone();
    const order = await t.request('POST', '/v1/bindings', {
      token: apiKey,
      body: checkout({ buyerPhone: buyer, windowDays: 1, counterparts: [{ phone: courier, role: 'courier' }] }),
    });
    const relay = order.body.relayNumber as string;
    const relayMasked = `+1 ${relay.slice(2, 5)}****${relay.slice(-4)}`;

    const courierCall = await simulator.call(courier, relay);
    expect(courierCall).toContain(`rings +1 415****2671, shown caller ID ${relayMasked}`);
    expect(courierCall).toContain('the buyer presses 1');
    expect(courierCall).toContain('bridged; they talk for 42 s');
    const [record] = await t.dataSource.query(`SELECT outcome, duration_seconds FROM call_record`);
    expect(record).toEqual({ outcome: 'connected', duration_seconds: 42 });

    const callBack = await simulator.call(buyer, relay, 'no-answer');
    expect(callBack).toContain(`rings ${order.body.counterparts[0].phoneMasked}, shown caller ID ${relayMasked}`);
    expect(callBack).toContain('not connected: no-answer');

    const courierText = await simulator.sms(courier, relay, 'At your door');
    expect(courierText).toContain(`text delivered to +1 415****2671 from ${relayMasked}: "At your door"`);
    const delivered = await t.dataSource.query(`SELECT delivery_status FROM message_record`);
    expect(delivered).toEqual([{ delivery_status: 'delivered' }]);

    t.clock.advanceDays(2);
    expect(await simulator.call(courier, relay)).toEqual(
      expect.arrayContaining(['caller hears: "The number you have called is not in service. Goodbye."', 'call ends']),
    );
    expect(await simulator.sms(courier, relay, 'hello?')).toContain('nothing is forwarded');
    // The simulator speaks in masked numbers only: the buyer's and the courier's, in any form.
    const printed = [courierCall, callBack, courierText].flat().join('\n');
    const courierMasked = order.body.counterparts[0].phoneMasked as string;
    // Each party is on the page (masked), so their absence in clear below is not for want of mention.
    expect(printed).toContain('+1 415****2671');
    expect(printed).toContain(courierMasked);
    expect(printed.split(courierMasked).length).toBeGreaterThan(2);
    for (const phone of [buyer, courier]) {
      const national = phone.slice(2);
      for (const form of [
        phone,
        national,
        `(${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6)}`,
        national.slice(3),
      ]) {
        expect([phone, form, printed.includes(form)]).toEqual([phone, form, false]);
      }
    }
  });

  it('plays what the real network sends: withheld callers, sender IDs, MMS, redelivery, voicemail, a late or missing Dial action', async () => {
    const { apiKey } = await createTenant(t);
    await provisionNumbers(t, 'dedicated', 1);
    const buyer = uniquePhone();
    const courier = uniquePhone();
    const order = await t.request('POST', '/v1/bindings', {
      token: apiKey,
      body: checkout({ buyerPhone: buyer, counterparts: [{ phone: courier, role: 'courier' }] }),
    });
    const relay = order.body.relayNumber as string;
    // The record of the call or text a simulator run printed (its first line names the CallSid / MessageSid).
    const records = async (kind: 'call' | 'message', lines: string[]) => {
      await t.flushRecords();
      const sid = /\(((?:CA|SM)[0-9a-f]{32})\)$/.exec(lines[0]!)![1];
      return t.dataSource.query(`SELECT * FROM ${kind}_record WHERE provider_sid = $1`, [sid]);
    };

    const withheld = await simulator.call('anonymous', relay);
    expect(withheld).toContain(
      `buyer hears: "The caller's number is hidden. Delivery call about your order ${order.body.orderId}. Press any key to accept."`,
    );
    expect(withheld).toContain('bridged; they talk for 42 s');

    const voicemail = await simulator.call(courier, relay, 'voicemail');
    expect(voicemail).toContain(
      "a voicemail answers and presses no key: the buyer's leg hangs up, no greeting reaches the caller",
    );
    expect(voicemail).toContain(
      'caller hears: "The person you are calling could not be reached. Please try again later. Goodbye."',
    );
    expect((await records('call', voicemail))[0]).toMatchObject({ outcome: 'no_answer' });

    const never = await simulator.call(courier, relay, 'completed', 30, { dialAction: 'never' });
    expect(never).toContain('the Dial action never comes');
    expect((await records('call', never))[0]).toMatchObject({ outcome: 'connected', duration_seconds: 30 });
    const late = await simulator.call(courier, relay, 'busy', 0, { dialAction: 'late' });
    expect(late.indexOf('the Dial action comes late')).toBeGreaterThan(late.indexOf("the number's status callback: no-answer"));
    expect((await records('call', late))[0]).toMatchObject({ outcome: 'busy' });

    const promo = await simulator.sms('SHOPNOW', relay, '70% off everything, reply TD to unsubscribe');
    expect(promo).toEqual(['SHOPNOW texts ' + promo[0]!.split(' texts ')[1], 'nothing is forwarded']);
    expect((await records('message', promo))[0]).toMatchObject({ outcome: 'blocked', from_role: 'stranger' });
    const code = await simulator.sms('12345', relay, 'Your pickup code is 4821');
    expect(code.at(-1)).toMatch(/^text delivered to \+1 415\*{4}\d{4} from .*: "Your pickup code is 4821"$/);

    const photo = await simulator.sms(courier, relay, '', {
      media: ['https://api.twilio.com/2010-04-01/Accounts/AC0/Messages/MM1/Media/ME1'],
      redeliver: 2,
    });
    expect(photo).toContain('redelivered: Veil gives the same answer');
    expect(photo).not.toContain('redelivered: Veil gives a DIFFERENT answer');
    expect(photo.at(-1)).toMatch(/: "" with 1 media$/);
    expect((await records('message', photo))[0]).toMatchObject({ outcome: 'connected', media_count: 1 });
  });

  it('plays a +86 order: the screening in Chinese, Chinese keywords answered in Chinese, +86 masks in the API', async () => {
    const { apiKey } = await createTenant(t);
    const [cn] = await provisionNumbers(t, 'dedicated', 1, 'CN');
    // A US number is free too: checkout must still pick the number of the buyer's calling code.
    await provisionNumbers(t, 'dedicated', 1);
    const buyer = '+8613800135678';
    const courier = uniqueChinesePhone();
    const merchant = uniqueChinesePhone();
    const order = await t.request('POST', '/v1/bindings', {
      token: apiKey,
      body: checkout({
        buyerPhone: buyer,
        counterparts: [
          { phone: courier, role: 'courier' },
          { phone: merchant, role: 'merchant' },
        ],
      }),
    });
    expect(order.status).toBe(201);
    const relay = order.body.relayNumber as string;
    expect(relay).toBe(cn!.e164);
    expect(relay).toMatch(/^\+86170055501\d{2}$/);
    const masked = (phone: string) => `+86 ${phone.slice(3, 6)}****${phone.slice(-4)}`;
    // The binding API shows the +86 numbers masked, in the contract's shape.
    expect(order.body.buyerPhoneMasked).toBe('+86 138****5678');
    expect(order.body.counterparts.map((c: { phoneMasked: string }) => c.phoneMasked).sort()).toEqual(
      [masked(courier), masked(merchant)].sort(),
    );
    const read = await t.request('GET', `/v1/bindings/${order.body.id}`, { token: apiKey });
    expect(read.body.buyerPhoneMasked).toBe('+86 138****5678');
    expect(JSON.stringify(read.body)).not.toContain(buyer.slice(3));

    // The courier calls: the buyer's leg is screened in Mandarin (a +86 buyer, no tenant locale).
    const courierCall = await simulator.call(courier, relay);
    expect(courierCall[0]).toBe(
      `${masked(courier)} calls ${masked(relay)} (${/\((CA[0-9a-f]{32})\)$/.exec(courierCall[0]!)![1]})`,
    );
    expect(courierCall).toContain(`rings +86 138****5678, shown caller ID ${masked(relay)}`);
    expect(courierCall).toContain(`buyer hears: "您的订单 ${order.body.orderId} 有配送来电，请按任意键接听。"`);
    expect(courierCall).toContain('bridged; they talk for 42 s');
    // A voicemail on the buyer's phone: the caller hears, in Chinese, that the buyer was not reached.
    const voicemail = await simulator.call(courier, relay, 'voicemail');
    expect(voicemail).toContain('caller hears: "您拨打的用户暂时无法接通，请稍后再拨。再见。"');
    await t.flushRecords();
    const calls = await t.dataSource.query(`SELECT outcome FROM call_record WHERE binding_id = $1 ORDER BY started_at`, [
      order.body.id,
    ]);
    expect(calls).toEqual([{ outcome: 'connected' }, { outcome: 'no_answer' }]);

    // The courier texts; the buyer's Chinese keyword is answered in Chinese and opts the courier out.
    // (Each text a few seconds after the last: who texted last decides whom TD stops.)
    const sms = (from: string, body: string) => (t.clock.advanceSeconds(5), simulator.sms(from, relay, body));
    expect(await sms(courier, '快递到了，在门口')).toContain(
      `text delivered to +86 138****5678 from ${masked(relay)}: "快递到了，在门口"`,
    );
    const stop = await sms(buyer, '回复TD退订');
    expect(stop.at(-1)).toBe(
      `text delivered to +86 138****5678 from ${masked(relay)}: "已退订：订单 ${order.body.orderId} 的快递员不能再通过此号码给您发短信。回复 START 可撤销。"`,
    );
    expect(await sms(courier, '还在门口吗？')).toContain('nothing is forwarded');
    // TD is answered in the buyer's language: Chinese for a +86 buyer. 延长 extends, answered in Chinese.
    expect((await sms(merchant, '您的订单已发货')).at(-1)).toMatch(/^text delivered to \+86 138\*{4}5678 /);
    const td = await sms(buyer, 'TD');
    expect(td.at(-1)).toContain(`"已退订：订单 ${order.body.orderId} 的商家不能再通过此号码给您发短信。`);
    const extend = await sms(buyer, '延长');
    expect(extend.at(-1)).toContain(`"此号码将为订单 ${order.body.orderId} 继续转接，直到 `);
    await t.flushRecords();
    const texts = await t.dataSource.query(
      `SELECT from_role, outcome, reason FROM message_record WHERE binding_id = $1 ORDER BY received_at, created_at`,
      [order.body.id],
    );
    expect(texts).toEqual([
      { from_role: 'courier', outcome: 'connected', reason: null },
      { from_role: 'buyer', outcome: 'keyword', reason: 'keyword' },
      { from_role: 'courier', outcome: 'blocked', reason: 'opted_out' },
      { from_role: 'merchant', outcome: 'connected', reason: null },
      { from_role: 'buyer', outcome: 'keyword', reason: 'keyword' },
      { from_role: 'buyer', outcome: 'keyword', reason: 'keyword' },
    ]);
    const printed = [courierCall, voicemail, stop, td, extend].flat().join('\n');
    for (const phone of [buyer, courier, merchant]) expect(printed).not.toContain(phone.slice(3));
  });

  it('runs from the command line with signed requests', async () => {
    const { stdout } = await run(
      'node_modules/.bin/tsx',
      ['src/telephony/simulator/sim.cli.ts', 'call', '--from', '+14155550111', '--to', '+12025550100'],
      { env: { ...process.env, ...TEST_ENV, DATABASE_URL: 'postgres://unused/x', SIM_TARGET_URL: t.url }, timeout: 30_000 },
    );
    expect(stdout).toContain('+1 415****0111 calls +1 202****0100');
    expect(stdout).toContain('caller hears: "The number you have called is not in service. Goodbye."');
  });

  it('plays an extension number: the prompt, the digits pressed (a wrong one, then the retry), the buyer reached', async () => {
    const { apiKey } = await createTenant(t);
    await provisionNumbers(t, 'extension', 1);
    const buyer = uniquePhone();
    const order = await t.request('POST', '/v1/bindings', {
      token: apiKey,
      body: checkout({ buyerPhone: buyer, mode: 'extension', windowDays: 1 }),
    });
    const { relayNumber, extension } = order.body as { relayNumber: string; extension: string };
    const wrong = extension === '00000' ? '00001' : '00000';
    const lines = await simulator.call(uniquePhone(), relayNumber, 'completed', 42, { digits: [wrong, extension] });
    expect(lines).toContain('caller hears: "Please enter the extension printed on your parcel."');
    expect(lines).toContain(`caller presses ${wrong}`);
    expect(lines).toContain('caller hears: "That extension is not in use. Please enter the extension again."');
    expect(lines).toContain(`caller presses ${extension}`);
    expect(lines).toContain(
      `rings ${`+1 ${buyer.slice(2, 5)}****${buyer.slice(-4)}`}, shown caller ID +1 ${relayNumber.slice(2, 5)}****${relayNumber.slice(-4)}`,
    );
    expect(lines).toContain('bridged; they talk for 42 s');
    const silent = await simulator.call(uniquePhone(), relayNumber);
    expect(silent).toContain('caller presses nothing');
    expect(silent).toContain('caller hears: "No extension was entered. Goodbye."');
  });
  it('plays an enumerating caller: wrong guesses, then the guessing limits refuse every call; redelivers each answer to the prompt', async () => {
    const { apiKey } = await createTenant(t);
    await provisionNumbers(t, 'extension', 1);
    const order = await t.request('POST', '/v1/bindings', {
      token: apiKey,
      body: checkout({ mode: 'extension', windowDays: 1 }),
    });
    const { relayNumber, extension } = order.body as { relayNumber: string; extension: string };
    // Eight guesses counting up from a start that steps over the one live extension.
    const start = Number(extension) >= 50_000 ? 10_000 : 60_000;
    const enumerator = uniquePhone();
    const lines = await simulator.enumerate(enumerator, relayNumber, { calls: 4, start });
    const guess = (k: number) => String(start + k).padStart(5, '0');
    expect(lines[0]).toBe(
      `+1 ${enumerator.slice(2, 5)}****${enumerator.slice(-4)} tries extensions on +1 ${relayNumber.slice(2, 5)}****${relayNumber.slice(-4)}: 4 calls, a guess at the prompt and at its retry`,
    );
    expect(lines[1]).toBe(
      `call 1: pressed ${guess(0)}, ${guess(1)} -> "That extension is not in use. Please check the label and call again. Goodbye."`,
    );
    // The third miss in ten minutes locks the caller out at once, for an hour: no retry, every later call refused.
    const refused = '"Too many extensions were tried from your phone. Please try again later. Goodbye."';
    expect(lines.slice(2, 5)).toEqual([
      `call 2: pressed ${guess(2)} -> refused: ${refused}`,
      `call 3: pressed ${guess(3)} -> refused: ${refused}`,
      `call 4: pressed ${guess(4)} -> refused: ${refused}`,
    ]);
    expect(lines).toContain(
      '5 extensions guessed in 4 calls: 0 reached a buyer, 1 ended on a wrong or ended extension, 3 refused',
    );
    expect(lines.at(-1)).toMatch(/^refused from call 2 on: the guessing limits/);
    const records = await t.dataSource.query(
      `SELECT outcome, reason FROM call_record WHERE relay_number = $1 AND from_masked = $2 ORDER BY started_at, outcome`,
      [relayNumber, `+1 ${enumerator.slice(2, 5)}****${enumerator.slice(-4)}`],
    );
    expect(records.map((r: { reason: string }) => r.reason)).toEqual([
      'wrong_extension',
      'extension_lockout',
      'extension_lockout',
      'extension_lockout',
    ]);

    // Redelivered answers to the prompt get the same answer: the buyer is still reached, once.
    const courier = uniquePhone();
    const redelivered = await simulator.call(courier, relayNumber, 'completed', 42, { digits: [extension], redeliver: 1 });
    expect(redelivered.filter((l) => l === 'redelivered: Veil gives the same answer')).toHaveLength(2);
    expect(redelivered).toContain('bridged; they talk for 42 s');
  });
});
