import { NumberSyncService } from '../src/numbers/number-sync.service.js';
import { FAKE_ACCOUNT_SID, FAKE_AUTH_TOKEN, FAKE_SERVICE_SID, FakeTwilio } from './support/fake-twilio.js';
import { resetDatabase, startTestApp, TEST_ENV, type TestApp } from './support/test-app.js';
import { TestClock } from './support/test-clock.js';

const BASE = TEST_ENV.PUBLIC_BASE_URL;

describe('npm run numbers:sync: the pool against the Twilio account', () => {
  let fake: FakeTwilio;
  let t: TestApp;
  let sync: NumberSyncService;

  beforeAll(async () => {
    fake = await FakeTwilio.start();
    t = await startTestApp(
      {
        TELEPHONY_PROVIDER: 'twilio',
        TWILIO_ACCOUNT_SID: FAKE_ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: FAKE_AUTH_TOKEN,
        TWILIO_MESSAGING_SERVICE_SID: FAKE_SERVICE_SID,
      },
      new TestClock(),
      fake.httpClient(),
    );
    sync = t.app.get(NumberSyncService);
  });
  beforeEach(async () => {
    fake.reset();
    fake.addService();
    await resetDatabase(t.dataSource);
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  const provision = async (count: number) => {
    for (let i = 0; i < count; i++) fake.stock(`+1628557${String(1000 + i)}`);
    const answer = await t.admin('POST', '/v1/admin/numbers', { country: 'US', count, pool: 'dedicated' });
    expect(answer.status).toBe(201);
    return answer.body.numbers as { id: string; e164: string }[];
  };

  it('re-points drifted webhooks (fallbacks too), rejoins the service, reports numbers bought elsewhere or gone', async () => {
    const [a, b, c] = await provision(3);
    // PUBLIC_BASE_URL changed since `a` was bought: every URL still names the old host.
    const ownedA = fake.ownedByNumber(a!.e164)!;
    for (const field of ['VoiceUrl', 'VoiceFallbackUrl', 'StatusCallback', 'SmsUrl', 'SmsFallbackUrl']) {
      ownedA.form[field] = ownedA.form[field]!.replace(BASE, 'https://old-host.example.com');
    }
    // `b` was taken out of the Messaging Service by hand; `c` released by hand in the console.
    fake.services.get(FAKE_SERVICE_SID)!.numbers.delete(fake.ownedByNumber(b!.e164)!.sid);
    fake.owned.delete(fake.ownedByNumber(c!.e164)!.sid);
    // And a number bought elsewhere on the same account.
    fake.own('+16285559876', { VoiceUrl: 'https://another-app.example.com/voice' });

    const report = await sync.sync();
    expect(report).toEqual({
      repointed: [a!.e164],
      addedToService: [b!.e164],
      missingAtCarrier: [c!.e164],
      notInPool: ['+16285559876'],
      released: [],
      failures: [],
    });
    expect(fake.ownedByNumber(a!.e164)!.form).toMatchObject({
      VoiceUrl: `${BASE}/webhooks/twilio/voice`,
      VoiceFallbackUrl: `${BASE}/webhooks/twilio/voice`,
      StatusCallback: `${BASE}/webhooks/twilio/voice/status`,
      SmsUrl: `${BASE}/webhooks/twilio/sms`,
      SmsFallbackUrl: `${BASE}/webhooks/twilio/sms`,
    });
    expect(fake.serviceOf(b!.e164)?.sid).toBe(FAKE_SERVICE_SID);
    // The number bought elsewhere is left as it was.
    expect(fake.ownedByNumber('+16285559876')!.form).toEqual({ VoiceUrl: 'https://another-app.example.com/voice' });

    // Nothing left to do: a second run changes nothing.
    const again = await sync.sync();
    expect(again).toMatchObject({ repointed: [], addedToService: [], released: [], failures: [] });
  });

  it('retries a release that failed at retire time (the number was still billed)', async () => {
    const [number] = await provision(1);
    fake.failNext({ status: 500, code: 20500, match: /DELETE .*IncomingPhoneNumbers/ }, 4);
    const retired = await t.admin('DELETE', `/v1/admin/numbers/${number!.id}`);
    expect(retired.status).toBe(200);
    expect(retired.body).toMatchObject({ status: 'retired', releasedAtCarrier: false });
    expect(fake.ownedByNumber(number!.e164)).toBeDefined();

    const report = await sync.sync();
    expect(report.released).toEqual([number!.e164]);
    expect(fake.ownedByNumber(number!.e164)).toBeUndefined();
    const listed = await t.admin('GET', '/v1/admin/numbers?status=retired');
    expect(listed.body.numbers[0]).toMatchObject({ e164: number!.e164, releasedAtCarrier: true });
    expect((await sync.sync()).released).toEqual([]);
  });
});
