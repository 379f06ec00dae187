import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from './support/free-port.js';

// Root only: the case is a root user whose clone sits in a folder the `postgres` user cannot enter.
const asRoot = process.getuid?.() === 0 ? describe : describe.skip;

asRoot('npm start as root in a private (0700) folder', () => {
  let outer: string;
  let clusterDir: string | null = null;
  let veil: ChildProcess | null = null;

  afterAll(async () => {
    if (veil && veil.exitCode === null) {
      veil.kill('SIGTERM');
      await once(veil, 'exit');
    }
    rmSync(outer, { recursive: true, force: true });
    if (clusterDir) rmSync(clusterDir, { recursive: true, force: true });
  });

  it('runs PostgreSQL from places the postgres user can reach, and gets ready', async () => {
    outer = mkdtempSync(join(tmpdir(), 'veil-private-'));
    chmodSync(outer, 0o700);
    // What a clone has after `npm ci && npm run build`: the tracked files, node_modules as hard links (the
    // same files at a private path, which is what matters here), and the build.
    const clone = join(outer, 'veil');
    mkdirSync(clone);
    const tracked = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' }).split('\0').filter(Boolean);
    for (const file of tracked.filter((f) => existsSync(f))) {
      mkdirSync(dirname(join(clone, file)), { recursive: true });
      cpSync(file, join(clone, file));
    }
    execFileSync('cp', ['-al', 'node_modules', join(clone, 'node_modules')]);
    cpSync('dist', join(clone, 'dist'), { recursive: true });

    const port = await freePort();
    veil = spawn(process.execPath, ['dist/main.js'], {
      cwd: clone,
      env: {
        ...process.env,
        VEIL_DATA_DIR: '',
        PORT: String(port),
        HOST: '127.0.0.1',
        EMBEDDED_DB_PORT: String(await freePort()),
        SWEEPER_ENABLED: 'false',
        LOG_LEVEL: 'warn',
        NODE_ENV: 'development',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    veil.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    veil.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    let status = 0;
    for (let i = 0; i < 600 && status !== 200 && veil.exitCode === null; i++) {
      status = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
        (r) => r.status,
        () => 0,
      );
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect({ status, output: status === 200 ? '' : output }).toEqual({ status: 200, output: '' });
    // The first start's banner comes once Veil listens, after the seed.
    for (let i = 0; i < 300 && !output.includes('Provisioned'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(output).toContain('Provisioned 10 dedicated and 10 shared simulator numbers');

    // The cluster lives where `postgres` can reach it, and the data folder links to it.
    const link = join(clone, '.veil', 'pg');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    clusterDir = readlinkSync(link);
    expect(clusterDir.startsWith('/var/lib/veil/embedded/')).toBe(true);
    // The server runs from the copy of PostgreSQL's programs, not from the private node_modules.
    const postmaster = Number(readFileSync(join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(readlinkSync(`/proc/${postmaster}/exe`)).toMatch(/^\/var\/cache\/veil\/postgres-[^/]+\/bin\/postgres$/);
  });
});
