/**
 * npm run bench:ab -- (tsx bench/webhook-ab.ts): two builds of Veil side by side, for a before/after on a
 * busy machine. Each build runs on its own database (migrated by that build, seeded alike: the webhook
 * benchmark's 10,000 shared bindings), beside baseline (b); closed-loop loads of 5 s in rounds of (b),
 * A, B (B, A in every other round), per channel, so that a machine that slows down for a while slows
 * both builds alike. Prints each round's ratios to (b), then the merged figures.
 *   AB_BEFORE, AB_AFTER: the two builds (copies of dist/); AB_DB_BEFORE, AB_DB_AFTER: their databases
 *   (emptied); AB_ROUNDS (4), AB_CHANNELS (sms,voice).
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { withClient } from './lib/database.js';
import { mergeRuns, runLoad, type LoadResult } from './lib/load.js';
import { phone } from './lib/phones.js';
import { freePort, startTsChild } from './lib/processes.js';
import { seedBindings, seedRelayNumbers, seedTenant } from './lib/seed.js';
import { ROOT, SECRETS, veilEnv } from './lib/veil.js';

const env = (name: string): string => {
  const value = process.env[name]?.trim();
  if (!value) throw new Error(`${name} is required (see the comment at the top of bench/webhook-ab.ts)`);
  return value;
};
const builds = [
  { name: 'before', from: env('AB_BEFORE'), db: env('AB_DB_BEFORE') },
  { name: 'after', from: env('AB_AFTER'), db: env('AB_DB_AFTER') },
];
const SERVER = process.env.BENCH_LOCAL_SERVER?.trim() || 'postgres://postgres@127.0.0.1:5432/postgres';
const ROUNDS = Number(process.env.AB_ROUNDS ?? 4);
const SEC = 5;
const url = (db: string) => {
  const u = new URL(SERVER);
  u.pathname = `/${db}`;
  return u.toString();
};
const log = (s: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);

function snapshot(from: string, name: string): string {
  const dist = join(ROOT, `node_modules/.cache/veil-bench-ab/${name}/dist`);
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  cpSync(from, dist, { recursive: true });
  writeFileSync(join(dist, 'package.json'), '{ "type": "module" }\n');
  cpSync(join(ROOT, 'policy/model'), join(dist, '..', 'policy/model'), { recursive: true });
  return dist;
}

async function startVeil(dist: string, port: number, db: string) {
  const dataDir = mkdtempSync(join(tmpdir(), 'veil-ab-'));
  const env = veilEnv({ port, databaseUrl: url(db), dataDir });
  const child = spawn(process.execPath, ['--max-old-space-size=256', join(dist, 'main.js')], {
    cwd: dataDir,
    env,
    stdio: 'ignore',
  });
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health/live`)).ok) break;
    } catch {
      /* starting */
    }
    await sleep(100);
  }
  return { pid: child.pid!, url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

const NUMBERS = 1000,
  PER = 10;
const pairs: [string, string][] = [];
const dists = builds.map((b) => snapshot(b.from, b.name));
// The seed's keyed hashes and ciphertexts, by the after build's own cipher with the benchmark's keys.
const load = <T>(dist: string, file: string) => import(pathToFileURL(join(dist, file)).href) as Promise<T>;
const { PhoneCipher } = await load<typeof import('../src/common/phone-cipher.service.js')>(
  dists[1]!,
  'common/phone-cipher.service.js',
);
const { loadConfig } = await load<typeof import('../src/config/app.config.js')>(dists[1]!, 'config/app.config.js');
const cipher = new PhoneCipher(
  loadConfig(veilEnv({ port: 0, databaseUrl: 'postgres://unused@127.0.0.1/unused', dataDir: tmpdir() }), {
    persistDevSecrets: false,
  }),
);
const veils: Record<string, { pid: number; url: string; stop(): void }> = {};
for (const [i, b] of builds.entries()) {
  const dist = dists[i]!;
  const { runMigrations } = (await import(
    pathToFileURL(join(dist, 'database/data-source.js')).href
  )) as typeof import('../src/database/data-source.js');
  await runMigrations(url(b.db));
  await withClient(url(b.db), async (client) => {
    const { rows } = await client.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migration' AND tablename NOT LIKE 'migrations%'`,
    );
    await client.query(`TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(', ')} CASCADE`);
    await seedTenant(client);
    const relays = await seedRelayNumbers(client, { count: NUMBERS, pool: 'shared' });
    const expiresAt = new Date(Date.now() + 30 * 86_400_000);
    const fill = pairs.length === 0;
    const bindings = Array.from({ length: NUMBERS * PER }, (_, j) => {
      const relay = relays[j % NUMBERS]!;
      if (fill) pairs.push([phone('courier', j), relay.e164]);
      return {
        relay,
        mode: 'shared' as const,
        expiresAt,
        parties: [
          { role: 'buyer' as const, e164: phone('buyer', j) },
          { role: 'courier' as const, e164: phone('courier', j) },
        ],
      };
    });
    await seedBindings(client, cipher, bindings);
    await client.query('VACUUM ANALYZE');
  });
  veils[b.name] = await startVeil(dist, await freePort(), b.db);
  log(`${b.name} on ${b.db} ready`);
}
let s = 12345;
for (let i = pairs.length - 1; i > 0; i--) {
  s = (s * 1103515245 + 12345) & 0x7fffffff;
  const j = s % (i + 1);
  [pairs[i], pairs[j]] = [pairs[j]!, pairs[i]!];
}
const baseline = await startTsChild('baseline (b)', await freePort(), 'bench/baselines/bare-fastify.ts', {
  PATH: process.env.PATH ?? '',
  DATABASE_URL: url(builds[1]!.db),
  LOOKUP_HASH_KEY: SECRETS.LOOKUP_HASH_KEY,
  MODE: 'lookup',
});
await sleep(2000);
let seed = 0;
const results: Record<string, Record<string, LoadResult[]>> = {};
const vacuum = (db: string) =>
  withClient(url(db), (c) =>
    c.query('VACUUM (ANALYZE) participant, binding, call_record, message_record, former_party, text_fingerprint'),
  );
