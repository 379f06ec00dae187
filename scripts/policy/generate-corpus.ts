import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as OpenCC from 'opencc-js/cn2t';
import { CORPUS_DIR as CORPUS } from './corpus-files.js';
import { expand, int, pick, seededRng, type CorpusRow, type Family, type Rng, type Slots } from './corpus-engine.js';
import { EN_EXTRA_SLOTS, EN_LEGITIMATE, EN_MARKETING, EN_SLOTS } from './corpus-en.js';
import {
  EN_MORE_EXTRA_SLOTS,
  EN_MORE_FAMILY_SIZE,
  EN_MORE_LEGITIMATE,
  EN_MORE_MARKETING,
  EN_MORE_SLOTS,
} from './corpus-en-more.js';
import { ZH_EXTRA_SLOTS, ZH_LEGITIMATE, ZH_MARKETING, ZH_SLOTS } from './corpus-zh.js';

/**
 * npm run corpus:policy: writes policy/corpus/{train,validation,test}.tsv from the phrase lists in
 * corpus-en.ts and corpus-zh.ts and the hand-written texts in policy/corpus/seed.tsv.
 *
 * A family's texts share wording, so a whole family goes to one split: within each (language, label,
 * kind) the families are dealt out in a fixed shuffled order, one to test, one to validation, then the
 * rest to train, and from then on about 15% each. Seed texts were each written on their own and are
 * dealt one by one. The test split is only ever measured, never tuned on.
 */
const PER_FAMILY = 22;
const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });

type Split = 'train' | 'validation' | 'test';

/** The evasions real bulk senders use, applied to some texts of both labels so that they alone decide nothing. */
function disguiseEnglish(text: string, rng: Rng, label: CorpusRow['label']): string {
  const roll = rng();
  if (roll < 0.06) return text.toUpperCase();
  if (label === 'marketing' && roll < 0.1) {
    return text
      .replace(/\bfree\b/giu, pick(rng, ['fr€e', 'FR33', 'f r e e', 'FREE']))
      .replace(/\boff\b/giu, pick(rng, ['0ff', 'OFF', 'o f f']))
      .replace(/\bsale\b/giu, pick(rng, ['$ale', 'SA1E', 's.a.l.e']))
      .replace(/\bwin\b/giu, pick(rng, ['w1n', 'WlN', 'w!n']));
  }
  if (roll < 0.14)
    return text
      .replace(/\byou\b/giu, 'u')
      .replace(/\bare\b/giu, 'r')
      .replace(/\bto\b/giu, '2')
      .replace(/\bfor\b/giu, '4');
  return text;
}

