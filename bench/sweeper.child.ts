import { readdirSync, readFileSync } from 'node:fs';
import type { SweepResult } from '../src/lifecycle/sweeper.job.js';
import { startSweeperApp } from './lib/veil.js';

/**
 * Benchmark 4, in a process of its own so that its memory is the sweeper's alone: Veil's app with a
 * moved clock, and its own SweeperJob.runOnce() at three instants: just after the bindings expired
 * (expire, quarantine), after retention (release, purge), after the records retention and the
 * former-party period (delete the bindings with their parties and records, forget former parties).
 * RSS is sampled every 100 ms; the heap is measured after a full GC before and after each phase.
 */
export interface SweeperPhase {
  name: string;
  seconds: number;
  /** Stopped between batches at the time cap. */
  capped: boolean;
  result: SweepResult;
  batchesPerSec: number;
  peakRssMb: number;
  /** RSS growth after the first 10% of the phase: memory that grows with the work done. */
  lateGrowthMb: number;
  heapAfterGcMb: number;
  /** CPU seconds spent in the phase by this process and by the database's backends (local server). */
  cpuSec: { sweeper: number; database: number };
  /** [seconds into the phase, RSS MB], every 100 ms. */
  rssTimeline: [number, number][];
}

export interface SweeperRun {
  idleRssMb: number;
  idleHeapAfterGcMb: number;
  phases: SweeperPhase[];
  vmHwmMb: number;
}

const [databaseUrl, expiredAtIso, capSec, databaseName] = process.argv.slice(2) as [string, string, string, string | undefined];

/** CPU seconds of the PostgreSQL backends serving this database (found by their process title). */
function databaseCpuSec(): number {
  if (!databaseName) return NaN;
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!title.startsWith('postgres:') || !title.includes(` ${databaseName} `)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // gone
    }
  }
  return total;
}
const DAY = 86_400_000;
const BATCH = 1000;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

async function main(): Promise<void> {
  // An hour before the bindings expire: the warm-up sweep finds nothing due.
  const { clock, app, sweeper, config } = await startSweeperApp(databaseUrl, Date.parse(expiredAtIso) - 3_600_000);
  const rssMb = () => process.memoryUsage().rss / 2 ** 20;
  const heapAfterGc = () => {
    gc();
    return process.memoryUsage().heapUsed / 2 ** 20;
  };
  // Warm the sweeper's statements on an empty sweep (nothing is due yet), then measure idle.
  await sweeper.runOnce();
  await new Promise((resolve) => setTimeout(resolve, 300));
  const idleHeapAfterGcMb = heapAfterGc();
  const idleRssMb = rssMb();

  const phases: SweeperPhase[] = [];
  let stopped = false;
  const phase = async (name: string, at: number) => {
    if (stopped) return;
    clock.at = at;
    const timeline: [number, number][] = [];
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
    const sampler = setInterval(() => timeline.push([elapsed(), rssMb()]), 100);
    const cpuBefore = process.cpuUsage();
    const dbBefore = databaseCpuSec();
    let capped = false;
    const cap = setTimeout(
      () => {
        capped = stopped = true;
        void app.close(); // the sweeper stops between batches
      },
      Number(capSec) * 1000,
    );
    const result = await sweeper.runOnce();
    const seconds = elapsed();
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSec = { sweeper: (cpu.user + cpu.system) / 1e6, database: databaseCpuSec() - dbBefore };
    clearTimeout(cap);
    clearInterval(sampler);
    timeline.push([seconds, rssMb()]);
    const early = timeline.find(([t]) => t >= seconds * 0.1)?.[1] ?? timeline[0]![1];
    const peakRssMb = Math.max(...timeline.map(([, r]) => r));
    const work = result.expired + result.released + result.purged + result.deleted + result.forgotten;
    phases.push({
      name,
      seconds,
      capped,
      result,
      batchesPerSec: work / BATCH / seconds,
      peakRssMb,
      lateGrowthMb: Math.max(0, peakRssMb - early),
      heapAfterGcMb: heapAfterGc(),
      cpuSec,
      rssTimeline: timeline.filter((_, k) => k % 10 === 0),
    });
    process.send!({
      progress:
        `${name}: ${seconds.toFixed(1)} s${capped ? ' (stopped at the cap)' : ''}, ${JSON.stringify(result)}, ` +
        `peak RSS ${peakRssMb.toFixed(0)} MB, CPU ${cpuSec.sweeper.toFixed(1)} s sweeper + ${cpuSec.database.toFixed(1)} s PostgreSQL`,
    });
  };
  const expiredAt = Date.parse(expiredAtIso);
  await phase('expire + quarantine', expiredAt + 60_000);
  await phase('release + purge', expiredAt + (config.retentionDays + 0.01) * DAY);
  await phase(
    'delete ended bindings + forget former parties',
    expiredAt + (Math.max(config.recordRetentionDays, config.formerPartyDays) + 0.01) * DAY,
  );
  const vmHwmMb = Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN) / 1024;
  if (!stopped) await app.close();
  process.send!({ result: { idleRssMb, idleHeapAfterGcMb, phases, vmHwmMb } satisfies SweeperRun });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
