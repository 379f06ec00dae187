import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AppConfig } from '../../src/config/app.config.js';
import type { PhoneCipher } from '../../src/common/phone-cipher.service.js';
import type { SweeperJob } from '../../src/lifecycle/sweeper.job.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The build under test is copied here before the run: others may rebuild dist/ meanwhile, and every
 * process of one run must run the same code. Under node_modules so that packages still resolve.
 */
export const DIST = process.env.VEIL_BENCH_DIST ?? join(ROOT, 'node_modules/.cache/veil-bench/dist');

/** The build to snapshot: dist/, or VEIL_BENCH_FROM (a build of its own, e.g. `tsc --outDir`). */
export function snapshotDist(): void {
  const built = process.env.VEIL_BENCH_FROM ?? join(ROOT, 'dist');
  if (!existsSync(join(built, 'main.js'))) throw new Error('dist/main.js is missing: run npm run build first');
  rmSync(DIST, { recursive: true, force: true });
  mkdirSync(DIST, { recursive: true });
  cpSync(built, DIST, { recursive: true });
  // Below node_modules Node stops looking for the package scope, so say ESM here.
  writeFileSync(join(DIST, 'package.json'), '{ "type": "module" }\n');
  // The marketing model is read from policy/model beside dist/ (src/policy/marketing-model.ts).
  const model = join(ROOT, 'policy/model');
  if (existsSync(model)) cpSync(model, join(DIST, '..', 'policy/model'), { recursive: true });
}

/** A module of the build under test, typed as its source. */
export async function importDist<T>(relative: string): Promise<T> {
  return (await import(pathToFileURL(join(DIST, relative)).href)) as T;
}

/** Fixed secrets: the harness signs webhooks and seeds ciphertexts and keyed hashes with them. */
export const SECRETS = {
  ADMIN_TOKEN: 'bench-admin-token-0123456789abcdef',
  DATA_ENCRYPTION_KEY: `k1:${Buffer.alloc(32, 42).toString('base64')}`,
  LOOKUP_HASH_KEY: 'bench-lookup-hash-key-0123456789abcdef',
  TWILIO_AUTH_TOKEN: 'bench-twilio-auth-token-0123456789',
  PUBLIC_BASE_URL: 'https://relay.bench.example',
};

/** The tenant the benchmarks seed directly in SQL, with a known API key. */
export const TENANT = {
  id: '00000000-0000-4000-8000-00000000be11',
  name: 'bench',
  apiKey: 'veil_bench_tenant_key_0123456789abcdefghijklmnop',
};

export function tenantKeyHash(): Buffer {
  return createHash('sha256').update(TENANT.apiKey).digest();
}

/** Veil's environment in the benchmarks: production mode, fixed secrets, no sweeper or demo seed. */
export function veilEnv(options: { port: number; databaseUrl: string; dataDir: string; extra?: Record<string, string> }) {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    NODE_ENV: 'production',
    PORT: String(options.port),
    HOST: '127.0.0.1',
    DATABASE_URL: options.databaseUrl,
    VEIL_DATA_DIR: options.dataDir,
    ADMIN_UI_DIR: join(DIST, 'admin-ui'),
    MIGRATIONS_RUN: 'false',
    TELEPHONY_PROVIDER: 'simulator',
    LOG_LEVEL: 'warn',
    SWEEPER_ENABLED: 'false',
    DEMO_SEED: 'false',
    // One load generator sends everything under one key from one address.
    TENANT_RATE_PER_MINUTE: '10000000',
    // Windows in the simulations are hours long; reminders would be due at once and are not measured here.
    REMINDER_DAYS_BEFORE: '0',
    ...SECRETS,
    ...options.extra,
  };
}

/** The same configuration Veil runs with, loaded by Veil's own loader. */
export async function veilConfig(env: Record<string, string>): Promise<AppConfig> {
  const { loadConfig } = await importDist<typeof import('../../src/config/app.config.js')>('config/app.config.js');
  return loadConfig(env, { persistDevSecrets: false });
}

/** Veil's own cipher with the benchmark's keys: the seeded hashes and ciphertexts are the real thing. */
export async function veilCipher(): Promise<PhoneCipher> {
  const { PhoneCipher } =
    await importDist<typeof import('../../src/common/phone-cipher.service.js')>('common/phone-cipher.service.js');
  const config = await veilConfig(veilEnv({ port: 0, databaseUrl: 'postgres://unused@127.0.0.1/unused', dataDir: '/tmp' }));
  return new PhoneCipher(config);
}

/** Veil's app in this process, with a clock the caller moves by setting `at` and logs discarded: the sweeper benchmarks' harness. */
export async function startSweeperApp(databaseUrl: string, startAt: number) {
  const { Clock } = await importDist<typeof import('../../src/common/clock.js')>('common/clock.js');
  class MovedClock extends Clock {
    at = startAt;
    now(): Date {
      return new Date(this.at);
    }
  }
  const clock = new MovedClock();
  const { createVeilApp } = await importDist<typeof import('../../src/app.factory.js')>('app.factory.js');
  const { SweeperJob } = await importDist<typeof import('../../src/lifecycle/sweeper.job.js')>('lifecycle/sweeper.job.js');
  const config = await veilConfig(veilEnv({ port: 0, databaseUrl, dataDir: '/tmp' }));
  const silent = new Writable({ write: (_c, _e, done) => done() });
  const app = await createVeilApp({ config, databaseUrl, clock, logStream: silent });
  await app.init();
  const sweeper = app.get(SweeperJob) as SweeperJob;
  return { clock, app, sweeper, config };
}
