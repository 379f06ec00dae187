import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { importDist } from './veil.js';

export interface BenchDatabase {
  url: string;
  /** Where it runs, for the report. */
  where: string;
  version: string;
  /** The database's name when its server runs on this machine (its backends' CPU can be read), else null. */
  localName: string | null;
  /** Empties Veil's tables (the schema stays) and drops the harness's own tables. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

const LOCAL_SERVER = process.env.BENCH_LOCAL_SERVER?.trim() || 'postgres://postgres@127.0.0.1:5432/postgres';
const DATABASE = 'veil_bench';
const EMBEDDED_PORT = 3199;
const APP_TABLES = [
  'message_record',
  'call_record',
  'audit_log',
  'former_party',
  'participant',
  'binding',
  'relay_number',
  'tenant',
  // Claims of webhook deliveries: left over, a later run's CallSids would all be redeliveries.
  'webhook_delivery',
  'unreachable_sender',
  // Campaign fingerprints and carrier blocks hold no foreign key to binding: emptied by name.
  'text_fingerprint',
  'buyer_report',
  'carrier_block',
];

/**
 * BENCH_DATABASE_URL if set (a database the benchmark may empty); else a fresh `veil_bench` on the local
 * server (BENCH_LOCAL_SERVER, default postgres://postgres@127.0.0.1:5432/postgres) if it answers; else Veil's own embedded PostgreSQL on a port of its own. Migrations are Veil's.
 */
export async function openBenchDatabase(log: (line: string) => void): Promise<BenchDatabase> {
  let url: string;
  let where: string;
  let stop: () => Promise<void> = async () => undefined;
  const given = process.env.BENCH_DATABASE_URL?.trim();
  if (given) {
    url = given;
    where = 'BENCH_DATABASE_URL';
  } else if (await answers(LOCAL_SERVER)) {
    await withClient(LOCAL_SERVER, async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${DATABASE}`);
    });
    const server = new URL(LOCAL_SERVER);
    server.pathname = `/${DATABASE}`;
    url = server.toString();
    where = `server ${server.host}, database ${DATABASE}`;
  } else {
    const { EmbeddedDatabase } =
      await importDist<typeof import('../../src/database/embedded-database.js')>('database/embedded-database.js');
    const dataDir = mkdtempSync(join(tmpdir(), 'veil-bench-pg-'));
    log(`no PostgreSQL answers at ${new URL(LOCAL_SERVER).host}: starting the embedded server on port ${EMBEDDED_PORT}`);
    // A throwaway cluster: its password lives as long as the run.
    const password = randomBytes(24).toString('base64url');
    const embedded = await EmbeddedDatabase.start({ dataDir, port: EMBEDDED_PORT, database: DATABASE, password });
    url = embedded.url;
    where = `embedded PostgreSQL (port ${EMBEDDED_PORT})`;
    stop = async () => {
      await embedded.stop();
      rmSync(dataDir, { recursive: true, force: true });
    };
  }
  const { runMigrations } = await importDist<typeof import('../../src/database/data-source.js')>('database/data-source.js');
  await runMigrations(url);
  const version = await withClient(
    url,
    async (c) => (await c.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version,
  );
  const parsed = new URL(url);
  const local = ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(parsed.hostname);
  return {
    url,
    where,
    version,
    localName: local ? decodeURIComponent(parsed.pathname.slice(1)) : null,
    async reset() {
      await withClient(url, async (c) => {
        // Only the tables the build under test has (an older build may lack the newer ones).
        const { rows } = await c.query<{ tablename: string }>(
          `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename = ANY($1::text[])`,
          [APP_TABLES],
        );
        await c.query(`TRUNCATE ${rows.map((r) => r.tablename).join(', ')} CASCADE`);
        await c.query('DROP TABLE IF EXISTS bench_baseline_order');
      });
    },
    close: stop,
  };
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'veil-bench' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
