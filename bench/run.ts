import { execSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { checkoutBench } from './checkout.bench.js';
import { eventsBench } from './events.bench.js';
import { openBenchDatabase } from './lib/database.js';
import { removeLoadFiles } from './lib/load.js';
import { printTable, type BenchContext, type BenchOutcome } from './lib/report.js';
import { ROOT, snapshotDist } from './lib/veil.js';
import { policyBench } from './policy.bench.js';
import { poolBench } from './pool.bench.js';
import { sweeperBench } from './sweeper.bench.js';
import { webhookBench } from './webhook.bench.js';

/**
 * npm run bench [-- <name>...] [--no-build] [--profile]
 *   names: webhook (with memory), checkout, pool, sweeper, policy, events; none given: all of them.
 *   --no-build  use dist/ as it is;  --profile  also CPU-profile Veil under the webhook load.
 */
const BENCHES: Record<string, (ctx: BenchContext) => Promise<BenchOutcome>> = {
  webhook: webhookBench,
  checkout: checkoutBench,
  pool: poolBench,
  sweeper: sweeperBench,
  policy: policyBench,
  events: eventsBench,
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flags = new Set(args.filter((a) => a.startsWith('--')));
  const names = args.filter((a) => !a.startsWith('--')).map((a) => (a === 'memory' ? 'webhook' : a));
  const unknown = [...names.filter((n) => !BENCHES[n]), ...[...flags].filter((f) => !['--no-build', '--profile'].includes(f))];
  if (unknown.length > 0) {
    console.error(
      `unknown: ${unknown.join(', ')}; benchmarks: ${Object.keys(BENCHES).join(', ')} (memory runs with webhook); flags: --no-build, --profile`,
    );
    process.exit(2);
  }
  const selected = names.length > 0 ? [...new Set(names)] : Object.keys(BENCHES);
  const started = Date.now();
  const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

  if (!flags.has('--no-build')) {
    log('npm run build');
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    if (build.status !== 0) throw new Error('npm run build failed');
  }
  snapshotDist();

  const resultsDir = join(ROOT, 'bench/results');
  mkdirSync(resultsDir, { recursive: true });
  const db = await openBenchDatabase(log);
  log(`database: ${db.where}, PostgreSQL ${db.version}`);
  const ctx: BenchContext = { db, log, profile: flags.has('--profile'), resultsDir };
  const results: { name: string; outcome: BenchOutcome; seconds: number }[] = [];
  try {
    for (const name of selected) {
      log(`== ${name}`);
      const t0 = Date.now();
      const outcome = await BENCHES[name]!(ctx);
      results.push({ name, outcome, seconds: (Date.now() - t0) / 1000 });
    }
  } finally {
    await db.close();
    removeLoadFiles();
  }

  const table = printTable(results);
  console.log(`\n${table}\n`);
  const report = {
    finishedAt: new Date().toISOString(),
    totalSeconds: (Date.now() - started) / 1000,
    machine: machine(db.version, db.where),
    code: codeVersion(),
    benchmarks: Object.fromEntries(
      results.map((r) => [r.name, { seconds: r.seconds, rows: r.outcome.rows, ...r.outcome.details }]),
    ),
  };
  const file = join(resultsDir, 'latest.json');
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  const missed = results.flatMap((r) =>
    r.outcome.rows.filter((row) => row.met === false).map((row) => `${r.name}: ${row.metric}`),
  );
  log(`wrote ${file}; ${missed.length === 0 ? 'every target met' : `targets missed: ${missed.length}`}`);
}

function machine(postgres: string, database: string) {
  const cpuModel = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? 'unknown';
  return {
    cpus: cpus().length,
    cpuModel,
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    postgres,
    database,
  };
}

function codeVersion() {
  const git = (cmd: string) => {
    try {
      return execSync(`git ${cmd}`, { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim();
    } catch {
      return null;
    }
  };
  const dirty = git('status --porcelain -- src');
  return {
    commit: git('rev-parse --short HEAD'),
    srcFilesChanged: dirty === null ? null : dirty.split('\n').filter(Boolean).length,
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
