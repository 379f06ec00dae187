import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabaseUrl } from './database-url.js';
import { TEST_ENV } from './test-app.js';

/** A built program (dist/, as `npm start` runs it) in a process of its own, with what it printed. */
export interface VeilProcess {
  child: ChildProcess;
  /** All it printed so far, stdout and stderr. */
  output(): string;
  /** The address of its "Veil listening on" line; rejects, with the output, if it exits first. */
  listening: Promise<string>;
  /** Once it has printed `text` (on either stream); rejects, with the output, if it exits first. */
  printed(text: string): Promise<void>;
  /** Its exit: the code, or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends SIGTERM unless it has exited, then waits for the exit. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs `script` (dist/main.js: the server) with the environment of this process and `env` over it. */
export function spawnVeil(env: Record<string, string>, options: { script?: string; cwd?: string } = {}): VeilProcess {
  const script = options.script ?? 'dist/main.js';
  if (!existsSync(join(options.cwd ?? '.', script)))
    throw new Error(`${script} is missing: \`npm test\` builds it first (pretest)`);
  const child = spawn(process.execPath, [script], {
    cwd: options.cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters = new Set<() => void>();
  const take = (chunk: Buffer) => {
    output += chunk.toString();
    for (const check of waiters) check();
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  const exited = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  const printed = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!output.includes(text)) return;
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
      void exited.then(() => {
        check();
        reject(new Error(`Veil exited before printing "${text}":\n${output}`));
      });
    });
  const listening = printed('Veil listening on ').then(() => /Veil listening on (http:\/\/[^\s]+)/.exec(output)![1]!);
  // Its promises may never be awaited (a test that only waits for the exit): no unhandled rejection.
  listening.catch(() => undefined);
  return {
    child,
    output: () => output,
    listening,
    printed,
    exited,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** The server against the test database, as the other tests left it (no migrations), on a free port. */
export function testServerEnv(env: Record<string, string> = {}): Record<string, string> {
  return {
    ...TEST_ENV,
    DATABASE_URL: testDatabaseUrl(),
    VEIL_DATA_DIR: mkdtempSync(join(tmpdir(), 'veil-process-')),
    PORT: '0',
    HOST: '127.0.0.1',
    MIGRATIONS_RUN: 'false',
    LOG_LEVEL: 'warn',
    ...env,
  };
}
