import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDatabase } from '../src/database/embedded-database.js';
import { freePort } from './support/free-port.js';

// Runs the built server and commands (dist/, as `npm start` does): `npm test` builds first.
const node = (script: string, env: Record<string, string>): ChildProcess =>
  spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });

async function finish(child: ChildProcess): Promise<{ code: number | null; output: string }> {
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output };
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
  let first: ChildProcess;
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
    first = node('dist/main.js', env);
    first.stdout!.resume();
    first.stderr!.resume();
    for (let i = 0; i < 300 && (await ready(url)) !== 200; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await ready(url)).toBe(200);
  });

  afterAll(async () => {
    if (first.exitCode === null) {
      first.kill('SIGTERM');
      await once(first, 'exit');
    }
  });

  it('a second Veil on the same folder refuses with a clear message, and the first stays ready', async () => {
    const second = await finish(node('dist/main.js', { ...env, PORT: String(await freePort()) }));
    expect(second.code).toBe(1);
    expect(second.output).toContain(`Another Veil (pid ${first.pid}`);
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
    const migrate = await finish(node('dist/database/migrate.js', env));
    expect(migrate).toMatchObject({ code: 0 });
    expect(migrate.output).toContain(`Using the embedded database of the Veil running on ${dataDir}`);
    expect(migrate.output).toContain('The schema is up to date');
    expect(await ready(url)).toBe(200);

    const rotate = await finish(node('dist/bindings/rotate-keys.cli.js', env));
    expect(rotate).toMatchObject({ code: 0 });
    expect(rotate.output).toMatch(/Re-encrypted \d+ stored number\(s\)/);
    expect(await ready(url)).toBe(200);
    // Still serving data, not only answering probes: the demo numbers are listed.
    const secrets = JSON.parse(readFileSync(join(dataDir, 'dev-secrets.json'), 'utf8'));
    const numbers = await fetch(`${url}/v1/admin/numbers`, { headers: { authorization: `Bearer ${secrets.ADMIN_TOKEN}` } });
    expect(numbers.status).toBe(200);
  });

  it('once the Veil has stopped, a command starts the server itself and stops it again', async () => {
    first.kill('SIGTERM');
    await once(first, 'exit');
    expect(existsSync(join(dataDir, 'embedded-db.owner.json'))).toBe(false);
    const migrate = await finish(node('dist/database/migrate.js', env));
    expect(migrate).toMatchObject({ code: 0 });
    expect(migrate.output).not.toContain('Using the embedded database of the Veil running');
    expect(existsSync(join(dataDir, 'embedded-db.owner.json'))).toBe(false);
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  });
});
