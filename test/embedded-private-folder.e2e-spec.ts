import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from './support/free-port.js';
import { spawnVeil, type VeilProcess } from './support/veil-process.js';

// Root only: the case is a root user whose clone sits in a folder the `postgres` user cannot enter.
const asRoot = process.getuid?.() === 0 ? describe : describe.skip;

asRoot('npm start as root in a private (0700) folder', () => {
  let outer: string;
  let clusterDir: string | null = null;
  let veil: VeilProcess | null = null;

  afterAll(async () => {
    await veil?.stop();
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
    // Never a tracked node_modules (a committed link would point the copy below at the shared folder).
    for (const file of tracked.filter((f) => existsSync(f) && f.split('/')[0] !== 'node_modules')) {
      mkdirSync(dirname(join(clone, file)), { recursive: true });
      cpSync(file, join(clone, file));
    }
    // Resolved first: a worktree's node_modules may be a link, which `cp -a` would copy as a link to a
    // public path, and the case would not be run.
    execFileSync('cp', ['-al', realpathSync('node_modules'), join(clone, 'node_modules')]);
    cpSync('dist', join(clone, 'dist'), { recursive: true });

    const port = await freePort();
    veil = spawnVeil(
      {
        VEIL_DATA_DIR: '',
        PORT: String(port),
        HOST: '127.0.0.1',
        EMBEDDED_DB_PORT: String(await freePort()),
        SWEEPER_ENABLED: 'false',
        LOG_LEVEL: 'warn',
        NODE_ENV: 'development',
      },
      { cwd: clone },
    );
    const url = await veil.listening;
    expect((await fetch(`${url}/health/ready`)).status).toBe(200);
    // The first start's banner comes once Veil listens, after the seed.
    await veil.printed('Provisioned 10 dedicated and 10 shared simulator numbers');

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
