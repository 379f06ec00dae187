import { readdirSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import twilio from 'twilio';
import { latencySummary } from './latency.js';
import type { CpuUse, LoadResult, LoadSpec } from './load.js';

/**
 * The load generator, a process of its own (so its CPU is not the server's), over loopback, with
 * pre-built requests that all differ. Two ways to load:
 * - closed loop (autocannon): `connections` requests always in flight, as fast as answers come;
 * - paced (`overallRate`): requests sent at evenly spaced instants, whatever the answers do, and each
 *   latency counted from the instant it was due (no coordinated omission). autocannon's own rate limit
 *   sends each connection's quota for the second in a burst and then waits, which measures the burst.
 * Every response time is kept: autocannon's histogram has 1 ms resolution, too coarse here.
 */
const spec = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as LoadSpec;

interface Prepared {
  body: string;
  headers: Record<string, string>;
}

function prepare(): Prepared[] {
  const source = spec.requests;
  if (source.kind === 'json') {
    return readFileSync(source.bodiesFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((body) => ({ body, headers: { 'content-type': 'application/json', ...source.headers } }));
  }
  const url = `${source.publicBaseUrl}${source.path}`;
  const prepared: Prepared[] = [];
  for (let i = 0; i < source.count; i++) {
    const [from, to, digits] = source.pairs[i % source.pairs.length]!;
    const sid = `${source.channel === 'voice' ? 'CA' : 'SM'}${source.sidSeed}${i.toString(16).padStart(32 - source.sidSeed.length, '0')}`;
    // The fields Twilio sends with an inbound call or text (a representative subset).
    const common = { AccountSid: 'AC00000000000000000000000000000be1', ApiVersion: '2010-04-01', From: from, To: to };
    const country = { FromCountry: 'US', ToCountry: 'US' };
    const params: Record<string, string> =
      source.channel === 'voice'
        ? {
            ...common,
            ...country,
            CallSid: sid,
            CallStatus: digits === undefined ? 'ringing' : 'in-progress',
            Direction: 'inbound',
            Caller: from,
            Called: to,
            // The answer to an extension prompt: the keys the caller pressed.
            ...(digits === undefined ? {} : { Digits: digits, FinishedOnKey: '' }),
          }
        : {
            ...common,
            ...country,
            MessageSid: sid,
            SmsSid: sid,
            SmsMessageSid: sid,
            SmsStatus: 'received',
            Body: 'At your door now, pickup code 4821',
            NumMedia: '0',
            NumSegments: '1',
          };
    prepared.push({
      body: new URLSearchParams(params).toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(source.authToken, url, params),
      },
    });
  }
  return prepared;
}

const prepared = prepare();
let next = 0;
let wrapped = false;
function take(): Prepared {
  const item = prepared[next++ % prepared.length]!;
  if (next > prepared.length) wrapped = true;
  return item;
}

interface Collected {
  times: number[];
  codes: Record<string, number>;
  errors: number;
  timeouts: number;
  durationSec: number;
  autocannonP99Ms: number;
  paced?: LoadResult['paced'];
}

function percentiles(values: number[]): { p50: number; p99: number; max: number } {
  const { p50, p99, max } = latencySummary([...values].sort((a, b) => a - b));
  return { p50, p99, max };
}

/** Busy cores of the whole machine over the next `ms`: what others were doing just before a run. */
async function busyCores(ms: number): Promise<number> {
  const before = machineBusyMs();
  await sleep(ms);
  return (machineBusyMs() - before) / ms;
}

function closedLoop(durationSec: number | undefined, amount: number | undefined): Promise<Collected> {
  const times: number[] = [];
  const codes: Record<string, number> = {};
  return new Promise((resolve, reject) => {
    let cap: NodeJS.Timeout | null = null;
    const instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        pipelining: 1,
        ...(amount ? { amount } : { duration: durationSec }),
        timeout: spec.timeoutSec ?? 30,
        requests: [
          {
            method: 'POST',
            path: spec.requests.path,
            setupRequest: (req) => {
              const item = take();
              return { ...req, body: item.body, headers: { ...req.headers, ...item.headers } };
            },
          },
        ],
      },
      (error, result) => {
        if (cap) clearTimeout(cap);
        if (error) return reject(error);
        resolve({
          times,
          codes,
          errors: result.errors,
          timeouts: result.timeouts,
          durationSec: result.duration,
          autocannonP99Ms: result.latency.p99,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      times.push(responseTime);
      codes[statusCode] = (codes[statusCode] ?? 0) + 1;
    });
    // A count-bounded run is bounded in time too.
    if (amount) cap = setTimeout(() => instance.stop(), (spec.maxSec ?? 180) * 1000);
  });
}

async function paced(rate: number, durationSec: number): Promise<Collected> {
  const target = new URL(spec.url);
  const agent = new Agent({ keepAlive: true, maxSockets: spec.connections });
  const times: number[] = [];
  const codes: Record<string, number> = {};
  const lags: number[] = [];
  const fromSend: number[] = [];
  let errors = 0;
  let inFlight = 0;
  const total = Math.round(rate * durationSec);
  const started = performance.now();
  let sent = 0;
  const send = (dueAt: number) => {
    const item = take();
    const sentAt = performance.now();
    lags.push(sentAt - dueAt);
    inFlight++;
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        method: 'POST',
        path: spec.requests.path,
        agent,
        headers: { ...item.headers, 'content-length': Buffer.byteLength(item.body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          inFlight--;
          const now = performance.now();
          times.push(now - dueAt);
          fromSend.push(now - sentAt);
          codes[res.statusCode!] = (codes[res.statusCode!] ?? 0) + 1;
        });
      },
    );
    req.on('error', () => {
      inFlight--;
      errors++;
    });
    req.end(item.body);
  };
  while (sent < total) {
    const now = performance.now();
    const due = Math.min(total, Math.floor(((now - started) / 1000) * rate) + 1);
    while (sent < due) send(started + (sent++ * 1000) / rate);
    await sleep(1);
  }
  const deadline = performance.now() + 30_000;
  while (inFlight > 0 && performance.now() < deadline) await sleep(5);
  agent.destroy();
  return {
    times,
    codes,
    errors,
    timeouts: inFlight,
    durationSec: (performance.now() - started) / 1000,
    autocannonP99Ms: NaN,
    paced: { sendLagMs: percentiles(lags), fromSendMs: percentiles(fromSend) },
  };
}

