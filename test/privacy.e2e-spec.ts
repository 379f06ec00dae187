import { SweeperJob } from '../src/lifecycle/sweeper.job.js';
import { CarrierSimulator } from '../src/telephony/simulator/carrier-simulator.js';
import { createTenant, provisionNumbers } from './factories/index.js';
import { ADMIN_TOKEN, resetDatabase, startTestApp, TEST_ENV, type TestApp } from './support/test-app.js';

// The real numbers of this test: none may appear in an answer, a log line or the database.
const BUYER = '+14155557311';
const MERCHANT = '+12125557322';
const COURIER = '+13105557333';
const LATE_COURIER = '+17185557344';
const STRANGER = '+16465557355';
const REAL_NUMBERS = [BUYER, MERCHANT, COURIER, LATE_COURIER, STRANGER];

/**
 * The forms a number could leak in: E.164, bare digits, the national number, and the ways people and
 * libraries format it: `(415) 555-7311`, `415-555-7311`, `415 555 7311`, `415.555.7311`, international
 * with spaces or dashes, and the subscriber part alone (`555-7311`, `5557311`).
 */
function leakForms(e164: string): string[] {
  const national = e164.slice(2);
  const [area, exchange, line] = [national.slice(0, 3), national.slice(3, 6), national.slice(6)];
  return [
    e164,
    e164.slice(1),
    national,
    `(${area}) ${exchange}-${line}`,
    `(${area})${exchange}-${line}`,
    `${area}-${exchange}-${line}`,
    `${area} ${exchange} ${line}`,
    `${area}.${exchange}.${line}`,
    `+1 ${area} ${exchange} ${line}`,
    `+1 ${area}-${exchange}-${line}`,
    `+1-${area}-${exchange}-${line}`,
    `${exchange}-${line}`,
    `${exchange}${line}`,
  ];
}

function findLeaks(haystack: string): string[] {
  return REAL_NUMBERS.flatMap(leakForms).filter((form) => haystack.includes(form));
}

/** Every row of every table, bytea read as text so that a number hidden in one would show. */
async function dumpTables(t: TestApp): Promise<{ dump: string; rows: Record<string, number> }> {
  const tables = await t.dataSource.query<{ tablename: string }[]>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
  let dump = '';
  const rows: Record<string, number> = {};
  for (const { tablename } of tables) {
    const found = await t.dataSource.query(`SELECT * FROM "${tablename}"`);
    rows[tablename] = found.length;
    dump += JSON.stringify(found, (_key, value) =>
      value?.type === 'Buffer' ? Buffer.from(value.data).toString('latin1') : value,
    );
  }
  return { dump, rows };
}

