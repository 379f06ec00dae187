import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { withClient } from './lib/database.js';
import { mergeRuns, runLoad, type LoadResult, type RequestSource } from './lib/load.js';
import { phone } from './lib/phones.js';
import { freePort, readMemory, sampleRss, startTsChild, startVeil, type Child } from './lib/processes.js';
import { summariseProfile, type ProfileSummary } from './lib/profile.js';
import { fmt, type BenchContext, type BenchOutcome, type Row } from './lib/report.js';
import { seedBindings, seedRelayNumbers, seedTenant } from './lib/seed.js';
import { SECRETS, veilCipher, veilEnv } from './lib/veil.js';

const NUMBERS = 1_000;
const BINDINGS_PER_NUMBER = 10;
const CONNECTIONS = 32;
const WARMUP_SEC = 3;
const MEASURE_SEC = 10;
/** The closed-loop loads run in rounds of ROUND_SEC, (a), (b), Veil in turn: 2 x 5 s = 10 s each. */
const ROUNDS = 2;
const ROUND_SEC = 5;
const CHANNELS = ['voice', 'sms'] as const;
type Channel = (typeof CHANNELS)[number];

/**
 * Benchmark 1 (and 5): signed voice and SMS webhooks against Veil with 10,000 active bindings on 1,000
 * shared relay numbers, beside (a) bare Fastify + fixed TwiML and (b) bare Fastify + one indexed lookup,
 * each a process of its own, loaded from another process. Then Veil paced at half its maximum, for p99.
 */
