import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NumbersUnavailableError, ProviderError, RegulatoryRequirementError } from '../src/common/errors.js';
import { loadConfig } from '../src/config/app.config.js';
import { TwilioTelephonyProvider } from '../src/telephony/twilio/twilio-telephony.provider.js';
import { FAKE_ACCOUNT_SID, FAKE_AUTH_TOKEN, FakeTwilio } from './support/fake-twilio.js';
import { resetDatabase, startTestApp, TEST_ENV, type TestApp } from './support/test-app.js';
import { TestClock } from './support/test-clock.js';

const PUBLIC_BASE_URL = 'https://veil.example.test';
const API = `/2010-04-01/Accounts/${FAKE_ACCOUNT_SID}`;
const PURCHASE_WEBHOOKS = {
  VoiceUrl: `${PUBLIC_BASE_URL}/webhooks/twilio/voice`,
  VoiceMethod: 'POST',
  VoiceFallbackUrl: `${PUBLIC_BASE_URL}/webhooks/twilio/voice`,
  VoiceFallbackMethod: 'POST',
  StatusCallback: `${PUBLIC_BASE_URL}/webhooks/twilio/voice/status`,
  StatusCallbackMethod: 'POST',
  SmsUrl: `${PUBLIC_BASE_URL}/webhooks/twilio/sms`,
  SmsMethod: 'POST',
  SmsFallbackUrl: `${PUBLIC_BASE_URL}/webhooks/twilio/sms`,
  SmsFallbackMethod: 'POST',
};

function twilioProvider(fake: FakeTwilio, authToken = FAKE_AUTH_TOKEN, env: Record<string, string> = {}): TwilioTelephonyProvider {
  const config = loadConfig(
    {
      ...env,
      NODE_ENV: 'test',
      TELEPHONY_PROVIDER: 'twilio',
      TWILIO_ACCOUNT_SID: FAKE_ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: authToken,
      PUBLIC_BASE_URL,
      ADMIN_TOKEN: TEST_ENV.ADMIN_TOKEN,
      DATA_ENCRYPTION_KEY: TEST_ENV.DATA_ENCRYPTION_KEY,
      LOOKUP_HASH_KEY: TEST_ENV.LOOKUP_HASH_KEY,
      VEIL_DATA_DIR: mkdtempSync(join(tmpdir(), 'veil-twilio-')),
    },
    { persistDevSecrets: false },
  );
  return TwilioTelephonyProvider.fromConfig(config, fake.httpClient());
}

const available = (e164: string) => ({ e164, country: 'US', areaCode: e164.slice(2, 5), capabilities: ['voice', 'sms'] });

