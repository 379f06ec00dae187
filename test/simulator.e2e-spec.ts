import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CarrierSimulator } from '../src/telephony/simulator/carrier-simulator.js';
import { checkout, createTenant, provisionNumbers, uniquePhone } from './factories/index.js';
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
