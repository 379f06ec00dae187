import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DIST, ROOT } from './veil.js';

/** tsx's loader, resolved here so TypeScript children start from any working directory. */
export const TSX = import.meta.resolve('tsx');

export interface Child {
  name: string;
  pid: number;
  url: string;
  process: ChildProcess;
  /** The last lines it printed, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Ports 3100-3199 are the benchmark's (3199 is the embedded database's); the first free one is taken. */
// BENCH_PORTS (e.g. 3400-3498) keeps two benchmark runs on one machine apart: each checks that a port is
// free before starting a server on it, and two runs checking the same port at once would each find the
// other's server answering its health check.
const [PORTS_FROM, PORTS_TO] = (process.env.BENCH_PORTS ?? '3100-3198').split('-').map(Number) as [number, number];

export async function freePort(from = PORTS_FROM, to = PORTS_TO): Promise<number> {
  for (let port = from; port <= to; port++) {
    if (taken.has(port)) continue;
    if (await isFree(port)) {
      taken.add(port);
      return port;
    }
  }
  throw new Error(`no free port in ${from}-${to}`);
}
const taken = new Set<number>();

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** `node [nodeArgs] <snapshot>/main.js`: Veil exactly as production starts it. */
export async function startVeil(
  name: string,
  port: number,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<Child> {
  // The working directory is the data folder: Veil reads `.env` from there, and there is none.
  return startChild(
    name,
    port,
    [...PRODUCTION_NODE_FLAGS, ...nodeArgs, join(DIST, 'main.js')],
    env,
    env.VEIL_DATA_DIR!,
    '/health/live',
  );
}

/** Node's flags in `npm run start:prod` (`node <flags> dist/main.js`): Veil is measured as it runs. */
const PRODUCTION_NODE_FLAGS: string[] = (() => {
  const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const match = /^node((?:\s+--\S+)*)\s+dist\/main\.js$/.exec(scripts['start:prod'] ?? '');
  if (!match) throw new Error(`package.json start:prod is not "node [--flags] dist/main.js": ${scripts['start:prod']}`);
  return match[1]!.trim().split(/\s+/).filter(Boolean);
})();

/** A TypeScript program of the harness (a baseline server), run under tsx. */
export async function startTsChild(name: string, port: number, script: string, env: Record<string, string>): Promise<Child> {
  return startChild(name, port, ['--import', TSX, join(ROOT, script)], { ...env, PORT: String(port) }, ROOT, '/ready');
}

async function startChild(
  name: string,
  port: number,
  args: string[],
  env: Record<string, string>,
  cwd: string,
  probe: string,
): Promise<Child> {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`${name} exited during start:\n${lines.join('\n')}`);
    try {
      const response = await fetch(`${url}${probe}`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not answer ${probe} within 60 s:\n${lines.join('\n')}`);
    }
    await sleep(100);
  }
  return {
    name,
    pid: child.pid!,
    url,
    process: child,
    output: () => lines.join('\n'),
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const killed = await Promise.race([exit.then(() => false), sleep(15_000).then(() => true)]);
      if (killed) {
        child.kill('SIGKILL');
        await exit;
      }
    },
  };
}

export interface MemoryReading {
  rssMb: number;
  hwmMb: number;
}

/** VmRSS and VmHWM of a process from /proc, in MB. */
export function readMemory(pid: number): MemoryReading {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

/** Samples a process's VmRSS every `everyMs` until stopped; returns the largest sample. */
export function sampleRss(pid: number, everyMs = 100): { stop(): { maxRssMb: number; samples: number } } {
  let max = 0;
  let samples = 0;
  const timer = setInterval(() => {
    try {
      max = Math.max(max, readMemory(pid).rssMb);
      samples++;
    } catch {
      // the process is gone
    }
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return { maxRssMb: max, samples };
    },
  };
}