describe('TwilioTelephonyProvider against a local stand-in for Twilio', () => {
  let fake: FakeTwilio;
  let provider: TwilioTelephonyProvider;

  beforeAll(async () => {
    fake = await FakeTwilio.start();
    provider = twilioProvider(fake);
  });
  beforeEach(() => fake.reset());
  afterAll(() => fake.close());

  describe('searchAvailableNumbers', () => {
    it('sends the area code and capability filters and maps the answer', async () => {
      fake.stock(
        { phoneNumber: '+14155550101', isoCountry: 'US', mms: true },
        { phoneNumber: '+14155550102', isoCountry: 'US', sms: false },
        '+14155550103',
        '+12125550104',
      );
      const found = await provider.searchAvailableNumbers({ country: 'us', areaCode: '415', limit: 5 });
      expect(found).toEqual([
        { e164: '+14155550101', country: 'US', areaCode: '415', capabilities: ['voice', 'sms', 'mms'] },
        { e164: '+14155550103', country: 'US', areaCode: '415', capabilities: ['voice', 'sms'] },
      ]);
      expect(fake.requests).toEqual([
        {
          method: 'GET',
          path: `${API}/AvailablePhoneNumbers/US/Local.json`,
          query: { AreaCode: '415', VoiceEnabled: 'true', SmsEnabled: 'true', PageSize: '5' },
          form: {},
          status: 200,
        },
      ]);
    });

    it('leaves the area code out when none is asked for, and reads it from the number', async () => {
      fake.stock('+14155550111', '+12125550112');
      const found = await provider.searchAvailableNumbers({ country: 'US', limit: 20 });
      expect(found).toEqual([available('+14155550111'), available('+12125550112')]);
      expect(fake.requests[0]!.query).toEqual({ VoiceEnabled: 'true', SmsEnabled: 'true', PageSize: '20' });
    });

    it('returns an empty list when Twilio has none matching', async () => {
      fake.stock('+14155550121');
      await expect(provider.searchAvailableNumbers({ country: 'US', areaCode: '907', limit: 3 })).resolves.toEqual([]);
    });
  });

  describe('purchaseNumber', () => {
    it("buys the number with Veil's voice, status and SMS webhooks and their fallbacks, all POST", async () => {
      fake.stock('+14155550201');
      const bought = await provider.purchaseNumber(available('+14155550201'));
      const [owned] = [...fake.owned.values()];
      expect(bought).toEqual({ ...available('+14155550201'), providerSid: owned!.sid });
      expect(bought.providerSid).toMatch(/^PN[0-9a-f]{32}$/);
      expect(fake.requests).toEqual([
        {
          method: 'POST',
          path: `${API}/IncomingPhoneNumbers.json`,
          query: {},
          form: { PhoneNumber: '+14155550201', ...PURCHASE_WEBHOOKS },
          status: 201,
        },
      ]);
    });

    it('turns 21422 (no longer available) into numbers_unavailable', async () => {
      const attempt = provider.purchaseNumber(available('+14155550202'));
      await expect(attempt).rejects.toBeInstanceOf(NumbersUnavailableError);
      await expect(attempt).rejects.toMatchObject({
        code: 'numbers_unavailable',
        details: [{ message: expect.stringContaining('error 21422') }],
      });
      expect(fake.requests.map((r) => [r.method, r.status])).toEqual([['POST', 400]]);
    });
  });

  describe('releaseNumber', () => {
    it('deletes the incoming number at Twilio', async () => {
      fake.stock('+14155550301');
      const { providerSid } = await provider.purchaseNumber(available('+14155550301'));
      await expect(provider.releaseNumber(providerSid)).resolves.toBeUndefined();
      expect(fake.requestsTo('DELETE', /IncomingPhoneNumbers/)).toEqual([
        { method: 'DELETE', path: `${API}/IncomingPhoneNumbers/${providerSid}.json`, query: {}, form: {}, status: 204 },
      ]);
      expect(fake.owned.size).toBe(0);
    });

    it('treats a number Twilio no longer has (404) as released', async () => {
      const sid = `PN${'0'.repeat(32)}`;
      await expect(provider.releaseNumber(sid)).resolves.toBeUndefined();
      expect(fake.requestsTo('DELETE', /IncomingPhoneNumbers/).map((r) => r.status)).toEqual([404]);
    });

    it('retries a 5xx, then reports a release Twilio keeps failing as provider_error', async () => {
      fake.failNext({ status: 500, code: 20500, message: 'Internal Server Error' }, 4);
      await expect(provider.releaseNumber(`PN${'1'.repeat(32)}`)).rejects.toMatchObject({
        code: 'provider_error',
        message: expect.stringContaining('after 4 attempts'),
      });
      expect(fake.requestsTo('DELETE', /IncomingPhoneNumbers/).map((r) => r.status)).toEqual([500, 500, 500, 500]);
    });

    it('a release that fails once succeeds on the retry', async () => {
      fake.stock('+14155550302');
      const { providerSid } = await provider.purchaseNumber(available('+14155550302'));
      fake.failNext({ status: 503, code: 20500, match: /DELETE .*IncomingPhoneNumbers/ });
      await expect(provider.releaseNumber(providerSid)).resolves.toBeUndefined();
      expect(fake.requestsTo('DELETE', /IncomingPhoneNumbers/).map((r) => r.status)).toEqual([503, 204]);
      expect(fake.owned.size).toBe(0);
    });
  });

  describe('sendSms', () => {
    it('sends from, to and body with the SMS status callback', async () => {
      fake.stock('+14155550401');
      const { e164 } = await provider.purchaseNumber(available('+14155550401'));
      const sent = await provider.sendSms({ from: e164, to: '+14155552671', body: 'Your order is on its way' });
      expect(sent).toEqual({ kind: 'accepted', sid: expect.stringMatching(/^SM[0-9a-f]{32}$/), status: 'queued' });
      expect(fake.requestsTo('POST', /Messages\.json$/)).toEqual([
        {
          method: 'POST',
          path: `${API}/Messages.json`,
          query: {},
          form: {
            From: '+14155550401',
            To: '+14155552671',
            Body: 'Your order is on its way',
            StatusCallback: `${PUBLIC_BASE_URL}/webhooks/twilio/sms/status`,
          },
          status: 201,
        },
      ]);
    });
  });

  describe('outside the US and Canada', () => {
    const GB_BUNDLE = `BU${'1'.repeat(32)}`;
    const GB_ADDRESS = `AD${'2'.repeat(32)}`;

    it('searches Mobile as well as Local, where SMS numbers are mostly mobile', async () => {
      fake.stock(
        { phoneNumber: '+447700900101', isoCountry: 'GB', type: 'mobile', mms: false },
        { phoneNumber: '+442079460102', isoCountry: 'GB', type: 'local' },
      );
      const found = await provider.searchAvailableNumbers({ country: 'GB', limit: 5 });
      expect(found.map((n) => n.e164)).toEqual(['+442079460102', '+447700900101']);
      expect(fake.requests.map((r) => r.path.split('/').pop())).toEqual(['Local.json', 'Mobile.json']);
      // In the US, Local only.
      fake.stock('+14155550141');
      await provider.searchAvailableNumbers({ country: 'US', limit: 5 });
      expect(fake.requests.slice(2).map((r) => r.path.split('/').pop())).toEqual(['Local.json']);
    });

    it("buys with the country's Address and Bundle from config", async () => {
      const gb = twilioProvider(fake, FAKE_AUTH_TOKEN, { TWILIO_ADDRESS_SIDS: `GB:${GB_ADDRESS}`, TWILIO_BUNDLE_SIDS: `gb:${GB_BUNDLE}` });
      fake.stock({ phoneNumber: '+447700900201', isoCountry: 'GB', type: 'mobile', addressRequirements: 'any', bundleRequired: true });
      await gb.purchaseNumber({ e164: '+447700900201', country: 'GB', areaCode: null, capabilities: ['voice', 'sms'] });
      expect(fake.requestsTo('POST', /IncomingPhoneNumbers\.json$/)[0]!.form).toMatchObject({ AddressSid: GB_ADDRESS, BundleSid: GB_BUNDLE });
      expect(fake.owned.size).toBe(1);
    });

    it.each([
      [21631, { addressRequirements: 'any' as const }],
      [21649, { bundleRequired: true }],
    ])('turns %s (missing address or bundle) into regulatory_requirement naming what to set', async (code, requirement) => {
      fake.stock({ phoneNumber: '+447700900301', isoCountry: 'GB', type: 'mobile', ...requirement });
      const attempt = provider.purchaseNumber({ e164: '+447700900301', country: 'GB', areaCode: null, capabilities: ['voice', 'sms'] });
      await expect(attempt).rejects.toBeInstanceOf(RegulatoryRequirementError);
      await expect(attempt).rejects.toMatchObject({
        code: 'regulatory_requirement',
        message: expect.stringContaining('TWILIO_ADDRESS_SIDS or TWILIO_BUNDLE_SIDS'),
        details: [{ message: expect.stringContaining(`error ${code}`) }],
      });
    });
  });

  describe('a purchase whose answer was lost', () => {
    it('is reconciled with the account: the number is owned, so it counts as bought', async () => {
      fake.stock('+14155550901');
      fake.dropAnswerAfterSuccess(/POST .*IncomingPhoneNumbers\.json$/);
      const bought = await provider.purchaseNumber(available('+14155550901'));
      const [owned] = [...fake.owned.values()];
      expect(bought.providerSid).toBe(owned!.sid);
      expect(fake.requestsTo('GET', /IncomingPhoneNumbers\.json$/)[0]!.query).toMatchObject({ PhoneNumber: '+14155550901' });
      expect(fake.requestsTo('POST', /IncomingPhoneNumbers\.json$/)).toHaveLength(1);
    });

    it('is reported when the account does not have it', async () => {
      fake.stock('+14155550902');
      fake.failNext({ status: 503, code: 20500, match: /POST .*IncomingPhoneNumbers\.json$/ });
      await expect(provider.purchaseNumber(available('+14155550902'))).rejects.toMatchObject({ code: 'provider_error' });
      expect(fake.owned.size).toBe(0);
      expect(fake.requestsTo('POST', /IncomingPhoneNumbers\.json$/)).toHaveLength(1);
    });
  });

  describe('error answers', () => {
    it('turns a 404 on search into numbers_unavailable', async () => {
      fake.failNext({ status: 404, code: 20404 });
      const attempt = provider.searchAvailableNumbers({ country: 'US', limit: 5 });
      await expect(attempt).rejects.toBeInstanceOf(NumbersUnavailableError);
      await expect(attempt).rejects.toMatchObject({ code: 'numbers_unavailable' });
      // A country Twilio sells nothing in answers 404 too.
      await expect(provider.searchAvailableNumbers({ country: 'GB', limit: 5 })).rejects.toMatchObject({
        code: 'numbers_unavailable',
      });
      // For GB both Local and Mobile were searched.
      expect(fake.requests.map((r) => [r.path.split('/').pop(), r.status])).toEqual([
        ['Local.json', 404],
        ['Local.json', 404],
        ['Mobile.json', 404],
      ]);
    });

    it('retries a 429 with backoff and succeeds when Twilio lets it through', async () => {
      fake.stock('+14155550131');
      fake.failNext({ status: 429, code: 20429 }, 2);
      await expect(provider.searchAvailableNumbers({ country: 'US', limit: 5 })).resolves.toHaveLength(1);
      expect(fake.requests.map((r) => r.status)).toEqual([429, 429, 200]);
    });

    it('turns a 429 that lasts into provider_error saying Twilio is rate limiting', async () => {
      fake.failNext({ status: 429, code: 20429 }, 4);
      const attempt = provider.searchAvailableNumbers({ country: 'US', limit: 5 });
      await expect(attempt).rejects.toBeInstanceOf(ProviderError);
      await expect(attempt).rejects.toMatchObject({
        code: 'provider_error',
        message: expect.stringMatching(/rate limit.*after 4 attempts|after 4 attempts.*rate limit/i),
        details: [{ message: expect.stringContaining('error 20429') }],
      });
      expect(fake.requests).toHaveLength(4);
    });

    it('retries a 429 on sending (nothing was sent), but never a 5xx or a lost answer (it may have been)', async () => {
      fake.stock('+14155550501');
      const { e164 } = await provider.purchaseNumber(available('+14155550501'));
      fake.failNext({ status: 429, code: 20429, match: /Messages/ });
      await expect(provider.sendSms({ from: e164, to: '+14155552671', body: 'hi' })).resolves.toMatchObject({ kind: 'accepted' });
      expect(fake.requestsTo('POST', /Messages/).map((r) => r.status)).toEqual([429, 201]);

      fake.failNext({ status: 500, code: 20500, match: /Messages/ });
      await expect(provider.sendSms({ from: e164, to: '+14155552671', body: 'hi' })).resolves.toMatchObject({ kind: 'unknown' });
      fake.dropAnswerAfterSuccess(/Messages/);
      await expect(provider.sendSms({ from: e164, to: '+14155552671', body: 'hi' })).resolves.toMatchObject({ kind: 'unknown' });
      expect(fake.requestsTo('POST', /Messages/)).toHaveLength(4);
      expect(fake.outgoing()).toHaveLength(2);
    });

    it("answers a refused send with Twilio's code, not an exception", async () => {
      fake.stock('+14155550502');
      const { e164 } = await provider.purchaseNumber(available('+14155550502'));
      fake.landlines.add('+14155550000');
      await expect(provider.sendSms({ from: e164, to: '+14155550000', body: 'hi' })).resolves.toMatchObject({
        kind: 'refused',
        code: 21614,
        httpStatus: 400,
      });
    });

    it('turns wrong credentials (401, error 20003) into provider_error', async () => {
      const wrong = twilioProvider(fake, 'not-the-right-token-0123456789');
      fake.stock('+14155550601');
      const attempt = wrong.purchaseNumber(available('+14155550601'));
      await expect(attempt).rejects.toBeInstanceOf(ProviderError);
      await expect(attempt).rejects.toMatchObject({ details: [{ message: expect.stringContaining('401 (error 20003)') }] });
      expect(fake.requests.map((r) => r.status)).toEqual([401]);
      expect(fake.owned.size).toBe(0);
    });

    it('turns an unreachable Twilio into provider_error', async () => {
      const gone = await FakeTwilio.start();
      const unreachable = twilioProvider(gone);
      await gone.close();
      const attempt = unreachable.searchAvailableNumbers({ country: 'US', limit: 5 });
      await expect(attempt).rejects.toBeInstanceOf(ProviderError);
      await expect(attempt).rejects.toMatchObject({
        code: 'provider_error',
        message: expect.stringContaining('could not be reached'),
      });
    });
  });
});

