import { firedSignals } from './marketing-signals.js';
import { normaliseText } from './text-normaliser.js';

/**
 * The features the marketing model weighs, each a short readable name (so a verdict's reasons can name
 * them): `sig:<name>` for a named signal, `w:<word>` and `ww:<word> <word>` for English words and word
 * pairs, `c:<char>` and `cc:<chars>` for Chinese characters and character pairs, `t:<token>` for a typed
 * token, `shape:shouting` for capitals. Chinese gets character n-grams rather than segmented words:
 * they need no dictionary, and "证券" then counts as a pair of its own, not as "券".
 */
const RUNS = /<[a-z]+>|\p{Script=Han}+|[a-z][a-z'&]*|[!?！？]|\p{Extended_Pictographic}/gu;

export function marketingFeatures(body: string): string[] {
  const { plain, typed, shouting } = normaliseText(body);
  const features = new Set<string>();
  for (const signal of firedSignals(plain)) features.add(`sig:${signal}`);
  if (shouting) features.add('shape:shouting');
  // Length: people text briefly, bulk senders fill the message (Chinese says as much in fewer characters).
  const length = [...body].length * (/\p{Script=Han}/u.test(body) ? 2.5 : 1);
  features.add(length < 40 ? 'shape:short' : length < 90 ? 'shape:medium' : length < 140 ? 'shape:long' : 'shape:full');
  let previous: string | null = null;
  for (const run of typed.match(RUNS) ?? []) {
    const first = run.codePointAt(0)!;
    if (run.startsWith('<') && run.length > 2) {
      features.add(`t:${run}`);
      if (previous) features.add(`ww:${previous} ${run}`);
      previous = run;
    } else if (first >= 0x2e80 && /^\p{Script=Han}/u.test(run)) {
      const chars = [...run];
      for (let i = 0; i < chars.length; i++) {
        features.add(`c:${chars[i]}`);
        if (i + 1 < chars.length) features.add(`cc:${chars[i]}${chars[i + 1]}`);
      }
      previous = null;
    } else if (/^[a-z]/u.test(run)) {
      const word = run.replace(/'+$/u, '');
      features.add(`w:${word}`);
      if (previous) features.add(`ww:${previous} ${word}`);
      previous = word;
    } else {
      features.add(`p:${run === '！' ? '!' : run === '？' ? '?' : run}`);
      previous = null;
    }
  }
  return [...features];
}
