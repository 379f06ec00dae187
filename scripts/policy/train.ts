import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import * as OpenCC from 'opencc-js/t2cn';
import { MarketingClassifier } from '../../src/policy/marketing-classifier.js';
import { marketingFeatures } from '../../src/policy/marketing-features.js';
import { trainLogistic } from '../../src/policy/logistic-regression.js';
import { MARKETING_MODEL_PATH, type MarketingModelFile } from '../../src/policy/marketing-model.js';
import { readSplit, type LabelledText } from './corpus-files.js';
import { figuresBy, printFigures, type Scored } from './metrics.js';

/**
 * npm run train:policy: trains the marketing model on policy/corpus/train.tsv, picks its thresholds on
 * texts it has not seen (validation.tsv and out-of-fold training texts), measures all three splits and
 * writes policy/model/marketing-model.json.
 * The test split is measured and recorded, never used to choose anything.
 */
const OPTIONS = { epochs: 12, learningRate: 0.2, l2: 0.005, seed: 15 };
/** A feature must occur in this many training texts to get a weight: rarer ones only memorise. */
const MIN_TEXTS = 2;
/** False blocks allowed on unseen texts (validation and out-of-fold train), per language, when choosing the thresholds. */
const BLOCK_FALSE_RATE = 0.01;
const REPORT_FALSE_RATE = 0.03;
const FOLDS = 4;

const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });

function chooseThreshold(scored: readonly Scored[], falseRate: number): number {
  const languages = ['en', 'zh'];
  for (let threshold = 0.3; threshold < 0.99; threshold += 0.01) {
    const ok = languages.every((language) => {
      const legitimate = scored.filter((row) => !row.marketing && row.language.startsWith(language));
      const blocked = legitimate.filter((row) => row.score >= threshold).length;
      return blocked <= falseRate * legitimate.length;
    });
    if (ok) return Math.round(threshold * 100) / 100;
  }
  return 0.99;
}

function fit(rows: readonly LabelledText[]): Pick<MarketingModelFile, 'bias' | 'weights'> {
  const examples = rows.map((row) => ({
    features: marketingFeatures(row.text),
    label: row.marketing ? (1 as const) : (0 as const),
  }));
  const textsWith = new Map<string, number>();
  for (const example of examples)
    for (const feature of example.features) textsWith.set(feature, (textsWith.get(feature) ?? 0) + 1);
  const kept = examples.map((example) => ({
    ...example,
    features: example.features.filter((feature) => (textsWith.get(feature) ?? 0) >= MIN_TEXTS),
  }));
  const trained = trainLogistic(kept, OPTIONS);
  const weights: Record<string, number> = {};
  for (const [feature, weight] of [...trained.weights].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const rounded = Math.round(weight * 1000) / 1000;
    if (Math.abs(rounded) >= 0.01) weights[feature] = rounded;
  }
  return { bias: Math.round(trained.bias * 1000) / 1000, weights };
}

function scoreWith(weights: Pick<MarketingModelFile, 'bias' | 'weights'>, rows: readonly LabelledText[]): Scored[] {
  const classifier = new MarketingClassifier({
    version: 1,
    threshold: 1,
    reportThreshold: 1,
    training: {},
    figures: {},
    ...weights,
  });
  return rows.map((row) => ({ ...row, score: classifier.classify(row.text).score }));
}

/**
 * Scores every training text with a model that never saw its family (four folds by family), so that
 * the thresholds are chosen on some 5,000 unseen texts rather than on validation's few hundred alone.
 */
function outOfFoldScores(train: readonly LabelledText[]): Scored[] {
  const groups = [...new Set(train.map((row) => row.group))];
  const foldOf = new Map(groups.map((group, index) => [group, index % FOLDS]));
  const scored: Scored[] = [];
  for (let fold = 0; fold < FOLDS; fold++) {
    const model = fit(train.filter((row) => foldOf.get(row.group) !== fold));
    scored.push(
      ...scoreWith(
        model,
        train.filter((row) => foldOf.get(row.group) === fold),
      ),
    );
  }
  return scored;
}

export function trainMarketingModel(): MarketingModelFile {
  const train = readSplit('train', toSimplified);
  const fitted = fit(train);
  const validation = scoreWith(fitted, readSplit('validation', toSimplified));
  const unseen = [...outOfFoldScores(train), ...validation];
  const threshold = chooseThreshold(unseen, BLOCK_FALSE_RATE);
  const model: MarketingModelFile = {
    version: 1,
    threshold,
    reportThreshold: Math.min(threshold, chooseThreshold(unseen, REPORT_FALSE_RATE)),
    ...fitted,
    training: {
      ...OPTIONS,
      minTexts: MIN_TEXTS,
      folds: FOLDS,
      trainTexts: train.length,
      features: Object.keys(fitted.weights).length,
    },
    figures: {
      train: figuresBy(scoreWith(fitted, train), threshold, false),
      validation: figuresBy(validation, threshold, false),
      test: figuresBy(scoreWith(fitted, readSplit('test', toSimplified)), threshold, false),
    },
  };
  return model;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const model = trainMarketingModel();
  const json = `${JSON.stringify(model, null, 0)}\n`;
  writeFileSync(MARKETING_MODEL_PATH, json);
  console.log(
    `wrote ${MARKETING_MODEL_PATH}: ${Object.keys(model.weights).length} weights, ${(json.length / 1024).toFixed(0)} KiB`,
  );
  console.log(`threshold ${model.threshold}, report threshold ${model.reportThreshold}`);
  for (const [split, figures] of Object.entries(model.figures)) printFigures(split, figures);
}
