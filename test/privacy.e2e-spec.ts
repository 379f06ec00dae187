import { SweeperJob } from '../src/lifecycle/sweeper.job.js';
import { createTenant, provisionNumbers } from './factories/index.js';
import { ADMIN_TOKEN, resetDatabase, startTestApp, type TestApp } from './support/test-app.js';

// The real numbers of this test: none may appear in an answer, a log line or the database.
const BUYER = '+14155557311';
const MERCHANT = '+12125557322';
const COURIER = '+13105557333';
const LATE_COURIER = '+17185557344';
const REAL_NUMBERS = [BUYER, MERCHANT, COURIER, LATE_COURIER];

/** The forms a number could leak in: E.164, bare digits, the national number. */
function leakForms(e164: string): string[] {
  const digits = e164.slice(1);
  return [e164, digits, digits.slice(1)];
}

function findLeaks(haystack: string): string[] {
  return REAL_NUMBERS.flatMap(leakForms).filter((form) => haystack.includes(form));
}

describe('privacy: real numbers never leave the encrypted columns', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'trace' });
    await resetDatabase(t.dataSource);
  });
  afterAll(() => t.close());

  it('keeps them out of every API answer, every log line and every table', async () => {
    const { apiKey } = await createTenant(t);
    await provisionNumbers(t, 'dedicated', 2);
    await provisionNumbers(t, 'shared', 2);
    const call = (method: string, path: string, body?: unknown) => t.request(method, path, { token: apiKey, body });

    const created = await call('POST', '/v1/bindings', {
      orderId: 'PRIV-1',
      buyerPhone: BUYER,
      counterparts: [{ phone: MERCHANT, role: 'merchant' }],
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    await call('POST', '/v1/bindings', { orderId: 'PRIV-1', buyerPhone: BUYER });
    await call('POST', '/v1/bindings', { orderId: 'PRIV-1', buyerPhone: COURIER });
    await call('POST', '/v1/bindings', {
      orderId: 'PRIV-2',
      buyerPhone: BUYER,
      mode: 'shared',
      counterparts: [{ phone: COURIER, role: 'courier' }],
    });
    await call('POST', `/v1/bindings/${id}/counterparts`, { phone: COURIER, role: 'courier' });
    await call('POST', `/v1/bindings/${id}/counterparts`, { phone: COURIER, role: 'courier' });
    await call('POST', `/v1/bindings/${id}/counterparts`, { phone: BUYER, role: 'courier' });
    await call('GET', `/v1/bindings/${id}`);
    await call('GET', '/v1/bindings?orderId=PRIV-1');
    await call('POST', `/v1/bindings/${id}/extend`, { days: 3 });
    await call('PATCH', `/v1/bindings/${id}`, { marketingConsent: true });
    // Bad input that quotes a number must not echo it back.
    await call('POST', '/v1/bindings', { orderId: 'PRIV-3', buyerPhone: `${BUYER}999` });
    await call('POST', '/v1/bindings', {
      orderId: 'PRIV-4',
      buyerPhone: BUYER,
      counterparts: [{ phone: LATE_COURIER, role: 'boss' }],
    });
    await t.request('GET', '/v1/admin/numbers', { token: ADMIN_TOKEN });
    await call('POST', `/v1/bindings/${id}/close`);
    t.clock.advanceDays(100);
    await t.app.get(SweeperJob).runOnce();
    await call('GET', `/v1/bindings/${id}`);

    expect(t.answers.length).toBeGreaterThan(15);
    expect(t.logs.length).toBeGreaterThan(10);
    expect(findLeaks(t.answers.join('\n'))).toEqual([]);
    expect(findLeaks(t.logs.join('\n'))).toEqual([]);
    // The masked forms are what everyone sees.
    expect(t.answers.join('\n')).toContain('+1 415****7311');

    await t.flushRecords();
    const tables = await t.dataSource.query<{ tablename: string }[]>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`,
    );
    let dump = '';
    for (const { tablename } of tables) {
      const rows = await t.dataSource.query(`SELECT * FROM "${tablename}"`);
      dump += JSON.stringify(rows, (_key, value) =>
        value?.type === 'Buffer' ? Buffer.from(value.data).toString('latin1') : value,
      );
    }
    expect(dump.length).toBeGreaterThan(1000);
    expect(findLeaks(dump)).toEqual([]);
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
