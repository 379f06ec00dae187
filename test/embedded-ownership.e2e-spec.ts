import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDatabase } from '../src/database/embedded-database.js';
import { freePort } from './support/free-port.js';
import { spawnVeil, type VeilProcess } from './support/veil-process.js';

// Runs the built server and commands (dist/, as `npm start` does) to their end: `npm test` builds first.
async function finish(env: Record<string, string>, script?: string): Promise<{ code: number | null; output: string }> {
  const run = spawnVeil(env, { script });
  const { code } = await run.exited;
  return { code, output: run.output() };
}

async function ready(url: string): Promise<number> {
  try {
    return (await fetch(`${url}/health/ready`)).status;
  } catch {
    return 0;
  }
}

describe('one data folder, one embedded server owner', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let first: VeilProcess;
  let url: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'veil-owner-'));
    const port = await freePort();
    env = {
      VEIL_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      EMBEDDED_DB_PORT: String(await freePort()),
      SWEEPER_ENABLED: 'false',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
    };
    url = `http://127.0.0.1:${port}`;
    first = spawnVeil(env);
    await first.listening;
    expect(await ready(url)).toBe(200);
  });

  afterAll(() => first.stop());

  it('a second Veil on the same folder refuses with a clear message, and the first stays ready', async () => {
    const second = await finish({ ...env, PORT: String(await freePort()) });
    expect(second.code).toBe(1);
    expect(second.output).toContain(`Another Veil (pid ${first.child.pid}`);
    expect(second.output).toContain(`is using the embedded database in ${dataDir}`);
    expect(second.output).toContain('Stop that Veil first');
    expect(await ready(url)).toBe(200);
    // The same from inside a process: nothing is stopped.
    await expect(EmbeddedDatabase.start({ dataDir, port: Number(env.EMBEDDED_DB_PORT), password: 'unused' })).rejects.toThrow(
      /Another Veil/,
    );
    expect(await ready(url)).toBe(200);
  });

  it('migration:run and keys:rotate use the running server and leave it running', async () => {
    const migrate = await finish(env, 'dist/database/migrate.js');
    expect(migrate).toMatchObject({ code: 0 });
    expect(migrate.output).toContain(`Using the embedded database of the Veil running on ${dataDir}`);
    expect(migrate.output).toContain('The schema is up to date');
    expect(await ready(url)).toBe(200);

    const rotate = await finish(env, 'dist/bindings/rotate-keys.cli.js');
    expect(rotate).toMatchObject({ code: 0 });
    expect(rotate.output).toMatch(/Re-encrypted \d+ stored number\(s\)/);
    expect(await ready(url)).toBe(200);
    // Still serving data, not only answering probes: the demo numbers are listed.
    const secrets = JSON.parse(readFileSync(join(dataDir, 'dev-secrets.json'), 'utf8'));
    const numbers = await fetch(`${url}/v1/admin/numbers`, { headers: { authorization: `Bearer ${secrets.ADMIN_TOKEN}` } });
    expect(numbers.status).toBe(200);
  });

  it('once the Veil has stopped, a command starts the server itself and stops it again', async () => {
    expect(await first.stop()).toEqual({ code: 0, signal: null });
    expect(existsSync(join(dataDir, 'embedded-db.owner.json'))).toBe(false);
    const migrate = await finish(env, 'dist/database/migrate.js');
    expect(migrate).toMatchObject({ code: 0 });
    expect(migrate.output).not.toContain('Using the embedded database of the Veil running');
    expect(existsSync(join(dataDir, 'embedded-db.owner.json'))).toBe(false);
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  });
});
