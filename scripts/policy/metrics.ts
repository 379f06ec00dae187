import type { SliceFigures } from '../../src/policy/marketing-model.js';
import type { LabelledText } from './corpus-files.js';

export interface Scored extends LabelledText {
  score: number;
}

export function sliceFigures(rows: readonly Scored[], threshold: (row: Scored) => number): SliceFigures {
  const marketing = rows.filter((row) => row.marketing);
  const legitimate = rows.filter((row) => !row.marketing);
  const truePositives = marketing.filter((row) => row.score >= threshold(row)).length;
  const falsePositives = legitimate.filter((row) => row.score >= threshold(row)).length;
  const round = (value: number) => Math.round(value * 10000) / 10000;
  return {
    texts: rows.length,
    marketing: marketing.length,
    legitimate: legitimate.length,
    truePositives,
    falsePositives,
    // Nothing blocked means nothing wrongly blocked: precision is then 1.
    precision: round(truePositives + falsePositives === 0 ? 1 : truePositives / (truePositives + falsePositives)),
    recall: round(marketing.length === 0 ? 1 : truePositives / marketing.length),
    falseBlockRate: round(legitimate.length === 0 ? 0 : falsePositives / legitimate.length),
  };
}

/** Figures for all, per language (en, zh, and zh split into Simplified and Traditional) and optionally per kind. */
/** A row's blocking threshold: its language's (Chinese rows are zh, everything else en). */
export type ThresholdOf = (row: Scored) => number;

export function thresholdsByLanguage(thresholds: Record<'en' | 'zh', { block: number }>): ThresholdOf {
  return (row) => thresholds[row.language.startsWith('zh') ? 'zh' : 'en'].block;
}

export function figuresBy(rows: readonly Scored[], threshold: ThresholdOf, perKind: boolean): Record<string, SliceFigures> {
  const slices: Record<string, Scored[]> = { all: [...rows] };
  for (const row of rows) {
    const keys = [row.language.startsWith('zh') ? 'zh' : row.language];
    if (row.language.startsWith('zh-')) keys.push(row.language);
    if (perKind) keys.push(`kind:${row.kind}`);
    for (const key of keys) (slices[key] ??= []).push(row);
  }
  return Object.fromEntries(Object.entries(slices).map(([key, slice]) => [key, sliceFigures(slice, threshold)]));
}

export function printFigures(title: string, figures: Record<string, SliceFigures>): void {
  console.log(`\n${title}`);
  console.log('slice'.padEnd(26) + 'texts  mkt  legit  precision  recall  false-block');
  for (const [key, f] of Object.entries(figures)) {
    console.log(
      key.padEnd(26) +
        `${String(f.texts).padStart(5)} ${String(f.marketing).padStart(4)} ${String(f.legitimate).padStart(6)}` +
        `${f.precision.toFixed(3).padStart(11)}${f.recall.toFixed(3).padStart(8)}${(f.falseBlockRate * 100).toFixed(2).padStart(11)}%`,
    );
  }
}
