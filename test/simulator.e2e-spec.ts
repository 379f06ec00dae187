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
    expect(courierCall).toContain('answered; they talk for 42 s');
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

  it('runs from the command line with signed requests', async () => {
    const { stdout } = await run(
      'node_modules/.bin/tsx',
      ['src/telephony/simulator/sim.cli.ts', 'call', '--from', '+14155550111', '--to', '+12025550100'],
      { env: { ...process.env, ...TEST_ENV, DATABASE_URL: 'postgres://unused/x', SIM_TARGET_URL: t.url }, timeout: 30_000 },
    );
    expect(stdout).toContain('+1 415****0111 calls +1 202****0100');
    expect(stdout).toContain('caller hears: "The number you have called is not in service. Goodbye."');
  });
});
