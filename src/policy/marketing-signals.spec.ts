import * as OpenCC from 'opencc-js/t2cn';
import { readSplit, SPLITS } from '../../scripts/policy/corpus-files.js';
import { firedSignals, firedSignalsUnoptimised } from './marketing-signals.js';
import { normaliseText } from './text-normaliser.js';

describe('firedSignals', () => {
  it('skipping Chinese-only patterns for texts without Chinese changes no signal on the corpus', () => {
    const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });
    const texts = SPLITS.flatMap((split) => readSplit(split, toSimplified).map((row) => row.text));
    expect(texts.length).toBeGreaterThan(8000);
    const differing = texts
      .map((text) => normaliseText(text).plain)
      .filter((plain) => firedSignals(plain).join() !== firedSignalsUnoptimised(plain).join());
    expect(differing).toEqual([]);
  });

  it('still runs a pattern with a Latin alternative beside Chinese ones on English texts', () => {
    expect(firedSignals('join plus today')).toContain('points_member');
    expect(firedSignals('big 618 sale')).toContain('festival_day');
    expect(firedSignals('get 88vip now')).toContain('festival_day');
  });
});
