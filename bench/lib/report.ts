import type { BenchDatabase } from './database.js';

/** One line of the printed table. */
export interface Row {
  metric: string;
  value: string;
  target?: string;
  /** Unset: no target for this line. */
  met?: boolean;
}

export interface BenchOutcome {
  rows: Row[];
  /** Everything measured, for latest.json. */
  details: Record<string, unknown>;
}

export interface BenchContext {
  db: BenchDatabase;
  log: (line: string) => void;
  /** --profile: also profile Veil under the webhook load (a separate run; it slows Veil). */
  profile: boolean;
  resultsDir: string;
}

export const fmt = {
  n: (x: number, digits = 0) =>
    Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : 'n/a',
  ms: (x: number) => (Number.isFinite(x) ? `${x < 10 ? x.toFixed(2) : x.toFixed(1)} ms` : 'n/a'),
  ratio: (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)}x` : 'n/a'),
  mb: (x: number) => (Number.isFinite(x) ? `${x.toFixed(0)} MB` : 'n/a'),
  s: (x: number) => (Number.isFinite(x) ? `${x.toFixed(1)} s` : 'n/a'),
};

/** Prints the rows of every benchmark as one table. */
export function printTable(results: { name: string; outcome: BenchOutcome }[]): string {
  const lines: string[][] = [['benchmark', 'metric', 'value', 'target', 'met']];
  for (const { name, outcome } of results) {
    for (const row of outcome.rows) {
      lines.push([name, row.metric, row.value, row.target ?? '', row.met === undefined ? '' : row.met ? 'yes' : 'NO']);
    }
  }
  const widths = lines[0]!.map((_, col) => Math.max(...lines.map((l) => l[col]!.length)));
  const render = (l: string[]) =>
    l
      .map((cell, col) => (col === 2 ? cell.padStart(widths[col]!) : cell.padEnd(widths[col]!)))
      .join('  ')
      .trimEnd();
  const out = [render(lines[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.slice(1).map(render)];
  return out.join('\n');
}
