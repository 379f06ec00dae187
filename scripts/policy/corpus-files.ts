import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** A labelled text as the evaluation reads it, from the team's splits or from any `label<TAB>text` file. */
export interface LabelledText {
  marketing: boolean;
  kind: string;
  /** en, zh-hans or zh-hant. */
  language: string;
  /** The template family (team splits only): near-duplicates share one. */
  group: string;
  text: string;
}

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CORPUS_DIR = join(ROOT, 'policy/corpus');
export const SPLITS = ['train', 'validation', 'test'] as const;

const POSITIVE = new Set(['marketing', 'spam', 'promotion', 'promo', 'ad', '1', 'true', 'yes']);
const NEGATIVE = new Set(['legitimate', 'ham', 'normal', 'ok', '0', 'false', 'no']);

/** en for texts without Chinese characters; Traditional when converting to Simplified would change it. */
export function detectLanguage(text: string, toSimplified: (text: string) => string): string {
  if (!/\p{Script=Han}/u.test(text)) return 'en';
  return toSimplified(text) !== text ? 'zh-hant' : 'zh-hans';
}

/**
 * Reads a TSV with a header naming `label` and `text` (and optionally `kind`, `language`), or a headerless
 * file of `label<TAB>text` lines. Labels: marketing/spam/1 and legitimate/ham/0.
 */
export function readLabelledFile(path: string, toSimplified: (text: string) => string): LabelledText[] {
  const lines = readFileSync(path, 'utf8')
    .split(/\r?\n/u)
    .filter((line) => line.trim().length > 0);
  const head = lines[0]?.split('\t').map((cell) => cell.trim().toLowerCase()) ?? [];
  const hasHeader = head.includes('label') && head.includes('text');
  const column = (name: string, fallback: number) => (hasHeader ? head.indexOf(name) : fallback);
  const [labelAt, textAt, kindAt, languageAt, groupAt] = [
    column('label', 0),
    column('text', 1),
    column('kind', -1),
    column('language', -1),
    column('group', -1),
  ];
  const rows: LabelledText[] = [];
  for (const [index, line] of (hasHeader ? lines.slice(1) : lines).entries()) {
    const cells = line.split('\t');
    const label = cells[labelAt]?.trim().toLowerCase() ?? '';
    // Without a header the text is everything after the first tab, tabs and all.
    const text = hasHeader ? (cells[textAt] ?? '') : cells.slice(1).join('\t');
    if (!POSITIVE.has(label) && !NEGATIVE.has(label)) throw new Error(`${path}:${index + 1}: unknown label "${label}"`);
    rows.push({
      marketing: POSITIVE.has(label),
      kind: kindAt >= 0 ? (cells[kindAt] ?? 'unknown') : 'unknown',
      language: languageAt >= 0 && cells[languageAt] ? cells[languageAt]! : detectLanguage(text, toSimplified),
      group: groupAt >= 0 ? (cells[groupAt] ?? `line-${index}`) : `line-${index}`,
      text,
    });
  }
  return rows;
}

export function readSplit(split: (typeof SPLITS)[number], toSimplified: (text: string) => string): LabelledText[] {
  return readLabelledFile(join(CORPUS_DIR, `${split}.tsv`), toSimplified);
}