/** utime + stime of a process, in ms. */
function cpuMs(pid: number): number {
  return userAndSystemMs(pid).reduce((a, b) => a + b, 0);
}

/** [utime, stime] of a process, in ms: system time is the kernel's, mostly loopback networking here. */
function userAndSystemMs(pid: number): [number, number] {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return [(Number(fields[11]) * 1000) / CLOCK_TICKS, (Number(fields[12]) * 1000) / CLOCK_TICKS];
  } catch {
    return [0, 0];
  }
}
const CLOCK_TICKS = 100;

/** CPU of the PostgreSQL backends serving the benchmark's database (local server only). */
function databaseCpuMs(): Map<number, number> {
  const found = new Map<number, number>();
  if (!spec.databaseName) return found;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (title.startsWith('postgres:') && title.includes(` ${spec.databaseName} `))
        found.set(Number(entry), cpuMs(Number(entry)));
    } catch {
      // gone
    }
  }
  return found;
}

/** Busy CPU of the whole machine (all cores), in ms. */
function machineBusyMs(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = cpu;
  return ((user! + nice! + system! + irq! + softirq! + (steal ?? 0)) * 1000) / CLOCK_TICKS;
}

async function main(): Promise<void> {
  const busyBefore = await busyCores(1000);
  if (spec.warmupAmount) await closedLoop(undefined, spec.warmupAmount);
  if (spec.warmupSec) {
    if (spec.overallRate) await paced(spec.overallRate, spec.warmupSec);
    else await closedLoop(spec.warmupSec, undefined);
  }
  const serverBefore = spec.serverPid ? cpuMs(spec.serverPid) : 0;
  const serverSystemBefore = spec.serverPid ? userAndSystemMs(spec.serverPid)[1] : 0;
  const dbBefore = databaseCpuMs();
  const machineBefore = machineBusyMs();
  const fromUs = Number(process.hrtime.bigint() / 1000n);
  const selfBefore = process.cpuUsage();
  const c = spec.overallRate ? await paced(spec.overallRate, spec.durationSec!) : await closedLoop(spec.durationSec, spec.amount);
  const toUs = Number(process.hrtime.bigint() / 1000n);
  const serverMs = spec.serverPid ? cpuMs(spec.serverPid) - serverBefore : NaN;
  const serverSystemMs = spec.serverPid ? userAndSystemMs(spec.serverPid)[1] - serverSystemBefore : NaN;
  let dbMs = 0;
  for (const [pid, after] of databaseCpuMs()) dbMs += after - (dbBefore.get(pid) ?? 0);
  const self = process.cpuUsage(selfBefore);
  const loadGeneratorMs = (self.user + self.system) / 1000;
  // What the rest of the machine (other people's work) took meanwhile, in cores.
  const otherMs = machineBusyMs() - machineBefore - (Number.isFinite(serverMs) ? serverMs : 0) - dbMs - loadGeneratorMs;

  const times = c.times.sort((a, b) => a - b);
  const ok = Object.entries(c.codes).reduce((n, [code, count]) => (code.startsWith('2') ? n + count : n), 0);
  const cpu: CpuUse = {
    serverMs,
    databaseMs: spec.databaseName ? dbMs : NaN,
    serverUsPerRequest: (1000 * serverMs) / Math.max(1, times.length),
    serverSystemUsPerRequest: (1000 * serverSystemMs) / Math.max(1, times.length),
    databaseUsPerRequest: spec.databaseName ? (1000 * dbMs) / Math.max(1, times.length) : NaN,
    loadGeneratorMs,
    otherCores: Math.max(0, otherMs) / (c.durationSec * 1000),
    busyCoresBefore: busyBefore,
  };
  const result: LoadResult = {
    label: spec.label,
    completed: times.length,
    ok,
    non2xx: times.length - ok,
    statusCodes: c.codes,
    errors: c.errors,
    timeouts: c.timeouts,
    durationSec: c.durationSec,
    rps: times.length / c.durationSec,
    latencyMs: latencySummary(times),
    autocannonP99Ms: c.autocannonP99Ms,
    cpu,
    monotonicWindowUs: { from: fromUs, to: toUs },
    paced: c.paced,
    requestsWrapped: wrapped,
    ...(spec.keepTimes ? { times } : {}),
  };
  process.send!(result);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
