import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where `npm run train:policy` writes the model; the same relative place from src/ and from dist/. */
export const MARKETING_MODEL_PATH = fileURLToPath(new URL('../../policy/model/marketing-model.json', import.meta.url));

/** Precision, recall and false-block rate of one slice of a labelled set. */
export interface SliceFigures {
  texts: number;
  marketing: number;
  legitimate: number;
  truePositives: number;
  falsePositives: number;
  precision: number;
  recall: number;
  falseBlockRate: number;
}

/** The trained marketing model as stored: a logistic regression over named features (see marketing-features.ts). */
export interface MarketingModelFile {
  version: 1;
  /** Probability from which a text is marketing and blocked without consent. */
  threshold: number;
  /** Lower probability from which a text counts as promotional when a buyer reports its campaign. */
  reportThreshold: number;
  bias: number;
  weights: Record<string, number>;
  training: Record<string, number | string>;
  /** Figures per split and language at `threshold`, for the retraining test and the docs. */
  figures: Record<string, Record<string, SliceFigures>>;
}

function isNumberRecord(value: unknown): value is Record<string, number> {
  return (
    typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'number' && Number.isFinite(v))
  );
}

export function parseMarketingModel(json: string): MarketingModelFile {
  const model = JSON.parse(json) as Partial<MarketingModelFile>;
  const valid =
    model.version === 1 &&
    typeof model.threshold === 'number' &&
    typeof model.reportThreshold === 'number' &&
    model.reportThreshold <= model.threshold &&
    typeof model.bias === 'number' &&
    isNumberRecord(model.weights) &&
    typeof model.figures === 'object';
  if (!valid) throw new Error('marketing model file is not a version 1 model');
  return model as MarketingModelFile;
}

export function loadMarketingModel(path = MARKETING_MODEL_PATH): MarketingModelFile {
  return parseMarketingModel(readFileSync(path, 'utf8'));
}
