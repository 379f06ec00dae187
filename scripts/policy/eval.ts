import * as OpenCC from 'opencc-js/t2cn';
import { MarketingClassifier } from '../../src/policy/marketing-classifier.js';
import { loadMarketingModel } from '../../src/policy/marketing-model.js';
import { readLabelledFile, readSplit, SPLITS, type LabelledText } from './corpus-files.js';
import { figuresBy, printFigures, thresholdsByLanguage, type Scored } from './metrics.js';

/**
 * npm run eval:policy [-- file.tsv] [--mistakes]
 *   no file: the team's train, validation and test splits; a file: any `label<TAB>text` TSV (see
 *   corpus-files.ts). Prints precision, recall and false-block rate for all texts, per language and per
 *   kind, at the model's threshold; --mistakes also lists every wrong verdict with its reasons.
 */
const args = process.argv.slice(2);
const showMistakes = args.includes('--mistakes');
const files = args.filter((arg) => !arg.startsWith('--'));
const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });
const model = loadMarketingModel();
const classifier = new MarketingClassifier(model);

function evaluate(title: string, rows: readonly LabelledText[]): void {
  const verdicts = rows.map((row) => ({ row, verdict: classifier.classify(row.text) }));
  const scored: Scored[] = verdicts.map(({ row, verdict }) => ({ ...row, score: verdict.score }));
  const { en, zh } = model.thresholds;
  printFigures(
    `${title} (thresholds: en ${en.block}, zh ${zh.block})`,
    figuresBy(scored, thresholdsByLanguage(model.thresholds), true),
  );
  if (!showMistakes) return;
  for (const { row, verdict } of verdicts) {
    if (verdict.marketing === row.marketing) continue;
    const what = row.marketing ? 'missed' : 'FALSE BLOCK';
    console.log(`${what} [${row.kind}] ${verdict.score.toFixed(3)} ${row.text}  <- ${verdict.reasons.join(', ')}`);
  }
}

if (files.length === 0) for (const split of SPLITS) evaluate(split, readSplit(split, toSimplified));
for (const file of files) evaluate(file, readLabelledFile(file, toSimplified));
