import { CarrierSetupService } from '../src/numbers/carrier-setup.service.js';
import { TelephonyProvider } from '../src/telephony/telephony.provider.js';
import { FAKE_ACCOUNT_SID, FAKE_AUTH_TOKEN, FAKE_SERVICE_SID, FakeTwilio } from './support/fake-twilio.js';
import { resetDatabase, startTestApp, TEST_ENV } from './support/test-app.js';
import { TestClock } from './support/test-clock.js';

// Its own file: Nest's loggers are process-wide and write to the first app's stream of a file.
const BASE = TEST_ENV.PUBLIC_BASE_URL;
const TWILIO_ENV = {
  TELEPHONY_PROVIDER: 'twilio',
  TWILIO_ACCOUNT_SID: FAKE_ACCOUNT_SID,
  TWILIO_AUTH_TOKEN: FAKE_AUTH_TOKEN,
  TWILIO_MESSAGING_SERVICE_SID: FAKE_SERVICE_SID,
};

describe("the Messaging Service's settings, checked at start", () => {
  let fake: FakeTwilio;

  beforeAll(async () => {
    fake = await FakeTwilio.start();
  });
  afterAll(() => fake.close());

  it('warns when the service keeps inbound texts to itself (saying what to change), names pool numbers outside it, a service without an approved campaign and a wrong SID', async () => {
    const service = fake.addService({ useInboundWebhookOnNumber: false });
    // A number put into the pool by hand, never added to the service.
    const byHand = fake.own('+16285554444', { SmsUrl: `${BASE}/webhooks/twilio/sms` });
    const first = await startTestApp(TWILIO_ENV, new TestClock(), fake.httpClient());
    try {
      await resetDatabase(first.dataSource);
      await first.dataSource.query(
        `INSERT INTO relay_number (e164, calling_code, country, area_code, pool, provider, provider_sid) VALUES ($1, '1', 'US', '628', 'dedicated', 'twilio', $2)`,
        ['+16285554444', byHand.sid],
      );
      // A restart with that pool and that service.
      const restarted = await startTestApp(TWILIO_ENV, new TestClock(), fake.httpClient());
      try {
        const findings = await restarted.app.get(CarrierSetupService).startupCheck;
        expect(findings.map((f) => f.problem)).toEqual(['inbound_not_deferred', 'numbers_outside_service']);
        const logs = [...first.logs, ...restarted.logs];
        const inbound = logs.find((l) => l.includes('handles incoming texts itself'));
        expect(inbound).toContain("Defer to sender's webhook");
        expect(inbound).toContain('UseInboundWebhookOnNumber=true');
        expect(logs.some((l) => l.includes('+1 628****4444') && l.includes('numbers:sync'))).toBe(true);
      } finally {
        await restarted.close();
      }

      // Set right at Twilio, and the number added: the next start has nothing to say.
      service.useInboundWebhookOnNumber = true;
      service.numbers.add(byHand.sid);
      const fixed = await startTestApp(TWILIO_ENV, new TestClock(), fake.httpClient());
      try {
        expect(await fixed.app.get(CarrierSetupService).startupCheck).toEqual([]);
      } finally {
        await fixed.close();
      }

      // A service with no approved A2P 10DLC campaign: US texts through it fail (30034), and Veil says so.
      service.usAppToPersonRegistered = false;
      const unregistered = await startTestApp(TWILIO_ENV, new TestClock(), fake.httpClient());
      try {
        const findings = await unregistered.app.get(CarrierSetupService).startupCheck;
        expect(findings.map((f) => f.problem)).toEqual(['campaign_not_registered']);
        expect(findings[0]!.message).toContain('30034');
        expect(findings[0]!.message).toContain('no approved US A2P 10DLC campaign');
        const sent = await unregistered.app.get(TelephonyProvider).sendSms({ from: '+16285554444', to: '+14155552671', body: 'hi' });
        expect(sent).toMatchObject({ kind: 'accepted' });
        expect(fake.outgoing()[0]!.pending).toEqual([{ status: 'failed', errorCode: 30034 }]);
      } finally {
        await unregistered.close();
      }

      // A SID the account does not have.
      const wrong = await startTestApp({ ...TWILIO_ENV, TWILIO_MESSAGING_SERVICE_SID: `MG${'9'.repeat(32)}` }, new TestClock(), fake.httpClient());
      try {
        const findings = await wrong.app.get(CarrierSetupService).startupCheck;
        expect(findings).toEqual([{ problem: 'messaging_service_unreadable', message: expect.stringContaining('Check the SID') }]);
      } finally {
        await wrong.close();
      }
    } finally {
      await first.close();
    }
  });
});