for (const channel of (process.env.AB_CHANNELS ?? 'sms,voice').split(',') as ('sms' | 'voice')[]) {
  results[channel] = { b: [], before: [], after: [] };
  for (let round = 1; round <= ROUNDS; round++) {
    const order = round % 2 ? ['b', 'before', 'after'] : ['b', 'after', 'before'];
    for (const key of order) {
      const target = key === 'b' ? { pid: baseline.pid, url: baseline.url } : veils[key]!;
      const db = key === 'before' ? builds[0]!.db : builds[1]!.db;
      if (key !== 'b')
        await withClient(url(db), (c) =>
          c.query('UPDATE participant SET sms_window_count = 0, sms_window_started_at = NULL, last_text_at = NULL'),
        );
      await vacuum(db);
      const r = await runLoad({
        label: `${channel} ${key} ${round}`,
        url: target.url,
        serverPid: target.pid,
        databaseName: db,
        connections: 32,
        warmupSec: round === 1 ? 3 : 1,
        durationSec: SEC,
        keepTimes: true,
        requests: {
          kind: 'twilio',
          channel,
          path: `/webhooks/twilio/${channel}`,
          authToken: SECRETS.TWILIO_AUTH_TOKEN,
          publicBaseUrl: SECRETS.PUBLIC_BASE_URL,
          pairs,
          count: key === 'b' ? 60_000 : 80_000,
          sidSeed: `ab${(++seed).toString(36)}x${Date.now().toString(36)}`,
        },
      });
      results[channel][key]!.push(r);
      log(
        `${channel} r${round} ${key}: ${r.rps.toFixed(0)} req/s, CPU ${r.cpu.serverUsPerRequest.toFixed(0)} + ${r.cpu.databaseUsPerRequest.toFixed(0)} us, non2xx ${r.non2xx}, busy before ${r.cpu.busyCoresBefore.toFixed(2)}`,
      );
    }
    const rr = (k: string) => results[channel]![k]!.at(-1)!;
    log(
      `${channel} round ${round}: before/(b) ${(rr('before').rps / rr('b').rps).toFixed(3)}x, after/(b) ${(rr('after').rps / rr('b').rps).toFixed(3)}x, after/before ${(rr('after').rps / rr('before').rps).toFixed(3)}x`,
    );
  }
  const m = Object.fromEntries(['b', 'before', 'after'].map((k) => [k, mergeRuns(`${channel} ${k}`, results[channel]![k]!)]));
  const cpu = (x: LoadResult) => x.cpu.serverUsPerRequest + x.cpu.databaseUsPerRequest;
  log(
    `${channel} TOTAL: (b) ${m.b!.rps.toFixed(0)}, before ${m.before!.rps.toFixed(0)} (${(m.before!.rps / m.b!.rps).toFixed(3)}x; CPU ${m.before!.cpu.serverUsPerRequest.toFixed(0)}+${m.before!.cpu.databaseUsPerRequest.toFixed(0)}), after ${m.after!.rps.toFixed(0)} (${(m.after!.rps / m.b!.rps).toFixed(3)}x; CPU ${m.after!.cpu.serverUsPerRequest.toFixed(0)}+${m.after!.cpu.databaseUsPerRequest.toFixed(0)}); by CPU before ${(cpu(m.b!) / cpu(m.before!)).toFixed(3)}x after ${(cpu(m.b!) / cpu(m.after!)).toFixed(3)}x; (b) CPU ${m.b!.cpu.serverUsPerRequest.toFixed(0)}+${m.b!.cpu.databaseUsPerRequest.toFixed(0)}`,
  );
}
for (const v of Object.values(veils)) v.stop();
await baseline.stop();
for (const b of builds)
  await withClient(url(b.db), async (c) => {
    const { rows } = await c.query(`SELECT outcome, count(*)::int AS n FROM message_record GROUP BY outcome`);
    log(`${b.name} text records: ${JSON.stringify(rows)}`);
  });
process.exit(0);