function disguiseChinese(text: string, rng: Rng, label: CorpusRow['label']): string {
  const roll = rng();
  if (label === 'marketing' && roll < 0.06) {
    // "优 惠", "钜 惠": spaces inside words to slip past substring filters.
    return text.replace(/(\p{Script=Han})(\p{Script=Han})/gu, (all, a: string, b: string) => (rng() < 0.3 ? `${a} ${b}` : all));
  }
  if (roll < 0.11) return text.replace(/[0-9]/gu, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
  // Published Chinese SMS collections mask every digit as x, in ordinary texts as much as in promotions.
  if (roll < 0.3) return text.replace(/[0-9]/gu, 'x');
  return text;
}

function clean(text: string): string {
  return text
    .replace(/[\t\r\n]+/gu, ' ')
    .replace(/ {2,}/gu, ' ')
    .replace(/\s+([,.!?，。！？])/gu, '$1')
    .trim();
}

function generate(
  language: 'en' | 'zh',
  label: CorpusRow['label'],
  families: readonly Family[],
  slots: Slots,
  rng: Rng,
  groupPrefix: string = language,
): CorpusRow[] {
  const rows: CorpusRow[] = [];
  families.forEach((family, index) => {
    // A family of the later lists is named by its wording, so that its split does not depend on its place.
    const group =
      groupPrefix === language
        ? `${language}-${label}-${family.kind}-${index}`
        : `${groupPrefix}-${label}-${family.kind}-${createHash('sha256').update(family.templates.join('\n')).digest('hex').slice(0, 10)}`;
    const seen = new Set<string>();
    const wanted = family.count ?? PER_FAMILY;
    for (let attempt = 0; attempt < wanted * 4 && seen.size < wanted; attempt++) {
      let text = clean(expand(pick(rng, family.templates), slots, rng));
      if (seen.has(text)) continue;
      seen.add(text);
      let rowLanguage: CorpusRow['language'] = 'en';
      if (language === 'en') text = disguiseEnglish(text, rng, label);
      else {
        text = disguiseChinese(text, rng, label);
        rowLanguage = 'zh-hans';
        if (rng() < 0.25) {
          const traditional = toTraditional(text);
          if (traditional !== text) [text, rowLanguage] = [traditional, 'zh-hant'];
        }
      }
      rows.push({ label, kind: family.kind, language: rowLanguage, group, text });
    }
  });
  return rows;
}

function readSeed(): CorpusRow[] {
  const lines = readFileSync(join(CORPUS, 'seed.tsv'), 'utf8').split('\n').slice(1).filter(Boolean);
  return lines.map((line, index) => {
    const [label, kind, language, text] = line.split('\t') as [CorpusRow['label'], string, CorpusRow['language'], string];
    return { label, kind, language, group: `seed-${index}`, text };
  });
}

/** Deals the groups of each (language, label, kind) to splits: see the header. */
function assignSplits(rows: CorpusRow[], rng: Rng): Map<string, Split> {
  const byCell = new Map<string, string[]>();
  for (const row of rows) {
    const cell = `${row.language.slice(0, 2)}|${row.label}|${row.kind}`;
    const groups = byCell.get(cell) ?? [];
    if (!groups.includes(row.group)) groups.push(row.group);
    byCell.set(cell, groups);
  }
  const splits = new Map<string, Split>();
  for (const groups of byCell.values()) {
    const shuffled = [...groups];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = int(rng, 0, i);
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    const testCount = Math.max(1, Math.round(shuffled.length * 0.15));
    const validationCount = Math.max(1, Math.round(shuffled.length * 0.15));
    shuffled.forEach((group, i) => {
      // A kind with fewer than three families keeps them all for training.
      if (shuffled.length < 3) splits.set(group, 'train');
      else splits.set(group, i < testCount ? 'test' : i < testCount + validationCount ? 'validation' : 'train');
    });
  }
  return splits;
}

/** A family's split from its name alone: 15% test, 15% validation, the rest train. */
function stableSplit(group: string): Split {
  const roll = createHash('sha256').update(`split:${group}`).digest().readUInt32BE(0) / 2 ** 32;
  return roll < 0.15 ? 'test' : roll < 0.3 ? 'validation' : 'train';
}

function main(): void {
  // The first English lists draw from a generator of their own. The Chinese lists and the dealing of
  // splits continue from the state the shared generator had reached after the English lists when it was
  // written (33,718 draws: seededRng advances its state by a constant per draw), so that rewording an
  // English template moves no Chinese text and no split.
  const enRng = seededRng(20260415);
  const rng = seededRng((20260415 + 33718 * 0x6d2b79f5) >>> 0);
  const rows = [
    ...generate('en', 'marketing', EN_MARKETING, { ...EN_SLOTS, ...EN_EXTRA_SLOTS }, enRng),
    ...generate('en', 'legitimate', EN_LEGITIMATE, { ...EN_SLOTS, ...EN_EXTRA_SLOTS }, enRng),
    ...generate('zh', 'marketing', ZH_MARKETING, { ...ZH_SLOTS, ...ZH_EXTRA_SLOTS }, rng),
    ...generate('zh', 'legitimate', ZH_LEGITIMATE, { ...ZH_SLOTS, ...ZH_EXTRA_SLOTS }, rng),
    ...readSeed(),
  ];
  // The same text in two families would straddle splits: keep its first occurrence only.
  const seen = new Set<string>();
  const unique = rows.filter((row) => !seen.has(row.text) && seen.add(row.text));
  const splits = assignSplits(unique, rng);
  // The later English families (corpus-en-more.ts) draw from a generator of their own, and each goes to
  // the split its own wording hashes to (about 15% test, 15% validation), so the texts and splits above
  // stay exactly as they were and adding a family never moves another.
  const moreRng = seededRng(20261129);
  const moreSlots = { ...EN_SLOTS, ...EN_EXTRA_SLOTS, ...EN_MORE_SLOTS, ...EN_MORE_EXTRA_SLOTS };
  const sized = (families: readonly Family[]) => families.map((family) => ({ count: EN_MORE_FAMILY_SIZE, ...family }));
  const more = [
    ...generate('en', 'marketing', sized(EN_MORE_MARKETING), moreSlots, moreRng, 'en2'),
    ...generate('en', 'legitimate', sized(EN_MORE_LEGITIMATE), moreSlots, moreRng, 'en2'),
  ].filter((row) => !seen.has(row.text) && seen.add(row.text));
  for (const row of more) splits.set(row.group, stableSplit(row.group));
  unique.push(...more);
  const header = 'label\tkind\tlanguage\tgroup\ttext';
  for (const split of ['train', 'validation', 'test'] as const) {
    const chosen = unique.filter((row) => splits.get(row.group) === split);
    const lines = chosen.map((row) => [row.label, row.kind, row.language, row.group, row.text].join('\t'));
    writeFileSync(join(CORPUS, `${split}.tsv`), `${[header, ...lines].join('\n')}\n`);
    const count = (language: string, label: string) =>
      chosen.filter((row) => row.language.startsWith(language) && row.label === label).length;
    console.log(
      `${split}: ${chosen.length} texts; en ${count('en', 'marketing')} marketing / ${count('en', 'legitimate')} legitimate; ` +
        `zh ${count('zh', 'marketing')} marketing / ${count('zh', 'legitimate')} legitimate`,
    );
  }
}

main();
