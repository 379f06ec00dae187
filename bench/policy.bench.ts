import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as OpenCC from 'opencc-js/t2cn';
import { readSplit, SPLITS } from '../scripts/policy/corpus-files.js';
import { MarketingClassifier } from '../src/policy/marketing-classifier.js';
import { loadMarketingModel, MARKETING_MODEL_PATH } from '../src/policy/marketing-model.js';
import { fmt, type BenchContext, type BenchOutcome } from './lib/report.js';

/**
 * The marketing filter on its own, in this process: the model file's size, loading it (read, parse,
 * build the weight table), and classifying every text of the team's corpus, which runs on every text
 * in the webhook path. Needs no database and no build.
 */
export async function policyBench(ctx: BenchContext): Promise<BenchOutcome> {
  const bytes = statSync(MARKETING_MODEL_PATH).size;
  const loads: number[] = [];
  let classifier: MarketingClassifier | null = null;
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    classifier = new MarketingClassifier(loadMarketingModel());
    loads.push(performance.now() - started);
  }
  const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });
  const texts = SPLITS.flatMap((split) => readSplit(split, toSimplified).map((row) => row.text));
  for (const text of texts.slice(0, 1000)) classifier!.classify(text);
  const rounds = 5;
  const started = performance.now();
  let blocked = 0;
  for (let round = 0; round < rounds; round++) for (const text of texts) if (classifier!.classify(text).marketing) blocked++;
  const perText = (performance.now() - started) / (rounds * texts.length);
  const loadMs = Math.max(...loads);
  ctx.log(`policy: ${texts.length} texts x ${rounds}, ${blocked / rounds} blocked per round`);
  return {
    rows: [
      { metric: 'model file', value: `${(bytes / 1024).toFixed(0)} KiB`, target: '< 5 MB', met: bytes < 5 * 1024 * 1024 },
      { metric: 'model load (slowest of 5)', value: fmt.ms(loadMs), target: '< 1 s', met: loadMs < 1000 },
      { metric: 'classify, mean per text', value: `${(perText * 1000).toFixed(1)} µs`, target: '< 200 µs', met: perText < 0.2 },
    ],
    details: { modelBytes: bytes, loadMs: loads, classifyMsPerText: perText, texts: texts.length, rounds },
  };
}