export async function webhookBench(ctx: BenchContext): Promise<BenchOutcome> {
  const { db, log } = ctx;
  await db.reset();
  log(`seeding ${NUMBERS * BINDINGS_PER_NUMBER} shared bindings on ${NUMBERS} numbers`);
  const cipher = await veilCipher();
  const pairs: [string, string][] = [];
  await withClient(db.url, async (client) => {
    await seedTenant(client);
    const relays = await seedRelayNumbers(client, { count: NUMBERS, pool: 'shared' });
    const expiresAt = new Date(Date.now() + 30 * 86_400_000);
    const bindings = Array.from({ length: NUMBERS * BINDINGS_PER_NUMBER }, (_, j) => {
      const relay = relays[j % NUMBERS]!;
      const courier = phone('courier', j);
      pairs.push([courier, relay.e164]);
      return {
        relay,
        mode: 'shared' as const,
        expiresAt,
        parties: [
          { role: 'buyer' as const, e164: phone('buyer', j) },
          { role: 'courier' as const, e164: courier },
        ],
      };
    });
    await seedBindings(client, cipher, bindings);
    await client.query('VACUUM ANALYZE');
  });
  // Consecutive requests go to different numbers and couriers.
  shuffle(pairs);

  const dataDir = mkdtempSync(join(tmpdir(), 'veil-bench-veil-'));
  const children: Child[] = [];
  try {
    const veilPort = await freePort();
    const veil = await startVeil('veil', veilPort, veilEnv({ port: veilPort, databaseUrl: db.url, dataDir }));
    children.push(veil);
    const baselineEnv = { PATH: process.env.PATH ?? '', DATABASE_URL: db.url, LOOKUP_HASH_KEY: SECRETS.LOOKUP_HASH_KEY };
    const bare = await startTsChild('baseline (a)', await freePort(), 'bench/baselines/bare-fastify.ts', {
      ...baselineEnv,
      MODE: 'twiml',
    });
    children.push(bare);
    const lookup = await startTsChild('baseline (b)', await freePort(), 'bench/baselines/bare-fastify.ts', {
      ...baselineEnv,
      MODE: 'lookup',
    });
    children.push(lookup);
    await sleep(2000);
    const idle = readMemory(veil.pid);
    log(`Veil idle: ${fmt.mb(idle.rssMb)} RSS`);

    let seed = 0;
    const source = (channel: Channel, count: number): RequestSource => ({
      kind: 'twilio',
      channel,
      path: `/webhooks/twilio/${channel}`,
      authToken: SECRETS.TWILIO_AUTH_TOKEN,
      publicBaseUrl: SECRETS.PUBLIC_BASE_URL,
      pairs,
      count,
      sidSeed: `b${(++seed).toString(36)}x`,
    });
    const resetTextCounters = () =>
      withClient(db.url, (c) =>
        c.query('UPDATE participant SET sms_window_count = 0, sms_window_started_at = NULL, last_text_at = NULL'),
      );

    const runs: Record<Channel, { a: LoadResult; b: LoadResult; veil: LoadResult; half: LoadResult; halfControl: LoadResult }> =
      {} as never;
    const veilRss = sampleRss(veil.pid);
    for (const channel of CHANNELS) {
      // Rounds, each target in turn: a machine that slows down for a while slows all three alike.
      const parts: Record<'a' | 'b' | 'veil', LoadResult[]> = { a: [], b: [], veil: [] };
      for (let round = 1; round <= ROUNDS; round++) {
        for (const [key, label, target, count] of [
          ['a', 'baseline (a) bare Fastify', bare, 60_000],
          ['b', 'baseline (b) Fastify + 1 lookup', lookup, 60_000],
          // Baselines do not store sids, so their requests may repeat; Veil's are all distinct.
          ['veil', 'Veil', veil, 80_000],
        ] as const) {
          if (target === veil && channel === 'sms') await resetTextCounters();
          await vacuum(db.url);
          const warmupSec = round === 1 ? WARMUP_SEC : 1;
          log(
            `${channel} round ${round}/${ROUNDS}: ${label}, ${CONNECTIONS} connections, ${warmupSec} s warm-up + ${ROUND_SEC} s`,
          );
          const result = await runLoad({
            label: `${channel} ${label} round ${round}`,
            url: target.url,
            serverPid: target.pid,
            databaseName: db.localName ?? undefined,
            connections: CONNECTIONS,
            warmupSec,
            durationSec: ROUND_SEC,
            keepTimes: true,
            requests: source(channel, count),
          });
          log(
            `  ${fmt.n(result.rps)} req/s, p50 ${fmt.ms(result.latencyMs.p50)}, p99 ${fmt.ms(result.latencyMs.p99)}, ` +
              `CPU/request ${fmt.n(result.cpu.serverUsPerRequest)} us server (${fmt.n(result.cpu.serverSystemUsPerRequest)} in the kernel) + ${fmt.n(result.cpu.databaseUsPerRequest)} us PostgreSQL, ` +
              `non-2xx ${result.non2xx}, errors ${result.errors}; machine busy before ${result.cpu.busyCoresBefore.toFixed(2)} cores`,
          );
          parts[key].push(result);
        }
      }
      const a = mergeRuns(`${channel} baseline (a)`, parts.a);
      const b = mergeRuns(`${channel} baseline (b)`, parts.b);
      const v = mergeRuns(`${channel} Veil`, parts.veil);
      log(`${channel}: (a) ${fmt.n(a.rps)}, (b) ${fmt.n(b.rps)}, Veil ${fmt.n(v.rps)} req/s over ${ROUNDS} rounds`);
      if (channel === 'sms') await resetTextCounters();
      await vacuum(db.url);
      const rate = Math.max(1, Math.floor(v.rps / 2));
      const paced = async (label: string, target: Child) => {
        log(`${channel}: ${label} paced at ${rate} req/s (half Veil's maximum), evenly spaced, for ${MEASURE_SEC} s`);
        const result = await runLoad({
          label: `${channel} ${label} at half rate`,
          url: target.url,
          serverPid: target.pid,
          databaseName: db.localName ?? undefined,
          connections: 256,
          overallRate: rate,
          warmupSec: 1,
          durationSec: MEASURE_SEC,
          requests: source(channel, 100_000),
        });
        log(
          `  ${fmt.n(result.rps)} req/s, p50 ${fmt.ms(result.latencyMs.p50)}, p99 ${fmt.ms(result.latencyMs.p99)} ` +
            `(from the actual send: p99 ${fmt.ms(result.paced!.fromSendMs.p99)}; sends late by p99 ${fmt.ms(result.paced!.sendLagMs.p99)}), ` +
            `machine busy before ${result.cpu.busyCoresBefore.toFixed(2)} cores`,
        );
        return result;
      };
      const half = await paced('Veil', veil);
      // The same pacing against (a): what the generator and the machine add to any server's tail.
      const halfControl = await paced('baseline (a)', bare);
      runs[channel] = { a, b, veil: v, half, halfControl };
    }
    const underLoad = veilRss.stop();
    const afterLoad = readMemory(veil.pid);
    const lookupStats = (await (await fetch(`${lookup.url}/stats`)).json()) as { hits: number; misses: number };
    await sleep(500); // the last batch of records
    const outcomes = await withClient(db.url, async (c) => ({
      calls: Object.fromEntries(
        (
          await c.query<{ outcome: string; n: string }>('SELECT outcome, count(*) AS n FROM call_record GROUP BY outcome')
        ).rows.map((r) => [r.outcome, Number(r.n)]),
      ),
      texts: Object.fromEntries(
        (
          await c.query<{ outcome: string; n: string }>('SELECT outcome, count(*) AS n FROM message_record GROUP BY outcome')
        ).rows.map((r) => [r.outcome, Number(r.n)]),
      ),
    }));
    for (const child of children.splice(0)) await child.stop();

    let profile: { voice: ProfileSummary; sms: ProfileSummary } | null = null;
    if (ctx.profile) profile = await profileVeil(ctx, source, { voice: runs.voice.half.rps, sms: runs.sms.half.rps });

    const rows: Row[] = [];
    for (const channel of CHANNELS) {
      const r = runs[channel];
      const line = (name: string, x: LoadResult) =>
        `${fmt.n(x.rps)} req/s, p50 ${fmt.ms(x.latencyMs.p50)}, p99 ${fmt.ms(x.latencyMs.p99)}`;
      rows.push({ metric: `${channel}: baseline (a) bare Fastify`, value: line('a', r.a) });
      rows.push({ metric: `${channel}: baseline (b) Fastify + 1 lookup`, value: line('b', r.b) });
      rows.push({ metric: `${channel}: Veil`, value: line('veil', r.veil) });
      rows.push({
        metric: `${channel}: CPU us/request, server + PostgreSQL (a / b / Veil)`,
        value: [r.a, r.b, r.veil]
          .map((x) => `${fmt.n(x.cpu.serverUsPerRequest)}+${fmt.n(x.cpu.databaseUsPerRequest)}`)
          .join(' / '),
      });
      rows.push({ metric: `${channel}: Veil / (a)`, value: fmt.ratio(r.veil.rps / r.a.rps) });
      const ratioB = r.veil.rps / r.b.rps;
      rows.push({ metric: `${channel}: Veil / (b)`, value: fmt.ratio(ratioB), target: '>= 1.00x', met: ratioB >= 1 });
      const cpu = (x: LoadResult) =>
        x.cpu.serverUsPerRequest + (Number.isFinite(x.cpu.databaseUsPerRequest) ? x.cpu.databaseUsPerRequest : 0);
      rows.push({ metric: `${channel}: Veil / (b) by CPU per request`, value: fmt.ratio(cpu(r.b) / cpu(r.veil)) });
      rows.push({
        metric: `${channel}: Veil p99 at half max (${fmt.n(r.half.rps)} req/s)`,
        value: `${fmt.ms(r.half.latencyMs.p99)} (p50 ${fmt.ms(r.half.latencyMs.p50)})`,
        target: '< 10 ms',
        met: r.half.latencyMs.p99 < 10,
      });
      rows.push({
        metric: `${channel}: control, (a) paced the same`,
        value: `p99 ${fmt.ms(r.halfControl.latencyMs.p99)} (p50 ${fmt.ms(r.halfControl.latencyMs.p50)})`,
      });
      const failures = r.veil.non2xx + r.veil.errors + r.half.non2xx + r.half.errors;
      rows.push({ metric: `${channel}: Veil non-2xx + errors`, value: fmt.n(failures), target: '0', met: failures === 0 });
    }
    const connectedShare = (o: Record<string, number>) =>
      (o.connected ?? 0) /
      Math.max(
        1,
        Object.values(o).reduce((a, b) => a + b, 0),
      );
    rows.push({
      metric: 'records connected (calls / texts)',
      value: `${(100 * connectedShare(outcomes.calls)).toFixed(1)}% / ${(100 * connectedShare(outcomes.texts)).toFixed(1)}%`,
      target: '100%',
      met: connectedShare(outcomes.calls) === 1 && connectedShare(outcomes.texts) === 1,
    });
    const peak = Math.max(underLoad.maxRssMb, afterLoad.hwmMb);
    rows.push({ metric: 'memory: Veil idle RSS', value: fmt.mb(idle.rssMb), target: '< 250 MB', met: idle.rssMb < 250 });
    rows.push({ metric: 'memory: Veil peak RSS under load', value: fmt.mb(peak), target: '< 250 MB', met: peak < 250 });
    if (profile) {
      for (const channel of CHANNELS) {
        const top = profile[channel].functions
          .slice(0, 5)
          .map((f) => `${f.name} ${f.pct.toFixed(1)}%`)
          .join(', ');
        rows.push({ metric: `${channel}: profile top self time`, value: top });
      }
    }
    return {
      rows,
      details: {
        setup: {
          numbers: NUMBERS,
          bindings: NUMBERS * BINDINGS_PER_NUMBER,
          connections: CONNECTIONS,
          warmupSec: WARMUP_SEC,
          measureSec: MEASURE_SEC,
        },
        runs: Object.fromEntries(
          CHANNELS.map((c) => [c, Object.fromEntries(Object.entries(runs[c]).map(([k, x]) => [k, { ...x, times: undefined }]))]),
        ),
        ratios: Object.fromEntries(
          CHANNELS.map((c) => {
            const r = runs[c];
            const total = (x: LoadResult) =>
              x.cpu.serverUsPerRequest + (Number.isFinite(x.cpu.databaseUsPerRequest) ? x.cpu.databaseUsPerRequest : 0);
            return [
              c,
              {
                veilOverA: r.veil.rps / r.a.rps,
                veilOverB: r.veil.rps / r.b.rps,
                // The same comparison by CPU spent per request (server + PostgreSQL), which machine noise barely moves.
                cpuPerRequestBOverVeil: total(r.b) / total(r.veil),
              },
            ];
          }),
        ),
        baselineLookup: lookupStats,
        recordOutcomes: outcomes,
        memory: { idleRssMb: idle.rssMb, maxSampledRssUnderLoadMb: underLoad.maxRssMb, rssSamples: underLoad.samples, afterLoad },
        profile,
      },
    };
  } finally {
    for (const child of children) await child.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * A Veil of its own under `--cpu-prof`, paced at half its maximum per channel; the profile's self time,
 * summarised. Not at full speed: V8 samples on the wall clock, and with every core busy a sample often
 * lands while PostgreSQL or the load generator holds Veil's core, which the profile would charge to
 * whatever Veil was doing then (usually the `writev` that woke PostgreSQL), not to what costs CPU.
 */
async function profileVeil(
  ctx: BenchContext,
  source: (channel: Channel, count: number) => RequestSource,
  rates: Record<Channel, number>,
): Promise<{ voice: ProfileSummary; sms: ProfileSummary }> {
  const out: Partial<Record<Channel, ProfileSummary>> = {};
  for (const channel of CHANNELS) {
    const dir = join(ctx.resultsDir, 'profile', channel);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const dataDir = mkdtempSync(join(tmpdir(), 'veil-bench-prof-'));
    const port = await freePort();
    let measured: LoadResult | null = null;
    const veil = await startVeil(`veil (profiled, ${channel})`, port, veilEnv({ port, databaseUrl: ctx.db.url, dataDir }), [
      '--cpu-prof',
      `--cpu-prof-dir=${dir}`,
    ]);
    try {
      if (channel === 'sms') {
        await withClient(ctx.db.url, (c) => c.query('UPDATE participant SET sms_window_count = 0, sms_window_started_at = NULL'));
      }
      await vacuum(ctx.db.url);
      const rate = Math.round(rates[channel]);
      ctx.log(`profiling Veil (${channel}): ${WARMUP_SEC} s warm-up + ${MEASURE_SEC} s paced at ${rate} req/s`);
      measured = await runLoad({
        label: `${channel} Veil profiled`,
        url: veil.url,
        connections: 256,
        warmupSec: WARMUP_SEC,
        durationSec: MEASURE_SEC,
        overallRate: rate,
        requests: source(channel, 150_000),
      });
    } finally {
      await veil.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
    const file = existsSync(dir) ? readdirSync(dir).find((f) => f.endsWith('.cpuprofile')) : undefined;
    if (!file) throw new Error(`no CPU profile was written in ${dir}`);
    out[channel] = summariseProfile(join(dir, file), 25, measured!.monotonicWindowUs);
    ctx.log(`  ${fmt.n(measured!.rps)} req/s under the profiler; profile of the measured ${MEASURE_SEC} s: ${join(dir, file)}`);
  }
  return out as { voice: ProfileSummary; sms: ProfileSummary };
}

/**
 * Every request moves a party row (lastContactAt, the text counter), so the tables churn. The shared CI
 * server runs with autovacuum off; vacuuming before each run stands in for the autovacuum a production
 * server has, so a run does not inherit the previous runs' dead rows.
 */
async function vacuum(url: string): Promise<void> {
  await withClient(url, (c) =>
    c.query('VACUUM (ANALYZE) participant, binding, call_record, message_record, former_party, text_fingerprint'),
  );
}

function shuffle<T>(items: T[]): void {
  let state = 12345;
  for (let i = items.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    const j = state % (i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
