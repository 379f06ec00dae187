import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './support/free-port.js';
import { resetDatabase, startTestApp, TEST_ENV, type TestApp } from './support/test-app.js';

const run = promisify(execFile);

// `npm run sim` finds Veil the way the server was told where to listen, and says what to set when it cannot.
describe('npm run sim: where it finds Veil', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await resetDatabase(t.dataSource);
  });
  afterAll(() => t.close());

  // Only what the simulator is given: none of the caller's own VEIL_URL, PORT or PUBLIC_BASE_URL.
  const sim = async (env: Record<string, string>) => {
    const base: Record<string, string | undefined> = { ...process.env, ...TEST_ENV, DATABASE_URL: 'postgres://unused/x' };
    for (const name of ['VEIL_URL', 'SIM_TARGET_URL', 'PORT', 'PUBLIC_BASE_URL']) delete base[name];
    return run(
      'node_modules/.bin/tsx',
      ['src/telephony/simulator/sim.cli.ts', 'call', '--from', '+14155550111', '--to', '+12025550100'],
      {
        env: { ...base, VEIL_DATA_DIR: mkdtempSync(join(tmpdir(), 'veil-sim-')), ...env },
        timeout: 30_000,
      },
    ).then(
      ({ stdout }) => ({ code: 0, stdout, stderr: '' }),
      (error: { code: number; stdout: string; stderr: string }) => ({
        code: error.code,
        stdout: error.stdout,
        stderr: error.stderr,
      }),
    );
  };
  const port = () => new URL(t.url).port;

  it('follows PORT like the server', async () => {
    const answer = await sim({ PORT: port(), PUBLIC_BASE_URL: TEST_ENV.PUBLIC_BASE_URL });
    expect(answer).toMatchObject({ code: 0 });
    expect(answer.stdout).toContain('+1 415****0111 calls +1 202****0100');
  });

  it('follows VEIL_URL', async () => {
    const answer = await sim({ VEIL_URL: t.url, PUBLIC_BASE_URL: TEST_ENV.PUBLIC_BASE_URL });
    expect(answer).toMatchObject({ code: 0 });
    expect(answer.stdout).toContain('caller hears:');
  });

  it('says what it tried and what to set when nothing answers', async () => {
    const closed = await freePort();
    const byPort = await sim({ PORT: String(closed) });
    expect(byPort.code).toBe(1);
    expect(byPort.stderr).toContain(
      `Could not reach Veil at http://127.0.0.1:${closed} (ECONNREFUSED); that address comes from PORT=${closed}`,
    );
    expect(byPort.stderr).toContain('VEIL_URL=http://127.0.0.1:3001 npm run sim');
    const byUrl = await sim({ VEIL_URL: `http://127.0.0.1:${closed}` });
    expect(byUrl.stderr).toContain('that address comes from VEIL_URL');
  });

  it('says why a signature is refused and what to set', async () => {
    // Veil checks signatures over https://veil.example.test; the simulator, told only VEIL_URL, signs over
    // Veil's default for that port, and its token is a random one (no dev-secrets.json in its data folder).
    const refused = await sim({ VEIL_URL: t.url, TWILIO_AUTH_TOKEN: '' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`Veil at ${t.url} refused the simulator's signature (403 invalid_signature)`);
    expect(refused.stderr).toContain(
      `signed over http://localhost:${port()} (from Veil's default PUBLIC_BASE_URL for port ${port()})`,
    );
    expect(refused.stderr).toMatch(/TWILIO_AUTH_TOKEN from nowhere: \S+dev-secrets\.json does not exist/);
    expect(refused.stderr).toContain('the same PUBLIC_BASE_URL, and the same TWILIO_AUTH_TOKEN');
  });
});
