import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './support/free-port.js';

const ROOT = resolve('.');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const BUYER = '4155552671';

/**
 * A newcomer's first hour, as the README tells it: the built Veil started as `npm start` starts it
 * (`node dist/main.js`, which `npm test` builds first), on an isolated data folder and free ports, bound
 * to every interface as by default; then the README's bash blocks, run as they are.
 */
describe('the quick start, as a newcomer follows it', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'veil-quick-start-'));
  let port: number;
  let env: NodeJS.ProcessEnv;
  let veil: ReturnType<typeof start>;
  let firstOutput: string;

  // Only what a new user has: no DATABASE_URL, no secrets, no Twilio account; NODE_ENV as `npm start`.
  beforeAll(async () => {
    port = await freePort();
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'development',
      VEIL_DATA_DIR: dataDir,
      EMBEDDED_DB_PORT: String(await freePort()),
      PORT: String(port),
      HOST: '0.0.0.0',
      LOG_LEVEL: 'info',
    };
    if (!existsSync(join(ROOT, 'dist/main.js')))
      throw new Error('dist/main.js is missing: `npm test` builds it (or npm run build)');
    veil = start(env);
    firstOutput = await veil.waitFor(/Demo tenant API key \(shown once\): \S+\n.*\n/);
  }, 120_000);

  afterAll(async () => {
    if (veil && veil.child.exitCode === null) {
      veil.child.kill('SIGTERM');
      await veil.exited;
    }
  });

  it('prints, after the start-up logs, a summary with reachable addresses, then the demo key last', async () => {
    const lines = firstOutput.split('\n');
    const summary = lines.findIndex((l) => l.includes('Veil listening on'));
    const banner = lines.findIndex((l) => l.includes('Veil first start'));
    const lastLog = lines.findLastIndex((l) => l.startsWith('{'));
    expect(lines.filter((l) => l.startsWith('{')).length).toBeGreaterThan(3); // the start-up logs are there
    expect(lastLog).toBeLessThan(summary);
    expect(summary).toBeLessThan(banner);
    // Nothing came after the banner: the key is the last thing on the screen.
    expect(lines.slice(banner).join('\n').trim()).toMatch(/^Veil first start[\s\S]*Admin token \(kept in [^)]+\): \S+$/);

    const text = lines.slice(summary, banner).join('\n');
    // localhost, and each external address of the machine (there may be none, in a bare container).
    expect(text).toContain(`Veil listening on http://localhost:${port}`);
    expect(text).toContain(`Dashboard    http://localhost:${port}/admin`);
    expect(text).toContain(`API docs     http://localhost:${port}/docs`);
    expect(text).toContain(`Admin token  kept in ${dataDir}/dev-secrets.json`);
    expect(text).toContain('`npm run tenants -- create demo`');
    // Bound to 0.0.0.0: it says where it can be reached, never 0.0.0.0 or only the loopback.
    expect(text).not.toContain('0.0.0.0');
    expect(text).not.toContain('127.0.0.1');
    const urls = [...text.matchAll(/http:\/\/[^\s/,)]+/g)].map((m) => m[0]);
    for (const url of new Set(urls)) {
      expect([url, (await fetch(`${url}/health/ready`)).status]).toEqual([url, 200]);
    }
    expect((await fetch(`http://localhost:${port}/admin`)).status).toBe(200);
    expect((await fetch(`http://localhost:${port}/docs`)).status).toBe(200);
  });

  it('gives a new demo key with `npm run tenants -- create demo`, and says what to do when no Veil runs', async () => {
    const created = npm(['run', '-s', 'tenants', '--', 'create', 'demo'], env);
    expect(created.status).toBe(0);
    expect(created.stderr).toMatch(/Tenant "demo" created .* shown this once/);
    const key = created.stdout.trim();
    expect(key).toMatch(/^veil_\S+$/); // alone on stdout, for KEY=$(…)
    const answer = await fetch(`http://localhost:${port}/v1/bindings?orderId=none-yet`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect([answer.status, ((await answer.json()) as { error: string }).error]).toEqual([404, 'not_found']);
    const listed = npm(['run', '-s', 'tenants', '--', 'list'], env);
    expect(listed.stdout.split('\n').filter((l) => l.startsWith('demo\t'))).toHaveLength(2);

    const nobody = String(await freePort());
    const refused = npm(['run', '-s', 'tenants', '--', 'create', 'demo'], { ...env, PORT: nobody });
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain(`No Veil answers on http://127.0.0.1:${nobody}`);
    expect(refused.stderr).toContain('npm start');
  }, 60_000);

  it("runs the README's bash blocks as they are: checkout, find, extend, close, the sim's calls and texts", () => {
    const blocks = [...README.matchAll(/^```bash\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    // Two substitutions only: this Veil's port and data folder for the README's defaults.
    const script = [
      'set -euo pipefail',
      // An HTTP error fails the script (the README's `curl -s` would print it and go on).
      'curl() { command curl --fail-with-body -sS "$@"; }',
      ...blocks,
    ]
      .join('\n')
      .replaceAll('localhost:3000', `localhost:${port}`)
      .replaceAll('./.veil/', `${dataDir}/`);
    const run = spawnSync('bash', ['-c', script], { cwd: ROOT, env, encoding: 'utf8', timeout: 180_000 });
    expect([run.status, run.stderr.trim().split('\n').slice(-5)]).toEqual([0, expect.anything()]);
    const out = run.stdout;
    expect(out).toMatch(/"orderId":"A1001".*"status":"active"/);
    expect(out).toMatch(/"orderId":"A1001".*"status":"closed"/);
    expect(out).toContain('"name":"Acme"');
    expect(out).toContain('rings +1 415****2671');
    expect(out).toContain('rings +1 310****0142');
    expect(out).toContain('not connected: no-answer');
    expect(out).toContain('text delivered to +1 415****2671');
    expect(out).toMatch(/"orderId":"A2001".*"status":"closed"/);
    // The call after the sim's order was closed: the courier hears the number is not in service.
    const afterClose = out.slice(out.search(/"orderId":"A2001".*"status":"closed"/));
    const lastCall = afterClose.slice(afterClose.indexOf('calls +1'), afterClose.indexOf('call ends'));
    expect(lastCall).toMatch(/not in service/);
    // Extension mode: the label form, the prompt and the digits, the buyer reached, a prefixed text, a guesser.
    expect(out).toMatch(/^\+1 \d{3} 555 01\d\d ext\. \d{5}$/m);
    expect(out).toContain('caller hears: "Please enter the extension printed on your parcel."');
    expect(out).toMatch(/caller presses \d{5}\n.*rings \+1 415\*\*\*\*2671/);
    expect(out).toMatch(/text delivered to \+1 415\*\*\*\*2671 from .*: "Left it with the neighbour"/);
    expect(out).toMatch(/call 1: pressed \d{5}, \d{5} -> /);
    expect(out).toMatch(/3 calls: \d reached a buyer/);
    // What Veil and the sim print shows the buyer masked (npm's own `> tsx … --from …` echo aside).
    const printed = out
      .split('\n')
      .filter((line) => !line.startsWith('> '))
      .join('\n');
    expect(printed).not.toContain(BUYER);
  }, 200_000);

  it('stays a quick start: at most 250 lines, what Veil is, the two commands, a try, and where to go next', () => {
    expect(README.split('\n').length).toBeLessThanOrEqual(250);
    const headings = [...README.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual(
      expect.arrayContaining(['Two commands', 'Try it', 'Try a call and a text locally', 'Where to go next']),
    );
    expect(README.indexOf('number-masking relay')).toBeLessThan(README.indexOf('## Two commands'));
    for (const [, link] of README.matchAll(/\]\(((?:docs\/)[^)#]+)/g))
      expect([link, existsSync(join(ROOT, link!))]).toEqual([link, true]);
  });

  it('prints the summary again on the next start, without a key', async () => {
    veil.child.kill('SIGTERM');
    expect(await veil.exited).toBe(0);
    veil = start(env);
    const output = await veil.waitFor(/API key {6}.*\n/);
    expect(output).toContain(`Dashboard    http://localhost:${port}/admin`);
    expect(output).not.toContain('Demo tenant API key');
    expect(output).not.toContain('Veil first start');
  }, 120_000);
});

function start(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['--max-old-space-size=256', 'dist/main.js'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  /** Resolves with everything printed so far once `pattern` shows; rejects if Veil exits first. */
  const waitFor = (pattern: RegExp) =>
    new Promise<string>((done, fail) => {
      const check = () => {
        if (pattern.test(output)) {
          clearInterval(timer);
          done(output);
        } else if (child.exitCode !== null) {
          clearInterval(timer);
          fail(new Error(`Veil exited with ${child.exitCode} before printing ${pattern}:\n${output}`));
        }
      };
      const timer = setInterval(check, 50);
    });
  return { child, output: () => output, exited, waitFor };
}

function npm(args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync('npm', args, { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
}