describe('admin API on the Twilio provider', () => {
  let fake: FakeTwilio;
  let t: TestApp;

  beforeAll(async () => {
    fake = await FakeTwilio.start();
    t = await startTestApp(
      { TELEPHONY_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: FAKE_ACCOUNT_SID, TWILIO_AUTH_TOKEN: FAKE_AUTH_TOKEN },
      new TestClock(),
      fake.httpClient(),
    );
    await resetDatabase(t.dataSource);
  });
  beforeEach(() => fake.reset());
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it('POST /v1/admin/numbers buys numbers at Twilio pointed at the webhooks (201)', async () => {
    fake.stock('+14155550701', '+14155550702', '+14155550703', '+14155550704', '+12125550705');
    const answer = await t.admin('POST', '/v1/admin/numbers', { country: 'US', areaCode: '415', count: 3, pool: 'dedicated' });
    expect(answer.status).toBe(201);
    expect(answer.body.requested).toBe(3);
    expect(answer.body.numbers).toHaveLength(3);
    for (const n of answer.body.numbers) {
      expect(n).toMatchObject({
        country: 'US',
        areaCode: '415',
        pool: 'dedicated',
        status: 'available',
        provider: 'twilio',
        capabilities: ['voice', 'sms'],
      });
    }

    const search = fake.requestsTo('GET', /AvailablePhoneNumbers/);
    expect(search).toHaveLength(1);
    expect(search[0]!.query).toMatchObject({ AreaCode: '415', VoiceEnabled: 'true', SmsEnabled: 'true' });
    const purchases = fake.requestsTo('POST', /IncomingPhoneNumbers\.json$/);
    expect(purchases.map((p) => p.form)).toEqual(
      answer.body.numbers.map((n: { e164: string }) => ({ PhoneNumber: n.e164, ...PURCHASE_WEBHOOKS })),
    );
    const stored = await t.dataSource.query(`SELECT e164, provider_sid FROM relay_number WHERE provider = 'twilio'`);
    expect(new Set(stored.map((r: { provider_sid: string }) => r.provider_sid))).toEqual(new Set(fake.owned.keys()));
  });

  it('DELETE /v1/admin/numbers/:id releases the number at Twilio', async () => {
    fake.stock('+14155550801');
    const provisioned = await t.admin('POST', '/v1/admin/numbers', { country: 'US', count: 1, pool: 'shared' });
    expect(provisioned.status).toBe(201);
    const [sid] = [...fake.owned.keys()];
    const retired = await t.admin('DELETE', `/v1/admin/numbers/${provisioned.body.numbers[0].id}`);
    expect(retired.status).toBe(200);
    expect(retired.body.status).toBe('retired');
    expect(fake.requestsTo('DELETE', /IncomingPhoneNumbers/).map((r) => r.path)).toEqual([
      `${API}/IncomingPhoneNumbers/${sid}.json`,
    ]);
  });

  it('answers 503 numbers_unavailable when Twilio answers the search with 404', async () => {
    fake.failNext({ status: 404, code: 20404, match: /AvailablePhoneNumbers/ });
    const answer = await t.admin('POST', '/v1/admin/numbers', { country: 'US', count: 2, pool: 'shared' });
    expect(answer.status).toBe(503);
    expect(answer.body.error).toBe('numbers_unavailable');
    expect(fake.requestsTo('POST', /IncomingPhoneNumbers/)).toHaveLength(0);
  });

  it('a provisioning that fails part way answers what was bought and what failed', async () => {
    fake.stock('+14155551001', '+14155551002', '+14155551003');
    // The second purchase fails (no retry for a purchase); the account confirms it was not made, and
    // provisioning stops there with what it has.
    fake.failNext({ status: 500, code: 20500, match: /POST .*IncomingPhoneNumbers\.json$/, skip: 1 });
    const answer = await t.admin('POST', '/v1/admin/numbers', { country: 'US', count: 3, pool: 'shared' });
    expect(answer.status).toBe(201);
    expect(answer.body.numbers).toHaveLength(1);
    expect(answer.body.failures).toEqual([
      { e164: null, step: 'purchase', error: 'provider_error', message: expect.stringContaining('Twilio failed to buy a number') },
    ]);
    const pooled = await t.dataSource.query(`SELECT e164 FROM relay_number WHERE e164 LIKE '+1415555100_'`);
    expect(pooled.map((r: { e164: string }) => r.e164)).toEqual(answer.body.numbers.map((n: { e164: string }) => n.e164));
    expect(fake.owned.size).toBe(1);
  });

  it('no number bought at Twilio is unknown to Veil: a purchase whose answer was lost is reconciled into the pool', async () => {
    fake.stock('+14155552001', '+14155552002', '+14155552003');
    // The first purchase goes through at Twilio but its answer never arrives; the second fails for real.
    fake.dropAnswerAfterSuccess(/POST .*IncomingPhoneNumbers\.json$/);
    fake.failNext({ status: 500, code: 20500, match: /POST .*IncomingPhoneNumbers\.json$/, skip: 1 });
    const answer = await t.admin('POST', '/v1/admin/numbers', { country: 'US', count: 3, pool: 'dedicated' });
    expect(answer.status).toBe(201);
    expect(answer.body.numbers).toHaveLength(1);
    expect(answer.body.failures).toEqual([expect.objectContaining({ step: 'purchase', error: 'provider_error' })]);
    const pooled = await t.dataSource.query(`SELECT e164, provider_sid FROM relay_number WHERE e164 LIKE '+1415555200_'`);
    const owned = [...fake.owned.values()].map((o) => ({ e164: o.phoneNumber, provider_sid: o.sid }));
    expect(pooled).toEqual(owned);
    expect(owned).toHaveLength(1);
  });

  it('answers 422 regulatory_requirement when the country needs documents Veil was not given', async () => {
    fake.stock({ phoneNumber: '+447700900401', isoCountry: 'GB', type: 'mobile', bundleRequired: true });
    const answer = await t.admin('POST', '/v1/admin/numbers', { country: 'GB', count: 1, pool: 'dedicated' });
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ error: 'regulatory_requirement', message: expect.stringContaining('TWILIO_BUNDLE_SIDS') });
  });

  it('answers 502 provider_error when Twilio keeps rate limiting', async () => {
    fake.failNext({ status: 429, code: 20429 }, 4);
    const answer = await t.admin('POST', '/v1/admin/numbers', { country: 'US', count: 1, pool: 'shared' });
    expect(answer.status).toBe(502);
    expect(answer.body).toMatchObject({ error: 'provider_error', message: expect.stringMatching(/rate limit/i) });
  });
});
