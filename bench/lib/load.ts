import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { latencySummary, type Latency } from './latency.js';
import { TSX } from './processes.js';
import { ROOT } from './veil.js';

export type RequestSource =
  | {
      kind: 'twilio';
      channel: 'voice' | 'sms';
      path: string;
      authToken: string;
      publicBaseUrl: string;
      /** [From, To] (and the extension entered, for an extension prompt's answer): cycled through. */
      pairs: [string, string][] | [string, string, string][];
      /** How many distinct requests (each its own CallSid / MessageSid and signature) to prepare. */
      count: number;
      /** Keeps sids of different runs apart. */
      sidSeed: string;
    }
  | { kind: 'json'; path: string; headers: Record<string, string>; bodiesFile: string };

export interface LoadSpec {
  label: string;
  url: string;
  connections: number;
  /** Bounded by time, by count, or both. */
  durationSec?: number;
  amount?: number;
  /** A paced run: this many requests per second at evenly spaced instants; unset: closed loop. */
  overallRate?: number;
  /** Whose CPU time to count per request: the server process, and the backends of this database. */
  serverPid?: number;
  databaseName?: string;
  /** A run first whose results are dropped (JIT, connection pools, prepared statements). */
  warmupSec?: number;
  /** Or a warm-up of this many requests (taken from the same prepared list, before the measured ones). */
  warmupAmount?: number;
  timeoutSec?: number;
  /** Send every response time back (sorted), so that rounds can be merged. */
  keepTimes?: boolean;
  /** Upper bound of a count-bounded run, in seconds (default 180). */
  maxSec?: number;
  requests: RequestSource;
}

/** CPU time spent during the measured run: machine noise slows a run, but barely changes these. */
export interface CpuUse {
  serverMs: number;
  databaseMs: number;
  serverUsPerRequest: number;
  /** The part of serverUsPerRequest spent in the kernel (system time). */
  serverSystemUsPerRequest: number;
  databaseUsPerRequest: number;
  loadGeneratorMs: number;
  /**
   * CPU taken during the run by everything but the server, its database backends and the load generator,
   * in cores: other people's work, PostgreSQL's background writers, the kernel's loopback networking.
   */
  otherCores: number;
  /** Busy cores in the second before the run (the warm-up included nothing yet): other people's work. */
  busyCoresBefore: number;
}

export interface LoadResult {
  label: string;
  completed: number;
  ok: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  errors: number;
  timeouts: number;
  durationSec: number;
  rps: number;
  latencyMs: Latency;
  autocannonP99Ms: number;
  cpu: CpuUse;
  /** The measured run on the monotonic clock (what V8 profiles are stamped with), in microseconds. */
  monotonicWindowUs: { from: number; to: number };
  /** Paced runs: how late requests left the generator, and latency from the actual send. */
  paced?: { sendLagMs: { p50: number; p99: number; max: number }; fromSendMs: { p50: number; p99: number; max: number } };
  /** More requests were sent than prepared, so some were repeated. */
  requestsWrapped: boolean;
  times?: number[];
}

/** Several runs of one target (rounds interleaved with other targets) as one result. */
export function mergeRuns(label: string, runs: LoadResult[]): LoadResult {
  const times = runs.flatMap((r) => r.times ?? []).sort((a, b) => a - b);
  const sum = (f: (r: LoadResult) => number) => runs.reduce((n, r) => n + f(r), 0);
  const completed = sum((r) => r.completed);
  const durationSec = sum((r) => r.durationSec);
  const statusCodes: Record<string, number> = {};
  for (const r of runs) for (const [code, n] of Object.entries(r.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n;
  const serverMs = sum((r) => r.cpu.serverMs);
  const databaseMs = sum((r) => r.cpu.databaseMs);
  return {
    label,
    completed,
    ok: sum((r) => r.ok),
    non2xx: sum((r) => r.non2xx),
    statusCodes,
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    durationSec,
    rps: completed / durationSec,
    latencyMs: latencySummary(times),
    autocannonP99Ms: Math.max(...runs.map((r) => r.autocannonP99Ms)),
    cpu: {
      serverMs,
      databaseMs,
      serverUsPerRequest: (1000 * serverMs) / Math.max(1, completed),
      serverSystemUsPerRequest: sum((r) => r.cpu.serverSystemUsPerRequest * r.completed) / Math.max(1, completed),
      databaseUsPerRequest: (1000 * databaseMs) / Math.max(1, completed),
      loadGeneratorMs: sum((r) => r.cpu.loadGeneratorMs),
      otherCores: sum((r) => r.cpu.otherCores * r.durationSec) / durationSec,
      busyCoresBefore: Math.max(...runs.map((r) => r.cpu.busyCoresBefore)),
    },
    monotonicWindowUs: runs[0]!.monotonicWindowUs,
    requestsWrapped: runs.some((r) => r.requestsWrapped),
  };
}

const specDir = mkdtempSync(join(tmpdir(), 'veil-bench-load-'));
let specCount = 0;

/** Runs one load from a separate process (autocannon) and returns what it measured. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const file = join(specDir, `spec-${++specCount}.json`);
  writeFileSync(file, JSON.stringify(spec));
  const child = fork(join(ROOT, 'bench/lib/load-worker.ts'), [file], {
    execArgv: ['--import', TSX],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let result: LoadResult | null = null;
    child.once('message', (message) => {
      result = message as LoadResult;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (result) resolve(result);
      else reject(new Error(`load generator for ${spec.label} exited with ${code} and no result`));
    });
  });
}

/** Removes the load specs and request bodies of this run. */
export function removeLoadFiles(): void {
  rmSync(specDir, { recursive: true, force: true });
}

/** A JSON-lines file of request bodies for `{ kind: 'json' }` loads. */
export function writeBodies(name: string, bodies: unknown[]): string {
  const file = join(specDir, `${name}.jsonl`);
  writeFileSync(file, bodies.map((b) => JSON.stringify(b)).join('\n'));
  return file;
}
