import { createHmac } from 'node:crypto';
import { normaliseText } from './text-normaliser.js';

/**
 * A text's campaign fingerprint: MinHash bands over its shingles, so that copies of one body with other
 * numbers, names, links, codes or a word changed here and there share bands, and unrelated texts from
 * the same sender do not. 32 hash functions in 8 bands of 4: two texts whose shingle sets overlap by
 * 80% share a band 98% of the time, by 50% 40%, by 30% 6%.
 *
 * Each band is stored as a keyed hash (HMAC-SHA256 under a key derived from the lookup hash key), so
 * the database holds no body and no value that can be checked against a guessed text without the key.
 */
const HASHES = 32;
const ROWS_PER_BAND = 4;

// Fixed odd multipliers and offsets of the hash family (from a seeded generator, written out once).
const SEEDS: readonly [number, number][] = Array.from({ length: HASHES }, (_, i) => {
  let x = (0x9e3779b9 * (i + 1)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  return [(x | 1) >>> 0, Math.imul(x ^ (x >>> 16), 0x27d4eb2f) >>> 0];
});

const GREETED_NAME = /\b(?:hi|hello|hey|dear|morning|evening)\s+[a-z]+\b/gu;

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

/**
 * What two copies of a campaign share: the typed text (numbers, links, prices and codes already tokens)
 * with greeted names dropped, as word pairs for Latin script and character triples for Chinese.
 */
export function campaignShingles(body: string): string[] {
  const typed = normaliseText(body).typed.replace(GREETED_NAME, (greeting) => greeting.split(/\s+/u)[0]!);
  const shingles = new Set<string>();
  const words: string[] = [];
  for (const run of typed.match(/<[a-z]+>|\p{Script=Han}+|[a-z][a-z']*/gu) ?? []) {
    if (/^\p{Script=Han}/u.test(run)) {
      const chars = [...run];
      if (chars.length < 3) shingles.add(run);
      for (let i = 0; i + 3 <= chars.length; i++) shingles.add(chars.slice(i, i + 3).join(''));
    } else words.push(run);
  }
  if (words.length === 1) shingles.add(words[0]!);
  for (let i = 0; i + 1 < words.length; i++) shingles.add(`${words[i]} ${words[i + 1]}`);
  return [...shingles];
}

/** The keyed band hashes of a body (as decimal strings of signed 64-bit integers), or none for an empty one. */
export function campaignBands(body: string, key: Buffer): string[] {
  const shingles = campaignShingles(body);
  if (shingles.length === 0) return [];
  const minima = new Array<number>(HASHES).fill(0xffffffff);
  for (const shingle of shingles) {
    const base = fnv1a(shingle);
    for (let i = 0; i < HASHES; i++) {
      const [a, b] = SEEDS[i]!;
      const value = (Math.imul(a, base) + b) >>> 0;
      if (value < minima[i]!) minima[i] = value;
    }
  }
  const bands: string[] = [];
  for (let band = 0; band < HASHES / ROWS_PER_BAND; band++) {
    const rows = minima.slice(band * ROWS_PER_BAND, (band + 1) * ROWS_PER_BAND).join(',');
    const digest = createHmac('sha256', key).update(`band:${band}:${rows}`).digest();
    bands.push(digest.readBigInt64BE(0).toString());
  }
  return bands;
}

/** The campaign key, kept apart from the phone-lookup uses of the same secret. */
export function campaignKey(lookupHashKey: Buffer): Buffer {
  return createHmac('sha256', lookupHashKey).update('veil:campaign-fingerprint').digest();
}
