import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { testDatabaseUrl } from './support/database-url.js';
import { FAKE_ACCOUNT_SID, FAKE_AUTH_TOKEN, FAKE_SERVICE_SID, FakeTwilio } from './support/fake-twilio.js';
import { resetDatabase, startTestApp, TEST_ENV, type TestApp } from './support/test-app.js';
import { TestClock } from './support/test-clock.js';

const CLI = resolve('dist/numbers/numbers-sync.cli.js');
const OLD_BASE = TEST_ENV.PUBLIC_BASE_URL;
// Veil moved: the command runs with the new address, the numbers still name the old one.
const NEW_BASE = 'https://relay.new-host.example.test';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `node dist/numbers/numbers-sync.cli.js`, what `npm run numbers:sync` runs after compiling, as its own
 * process in an empty folder (no .env), against the test database; Twilio is the fake, reached
 * through the proxy and certificate its `processEnv()` names.
 */
function runCli(env: Record<string, string | undefined>): Promise<Run> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [CLI], {
      cwd: mkdtempSync(join(tmpdir(), 'veil-sync-cwd-')),
      env: Object.fromEntries(
        Object.entries({ PATH: process.env.PATH, HOME: process.env.HOME, ...env }).filter(([, v]) => v !== undefined),
      ),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolveRun({ code, stdout, stderr }));
  });
}

describe('npm run numbers:sync, the command an operator runs', () => {
  let fake: FakeTwilio;
  let t: TestApp;
  let operatorEnv: Record<string, string>;

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: \`npm test\` builds it first (pretest)`);
    fake = await FakeTwilio.start();
    // The running Veil, still on the old address: it bought the numbers.
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
    operatorEnv = {
      ...TEST_ENV,
      DATABASE_URL: testDatabaseUrl(),
      VEIL_DATA_DIR: mkdtempSync(join(tmpdir(), 'veil-sync-data-')),
      TWILIO_ACCOUNT_SID: FAKE_ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: FAKE_AUTH_TOKEN,
      TWILIO_MESSAGING_SERVICE_SID: FAKE_SERVICE_SID,
      PUBLIC_BASE_URL: NEW_BASE,
      ...fake.processEnv(),
    };
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
    for (let i = 0; i < count; i++) fake.stock(`+1628557${String(2000 + i)}`);
    const answer = await t.admin('POST', '/v1/admin/numbers', { country: 'US', count, pool: 'dedicated' });
    expect(answer.status).toBe(201);
    return (answer.body.numbers as { id: string; e164: string }[]).sort((a, b) => a.e164.localeCompare(b.e164));
  };

  it('re-points every number after PUBLIC_BASE_URL moved, rejoins the service, retries a failed release, reports the rest; exit 0', async () => {
    const [a, b, gone, retired] = await provision(4);
    // Retired while Twilio failed every try of the release: Veil keeps it, still billed.
    fake.failNext({ status: 500, code: 20500, match: /DELETE .*IncomingPhoneNumbers/ }, 4);
    const retire = await t.admin('DELETE', `/v1/admin/numbers/${retired!.id}`);
    expect(retire.body).toMatchObject({ status: 'retired', releasedAtCarrier: false });
    // Taken out of the service by hand; released by hand; and a number bought elsewhere.
    fake.services.get(FAKE_SERVICE_SID)!.numbers.delete(fake.ownedByNumber(b!.e164)!.sid);
    fake.owned.delete(fake.ownedByNumber(gone!.e164)!.sid);
    fake.own('+16285559876', { VoiceUrl: 'https://another-app.example.com/voice' });
    const before = fake.requests.length;

    const run = await runCli(operatorEnv);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      repointed: [a!.e164, b!.e164],
      addedToService: [b!.e164],
      missingAtCarrier: [gone!.e164],
      notInPool: ['+16285559876'],
      released: [retired!.e164],
      failures: [],
    });
    expect(run.stderr).toContain(
      'numbers:sync: 2 re-pointed, 1 added to the Messaging Service, 1 released, 1 missing at Twilio (retire them), ' +
        '1 in the account but not in the pool (left alone), 0 failed',
    );
    // It really went through the fake, as Twilio's client talks to Twilio.
    expect(fake.requests.length).toBeGreaterThan(before);
    for (const number of [a!, b!]) {
      expect(fake.ownedByNumber(number.e164)!.form).toMatchObject({
        VoiceUrl: `${NEW_BASE}/webhooks/twilio/voice`,
        VoiceFallbackUrl: `${NEW_BASE}/webhooks/twilio/voice`,
        StatusCallback: `${NEW_BASE}/webhooks/twilio/voice/status`,
        SmsUrl: `${NEW_BASE}/webhooks/twilio/sms`,
        SmsFallbackUrl: `${NEW_BASE}/webhooks/twilio/sms`,
      });
    }
    expect(fake.ownedByNumber(a!.e164)!.form.VoiceUrl).not.toContain(OLD_BASE);
    expect(fake.serviceOf(b!.e164)?.sid).toBe(FAKE_SERVICE_SID);
    expect(fake.ownedByNumber(retired!.e164)).toBeUndefined();
    expect(fake.ownedByNumber('+16285559876')!.form).toEqual({ VoiceUrl: 'https://another-app.example.com/voice' });
    const listed = await t.admin('GET', '/v1/admin/numbers?status=retired');
    expect(listed.body.numbers).toEqual([expect.objectContaining({ e164: retired!.e164, releasedAtCarrier: true })]);

    // Run again: nothing left to mend.
    const again = await runCli(operatorEnv);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ repointed: [], addedToService: [], released: [], failures: [] });
  });

  it('a repair Twilio refuses is listed with its number and reason, and the exit code is 2', async () => {
    const [a] = await provision(1);
    fake.failNext({
      status: 400,
      code: 21606,
      message: 'The number cannot be updated',
      match: /POST .*IncomingPhoneNumbers\/PN/,
    });
    const run = await runCli(operatorEnv);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout);
    expect(report.repointed).toEqual([]);
    expect(report.failures).toEqual([
      { e164: a!.e164, step: 'repoint', message: expect.stringContaining('Twilio refused to re-point a number') },
    ]);
    expect(run.stderr).toContain('1 failed');
    expect(run.stderr).toContain(`${a!.e164} (repoint): Twilio refused to re-point a number`);
  });

  it('without Twilio credentials it says what to set and exits 1, touching nothing', async () => {
    await provision(1);
    const before = fake.requests.length;
    const {
      TWILIO_ACCOUNT_SID: _sid,
      TWILIO_AUTH_TOKEN: _token,
      TWILIO_MESSAGING_SERVICE_SID: _service,
      ...noAccount
    } = operatorEnv;
    const run = await runCli(noAccount);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('no Twilio account is configured (the provider is simulator)');
    expect(run.stderr).toContain('set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN');
    expect(fake.requests.length).toBe(before);
  });

  it('with a wrong auth token it says Twilio refused the credentials and exits 1', async () => {
    await provision(1);
    const run = await runCli({ ...operatorEnv, TWILIO_AUTH_TOKEN: 'not-the-account-token-0123456789' });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      'numbers:sync failed: Twilio refused to list the account numbers: Twilio answered 401 (error 20003)',
    );
    expect(run.stderr).toContain('check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN');
  });
});