describe('privacy: real numbers never leave the encrypted columns', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'trace', REMINDER_DAYS_BEFORE: '3', DEFAULT_WINDOW_DAYS: '15' });
    await resetDatabase(t.dataSource);
  });
  afterAll(() => t.close());

  it('the scanner sees every form it claims to, so a clean scan means something', () => {
    for (const text of [
      'call (415) 555-7311',
      'to 415-555-7311',
      'from 415 555 7311',
      '+1 415 555 7311',
      'x14155557311y',
      'sub 555-7311',
      '"+16465557355"',
    ]) {
      expect([text, findLeaks(text).length > 0]).toEqual([text, true]);
    }
    expect(findLeaks('+1 415****7311, +1 646****7355')).toEqual([]);
  });

  it('keeps them out of every API answer, every log line and every table, while live, after real traffic, and after the purge', async () => {
    const { apiKey } = await createTenant(t);
    await provisionNumbers(t, 'dedicated', 2);
    await provisionNumbers(t, 'shared', 2);
    const call = (method: string, path: string, body?: unknown) => t.request(method, path, { token: apiKey, body });
    const carrier = new CarrierSimulator({
      targetUrl: t.url,
      publicBaseUrl: TEST_ENV.PUBLIC_BASE_URL,
      authToken: TEST_ENV.TWILIO_AUTH_TOKEN,
    });
    const simulatorSays: string[] = [];
    const play = async (lines: Promise<string[]>) => simulatorSays.push(...(await lines));

    const created = await call('POST', '/v1/bindings', {
      orderId: 'PRIV-1',
      buyerPhone: BUYER,
      counterparts: [{ phone: MERCHANT, role: 'merchant' }],
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const relay = created.body.relayNumber as string;
    await call('POST', '/v1/bindings', { orderId: 'PRIV-1', buyerPhone: BUYER });
    await call('POST', '/v1/bindings', { orderId: 'PRIV-1', buyerPhone: COURIER });
    const shared = await call('POST', '/v1/bindings', {
      orderId: 'PRIV-2',
      buyerPhone: BUYER,
      mode: 'shared',
      counterparts: [{ phone: COURIER, role: 'courier' }],
    });
    expect(shared.status).toBe(201);
    await call('POST', `/v1/bindings/${id}/counterparts`, { phone: COURIER, role: 'courier' });
    await call('POST', `/v1/bindings/${id}/counterparts`, { phone: COURIER, role: 'courier' });
    await call('POST', `/v1/bindings/${id}/counterparts`, { phone: BUYER, role: 'courier' });
    await call('POST', `/v1/bindings/${id}/counterparts`, { phone: relay, role: 'courier' });
    await call('GET', `/v1/bindings/${id}`);
    await call('GET', '/v1/bindings?orderId=PRIV-1');
    await call('POST', `/v1/bindings/${id}/extend`, { days: 3 });
    await call('POST', `/v1/bindings/${id}/extend`, { days: 100000 });
    await call('PATCH', `/v1/bindings/${id}`, { marketingConsent: false });
    // Bad input that quotes a number must not echo it back, in any of its forms.
    await call('POST', '/v1/bindings', { orderId: 'PRIV-3', buyerPhone: `${BUYER}999` });
    await call('POST', '/v1/bindings', { orderId: 'PRIV-5', buyerPhone: '(415) 555-7311' });
    await call('POST', '/v1/bindings', { orderId: 'PRIV-6', buyerPhone: '415-555-7311', country: 'XX' });
    await call('POST', '/v1/bindings', {
      orderId: 'PRIV-4',
      buyerPhone: BUYER,
      counterparts: [{ phone: LATE_COURIER, role: 'boss' }],
    });

    // Real webhook traffic, signed as Twilio signs it: calls both ways, texts, a blocked promotion,
    // keywords, the shared number, and a stranger who becomes a caller.
    await play(carrier.call(COURIER, relay));
    await play(carrier.call(STRANGER, relay, 'no-answer'));
    await play(carrier.call(BUYER, relay, 'busy'));
    await play(carrier.sms(COURIER, relay, 'At your door with the parcel'));
    await play(carrier.sms(BUYER, relay, 'Leave it with the neighbour please'));
    await play(
      carrier.sms(MERCHANT, relay, 'MEGA SALE 70% off everything this weekend only! Use coupon SAVE70, reply TD to unsubscribe'),
    );
    await play(carrier.sms(BUYER, relay, '帮助'));
    await play(carrier.sms(BUYER, relay, 'TD'));
    await play(carrier.sms(COURIER, relay, 'Second try, still outside'));
    await play(carrier.call(COURIER, shared.body.relayNumber));
    await play(carrier.sms(BUYER, shared.body.relayNumber, 'Thanks'));
    await play(carrier.call(LATE_COURIER, shared.body.relayNumber));
    await play(carrier.sms(STRANGER, relay, 'Wrong number?'));
    await call('POST', `/v1/bindings/${id}/counterparts`, { phone: STRANGER, role: 'courier' });

    // The reminder before expiry goes out through the simulator's provider.
    t.clock.advanceDays(13);
    const swept = await t.app.get(SweeperJob).runOnce();
    expect(swept.reminded).toBeGreaterThanOrEqual(1);
    await t.flushRecords();

    // Everything an admin or the tenant can read about the live bindings.
    for (const path of [
      '/v1/admin/numbers',
      '/v1/admin/overview',
      '/v1/admin/bindings',
      `/v1/admin/bindings/${id}`,
      `/v1/admin/bindings/${shared.body.id}`,
      '/v1/admin/records?kind=call',
      '/v1/admin/records?kind=sms',
      '/v1/admin/records?kind=sms&outcome=blocked',
      '/v1/admin/audit',
      '/v1/admin/tenants',
    ]) {
      expect([path, (await t.request('GET', path, { token: ADMIN_TOKEN })).status]).toEqual([path, 200]);
    }

    // While the bindings are live: the traffic happened, and none of it shows a number.
    const live = await dumpTables(t);
    expect(live.rows.call_record).toBeGreaterThanOrEqual(4);
    expect(live.rows.message_record).toBeGreaterThanOrEqual(6);
    const [{ n: sealed }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM participant WHERE phone_enc IS NOT NULL`);
    expect(sealed).toBeGreaterThanOrEqual(6);
    const [{ n: blocked }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM message_record WHERE outcome = 'blocked' AND body IS NOT NULL`,
    );
    expect(blocked).toBeGreaterThanOrEqual(1);
    expect(simulatorSays.join('\n')).toContain('text delivered to +1 415****7311');
    expect(t.logs.some((line) => /reminder|text SM/i.test(line))).toBe(true);
    expect(findLeaks(t.answers.join('\n'))).toEqual([]);
    expect(findLeaks(t.logs.join('\n'))).toEqual([]);
    expect(findLeaks(simulatorSays.join('\n'))).toEqual([]);
    expect(findLeaks(live.dump)).toEqual([]);
    // The masked forms are what everyone sees.
    expect(t.answers.join('\n')).toContain('+1 415****7311');
    expect(t.answers.join('\n')).toContain('+1 646****7355');

    // After the end and the purge, too.
    await call('POST', `/v1/bindings/${id}/close`);
    await call('POST', `/v1/bindings/${shared.body.id}/close`);
    t.clock.advanceDays(100);
    await t.app.get(SweeperJob).runOnce();
    await call('GET', `/v1/bindings/${id}`);
    await play(carrier.call(COURIER, relay));
    await t.flushRecords();
    const purged = await dumpTables(t);
    expect(purged.dump.length).toBeGreaterThan(1000);
    expect(findLeaks(t.answers.join('\n'))).toEqual([]);
    expect(findLeaks(t.logs.join('\n'))).toEqual([]);
    expect(findLeaks(simulatorSays.join('\n'))).toEqual([]);
    expect(findLeaks(purged.dump)).toEqual([]);
  });

  it('stores the buyer number decryptable before the purge, and hashes that do not reveal it', async () => {
    await resetDatabase(t.dataSource);
    const { apiKey } = await createTenant(t);
    await provisionNumbers(t, 'dedicated', 1);
    const created = await t.request('POST', '/v1/bindings', { token: apiKey, body: { orderId: 'PRIV-9', buyerPhone: BUYER } });
    const [row] = await t.dataSource.query(
      `SELECT phone_enc, phone_hash FROM participant WHERE binding_id = $1 AND role = 'buyer'`,
      [created.body.id],
    );
    expect(row.phone_enc).toMatch(/^v1\.k1\./);
    const { PhoneCipher } = await import('../src/common/phone-cipher.service.js');
    const cipher = t.app.get(PhoneCipher);
    expect(cipher.decrypt(row.phone_enc)).toBe(BUYER);
    expect(Buffer.compare(row.phone_hash, cipher.hash(BUYER))).toBe(0);
  });
});
