import { CarrierSetupService } from '../src/numbers/carrier-setup.service.js';
import { SweeperJob } from '../src/lifecycle/sweeper.job.js';
import { checkout, createTenant } from './factories/index.js';
import { FAKE_ACCOUNT_SID, FAKE_AUTH_TOKEN, FakeTwilio } from './support/fake-twilio.js';
import { resetDatabase, startTestApp, TEST_ENV } from './support/test-app.js';
import { TestClock } from './support/test-clock.js';

// Its own file: Nest's loggers are process-wide and write to the first app's stream of a file.
const BASE = TEST_ENV.PUBLIC_BASE_URL;
const TWILIO_ENV = { TELEPHONY_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: FAKE_ACCOUNT_SID, TWILIO_AUTH_TOKEN: FAKE_AUTH_TOKEN };

describe('Twilio outbound without a Messaging Service', () => {
  let fake: FakeTwilio;

  beforeAll(async () => {
    fake = await FakeTwilio.start();
  });
  afterAll(() => fake.close());

  it('warns at start when US numbers exist, and the carrier blocks their texts (30034)', async () => {
    const t = await startTestApp({ ...TWILIO_ENV, REMINDER_DAYS_BEFORE: '3' }, new TestClock(), fake.httpClient());
    try {
      await resetDatabase(t.dataSource);
      fake.now = () => t.clock.now();
      fake.stock('+16285550001');
      const provisioned = await t.admin('POST', '/v1/admin/numbers', { country: 'US', count: 1, pool: 'dedicated' });
      expect(provisioned.status).toBe(201);
      expect(provisioned.body.warnings.map((w: { problem: string }) => w.problem)).toEqual(['no_messaging_service']);
      const { apiKey } = await createTenant(t);
      await t.request('POST', '/v1/bindings', { token: apiKey, body: checkout({ windowDays: 10 }) });
      t.clock.advanceDays(7.5);
      await t.app.get(SweeperJob).runOnce();
      await fake.sendStatusCallbacks(t.url, BASE);
      const [record] = await t.dataSource.query(`SELECT delivery_status, delivery_error_code FROM message_record WHERE reason = 'reminder'`);
      expect(record).toEqual({ delivery_status: 'failed', delivery_error_code: 30034 });

      // A restart with that pool says so in the log, naming the variable and the error.
      const restarted = await startTestApp(TWILIO_ENV, new TestClock(), fake.httpClient());
      try {
        const findings = await restarted.app.get(CarrierSetupService).startupCheck;
        expect(findings.map((f) => f.problem)).toEqual(['no_messaging_service']);
        // Nest's loggers are process-wide: the first app's stream has the lines of both.
        const logs = [...t.logs, ...restarted.logs];
        expect(logs.some((l) => l.includes('TWILIO_MESSAGING_SERVICE_SID is not set') && l.includes('30034'))).toBe(true);
      } finally {
        await restarted.close();
      }
    } finally {
      await t.close();
    }
  });
});
