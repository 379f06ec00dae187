import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/app.config.js';
import { EmbeddedDatabase } from '../src/database/embedded-database.js';
import { RecordService } from '../src/records/record.service.js';
import { startVeil, type RunningVeil } from '../src/veil.js';
import { freePort } from './support/free-port.js';
import { TEST_ENV } from './support/test-app.js';
import { postWebhook, smsParams, voiceParams } from './support/twilio-webhooks.js';

// Ports of their own, picked free at start so that two test runs on one machine never collide.
let APP_DB_PORT: number;
let STALE_DB_PORT: number;
beforeAll(async () => {
  APP_DB_PORT = await freePort();
  STALE_DB_PORT = await freePort();
});

const get = async (url: string, token?: string) => {
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, body: (await response.json()) as any };
};

describe('the embedded default database (no DATABASE_URL)', () => {
  it('starts with nothing configured, seeds demo data once, and keeps data across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'veil-embedded-'));
    // Only what a new user has: no DATABASE_URL, no secrets (generated into the data folder), the simulator.
    const env = {
      VEIL_DATA_DIR: dataDir,
      EMBEDDED_DB_PORT: String(APP_DB_PORT),
      PORT: '0',
      HOST: '127.0.0.1',
      SWEEPER_ENABLED: 'false',
      LOG_LEVEL: 'warn',
    };
    const printed: string[] = [];
    let veil: RunningVeil = await startVeil(loadConfig(env), { print: (text) => printed.push(text) });
    let bindingId: string;
    let apiKey: string;
    try {
      expect(veil.embedded).toBe(true);
      expect(await get(`${veil.url}/health/ready`)).toEqual({ status: 200, body: { status: 'ok', database: 'up' } });
      const banner = printed.join('\n');
      expect(banner).toContain('Provisioned 10 dedicated and 10 shared simulator numbers');
      apiKey = /Demo tenant API key \(shown once\): (\S+)/.exec(banner)![1]!;
      const adminToken = /Admin token[^:]*: (\S+)/.exec(banner)![1]!;
      const numbers = await get(`${veil.url}/v1/admin/numbers`, adminToken);
      expect(numbers.body.numbers).toHaveLength(20);

      const created = await fetch(`${veil.url}/v1/bindings`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ orderId: 'EMB-1', buyerPhone: '+14155552671' }),
      });
      expect(created.status).toBe(201);
      bindingId = ((await created.json()) as { id: string }).id;
    } finally {
      await veil.stop();
    }

    printed.length = 0;
    veil = await startVeil(loadConfig(env), { print: (text) => printed.push(text) });
    try {
      expect((await get(`${veil.url}/health/ready`)).status).toBe(200);
      expect(printed).toEqual([]); // nothing seeded twice, no key printed again
      const again = await get(`${veil.url}/v1/bindings/${bindingId}`, apiKey);
      expect(again.body).toMatchObject({ id: bindingId, orderId: 'EMB-1', buyerPhoneMasked: '+1 415****2671', status: 'active' });
    } finally {
      await veil.stop();
    }
  });

  it('recovers from a server left running by a hard-killed run', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'veil-stale-'));
    // A start whose Node process "died": the server is never stopped and still holds the port.
    const orphan = await EmbeddedDatabase.start({ dataDir, port: STALE_DB_PORT });
    void orphan;
    const next = await EmbeddedDatabase.start({ dataDir, port: STALE_DB_PORT });
    try {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: next.url });
      await client.connect();
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      await client.end();
    } finally {
      await next.stop();
    }
  });

  it('readiness and webhooks while the database is down: 503 and apology TwiML, then 200 again without a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'veil-ready-'));
    let database = await EmbeddedDatabase.start({ dataDir, port: STALE_DB_PORT });
    const veil = await startVeil(
      loadConfig(
        { ...TEST_ENV, VEIL_DATA_DIR: dataDir, DATABASE_URL: database.url, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' },
        { persistDevSecrets: false },
      ),
    );
    const post = async (path: string, token: string, body: unknown) => {
      const response = await fetch(`${veil.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as any };
    };
    try {
      expect((await get(`${veil.url}/health/ready`)).status).toBe(200);
      const tenant = await post('/v1/admin/tenants', TEST_ENV.ADMIN_TOKEN, { name: 'outage' });
      const order = { orderId: 'OUT-1', buyerPhone: '+14155552671', mode: 'shared' };
      await database.stop();
      // The tenant API says what is wrong, in the error shape, and stores nothing.
      const down = await post('/v1/bindings', tenant.body.apiKey, order);
      expect(down).toMatchObject({ status: 503, body: { error: 'database_unavailable' } });
      expect(await get(`${veil.url}/health/ready`)).toEqual({ status: 503, body: { status: 'unavailable', database: 'down' } });
      expect((await get(`${veil.url}/health/live`)).status).toBe(200);
      // The carrier still gets valid TwiML: an apology for a call, an empty answer for a text.
      const voice = await postWebhook(veil.url, '/webhooks/twilio/voice', voiceParams('+14155552671', '+12025550100'));
      expect(voice.status).toBe(200);
      expect(voice.verbs).toEqual(['Say', 'Hangup']);
      expect(voice.twiml.Response.Say['#text']).toMatch(/^Sorry/);
      const sms = await postWebhook(veil.url, '/webhooks/twilio/sms', smsParams('+14155552671', '+12025550100', 'hello'));
      expect(sms.status).toBe(200);
      expect(sms.verbs).toEqual([]);
      expect(sms.text).toContain('<Response');
      database = await EmbeddedDatabase.start({ dataDir, port: STALE_DB_PORT });
      let status = 0;
      for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
        status = (await get(`${veil.url}/health/ready`)).status;
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(status).toBe(200);
      // Back without a restart: the checkout works, and the call that got an apology was recorded.
      await post('/v1/admin/numbers', TEST_ENV.ADMIN_TOKEN, { country: 'US', count: 1, pool: 'shared' });
      expect((await post('/v1/bindings', tenant.body.apiKey, order)).status).toBe(201);
      await veil.app.get(RecordService).flush();
      const pg = new (await import('pg')).default.Client({ connectionString: database.url });
      await pg.connect();
      const { rows } = await pg.query(`SELECT outcome, reason FROM call_record`);
      await pg.end();
      expect(rows).toEqual([{ outcome: 'failed', reason: 'internal_error' }]);
    } finally {
      await veil.stop();
      await database.stop();
    }
  });
});
