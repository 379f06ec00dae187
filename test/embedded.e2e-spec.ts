import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../src/config/app.config.js';
import { EmbeddedDatabase } from '../src/database/embedded-database.js';
import { RecordService } from '../src/records/record.service.js';
import { startVeil, type RunningVeil } from '../src/veil.js';
import { freePort } from './support/free-port.js';
import { TEST_ENV } from './support/test-app.js';
import { postWebhook, smsParams, voiceParams } from './support/twilio-webhooks.js';

// A cluster made by these tests directly (not through the config) gets a password of its own.
const PASSWORD = randomBytes(24).toString('base64url');

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
      // The summary, then the one-time banner last.
      expect(printed).toHaveLength(2);
      expect(printed[0]).toContain('Veil listening on http://127.0.0.1:');
      const banner = printed[1]!;
      expect(banner).toContain('Provisioned 10 dedicated and 10 shared simulator numbers');
      expect(banner).toContain('Provisioned 2 extension simulator numbers');
      apiKey = /Demo tenant API key \(shown once\): (\S+)/.exec(banner)![1]!;
      const adminToken = /Admin token[^:]*: (\S+)/.exec(banner)![1]!;
      const numbers = await get(`${veil.url}/v1/admin/numbers`, adminToken);
      expect(numbers.body.numbers).toHaveLength(22);
      expect(numbers.body.numbers.filter((n: { pool: string }) => n.pool === 'extension')).toHaveLength(2);

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
      // Nothing seeded twice, no key printed again: the summary only.
      expect(printed).toEqual([expect.stringContaining('Veil listening on')]);
      expect(printed.join('\n')).not.toContain('veil_');
      const again = await get(`${veil.url}/v1/bindings/${bindingId}`, apiKey);
      expect(again.body).toMatchObject({ id: bindingId, orderId: 'EMB-1', buyerPhoneMasked: '+1 415****2671', status: 'active' });
    } finally {
      await veil.stop();
    }
  });

  it("keeps the superuser password in the data folder's dev secrets, and moves a cluster made with the old built-in one to it", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'veil-legacy-'));
    // A cluster as the previous version made it: initialised with the password that was a constant.
    const old = await EmbeddedDatabase.start({ dataDir, port: STALE_DB_PORT, password: 'veil-embedded' });
    const { default: pg } = await import('pg');
    const seed = new pg.Client({ connectionString: old.url });
    await seed.connect();
    await seed.query(`CREATE TABLE kept (note text); INSERT INTO kept VALUES ('from before the upgrade')`);
    await seed.end();
    await old.stop();

    const env = {
      VEIL_DATA_DIR: dataDir,
      EMBEDDED_DB_PORT: String(STALE_DB_PORT),
      PORT: '0',
      HOST: '127.0.0.1',
      SWEEPER_ENABLED: 'false',
      DEMO_SEED: 'false',
      LOG_LEVEL: 'silent',
    };
    const connects = async (password: string) => {
      const client = new pg.Client({ connectionString: `postgres://postgres:${password}@127.0.0.1:${STALE_DB_PORT}/veil` });
      try {
        await client.connect();
        return (await client.query(`SELECT note FROM kept`)).rows[0]?.note ?? 'connected';
      } catch (error) {
        return (error as { code?: string }).code;
      } finally {
        await client.end().catch(() => undefined);
      }
    };
    for (let start = 1; start <= 2; start++) {
      const veil = await startVeil(loadConfig(env));
      try {
        expect((await get(`${veil.url}/health/ready`)).status).toBe(200);
        const secrets = JSON.parse(readFileSync(join(dataDir, 'dev-secrets.json'), 'utf8'));
        expect(secrets.EMBEDDED_DB_PASSWORD).toMatch(/^[A-Za-z0-9_-]{32}$/);
        expect(veil.databaseUrl).toContain(`:${secrets.EMBEDDED_DB_PASSWORD}@`);
        // The old cluster's data is there, under the generated password; the old one no longer opens it.
        const pgAdmin = new pg.Client({ connectionString: veil.databaseUrl.replace(/\/veil$/, '/postgres') });
        await pgAdmin.connect();
        await pgAdmin.query(`SELECT 1`);
        await pgAdmin.end();
        expect(await connects('veil-embedded')).toBe('28P01');
      } finally {
        await veil.stop();
      }
    }
    // The data of the old cluster survived: it is the same folder, only its password changed.
    const again = await EmbeddedDatabase.start({
      dataDir,
      port: STALE_DB_PORT,
      password: JSON.parse(readFileSync(join(dataDir, 'dev-secrets.json'), 'utf8')).EMBEDDED_DB_PASSWORD,
    });
    try {
      const client = new pg.Client({ connectionString: again.url });
      await client.connect();
      try {
        expect((await client.query(`SELECT note FROM kept`)).rows).toEqual([{ note: 'from before the upgrade' }]);
      } finally {
        await client.end();
      }
    } finally {
      await again.stop();
    }

    // A dev-secrets file that no longer matches the cluster says what to do, and stops the server it started.
    const secretsPath = join(dataDir, 'dev-secrets.json');
    const secrets = JSON.parse(readFileSync(secretsPath, 'utf8'));
    writeFileSync(secretsPath, JSON.stringify({ ...secrets, EMBEDDED_DB_PASSWORD: randomBytes(24).toString('base64url') }));
    await expect(startVeil(loadConfig(env))).rejects.toThrow(/refused the password EMBEDDED_DB_PASSWORD/);
    writeFileSync(secretsPath, JSON.stringify(secrets));
    const fine = await startVeil(loadConfig(env));
    await fine.stop();
  });

  it('gives every data folder a password of its own, never the old constant', () => {
    const passwords = [1, 2].map(() => {
      const dataDir = mkdtempSync(join(tmpdir(), 'veil-secret-'));
      const config = loadConfig({ VEIL_DATA_DIR: dataDir });
      const kept = JSON.parse(readFileSync(join(dataDir, 'dev-secrets.json'), 'utf8')).EMBEDDED_DB_PASSWORD;
      expect(config.embeddedDbPassword).toBe(kept);
      // Read back, not generated again.
      expect(loadConfig({ VEIL_DATA_DIR: dataDir }).embeddedDbPassword).toBe(kept);
      return kept as string;
    });
    expect(new Set(passwords).size).toBe(2);
    expect(passwords).not.toContain('veil-embedded');
    // With DATABASE_URL there is no embedded server, and no password to make.
    const external = mkdtempSync(join(tmpdir(), 'veil-secret-'));
    expect(loadConfig({ VEIL_DATA_DIR: external, DATABASE_URL: 'postgres://db/veil' }).embeddedDbPassword).toBeNull();
  });

  it('recovers from a server left running by a hard-killed run', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'veil-stale-'));
    // A start whose Node process dies hard: its server is never stopped, still holds the port, and
    // the owner file still names the dead process.
    const script = `const { EmbeddedDatabase } = await import(${JSON.stringify(pathToFileURL(resolve('dist/database/embedded-database.js')).href)});
      await EmbeddedDatabase.start({ dataDir: ${JSON.stringify(dataDir)}, port: ${STALE_DB_PORT}, password: ${JSON.stringify(PASSWORD)} });
      console.log('ready');
      setInterval(() => undefined, 1000);`;
    const doomed = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [chunk] = (await once(doomed.stdout!, 'data')) as [Buffer];
    expect(chunk.toString()).toContain('ready');
    doomed.kill('SIGKILL');
    await once(doomed, 'exit');
    const postmaster = Number(readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(() => process.kill(postmaster, 0)).not.toThrow(); // the orphan is still there

    const next = await EmbeddedDatabase.start({ dataDir, port: STALE_DB_PORT, password: PASSWORD });
    try {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: next.url });
      await client.connect();
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      await client.end();
    } finally {
      await next.stop();
    }
    expect(existsSync(join(dataDir, 'embedded-db.owner.json'))).toBe(false);
  });

  it('readiness and webhooks while the database is down: 503 and apology TwiML, then 200 again without a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'veil-ready-'));
    let database = await EmbeddedDatabase.start({ dataDir, port: STALE_DB_PORT, password: PASSWORD });
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
      database = await EmbeddedDatabase.start({ dataDir, port: STALE_DB_PORT, password: PASSWORD });
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
