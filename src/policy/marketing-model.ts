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

/** Texts are scored by one model but blocked at their own language's thresholds: Chinese when they contain Han characters. */
export type ModelLanguage = 'en' | 'zh';

export interface LanguageThresholds {
  /** Probability from which a text is marketing and blocked without consent. */
  block: number;
  /** Lower probability from which a text counts as promotional when a buyer reports its campaign. */
  report: number;
}

export interface LanguageModel {
  bias: number;
  weights: Record<string, number>;
}

/** The trained marketing model as stored: a logistic regression over named features (see marketing-features.ts). */
export interface MarketingModelFile {
  version: 2;
  /** Per language, each chosen on texts the model did not see (see scripts/policy/train.ts). */
  thresholds: Record<ModelLanguage, LanguageThresholds>;
  /** One logistic regression per language, each trained on that language's texts only. */
  models: Record<ModelLanguage, LanguageModel>;
  training: Record<string, unknown>;
  /** Figures per split and language at the thresholds, for the retraining test and the docs. */
  figures: Record<string, Record<string, SliceFigures>>;
}

const HAN = /\p{Script=Han}/u;

export function modelLanguage(text: string): ModelLanguage {
  return HAN.test(text) ? 'zh' : 'en';
}

function isNumberRecord(value: unknown): value is Record<string, number> {
  return (
    typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'number' && Number.isFinite(v))
  );
}

function isThresholds(value: unknown): value is LanguageThresholds {
  const t = value as Partial<LanguageThresholds> | undefined;
  return typeof t?.block === 'number' && typeof t.report === 'number' && t.report <= t.block;
}

export function parseMarketingModel(json: string): MarketingModelFile {
  const model = JSON.parse(json) as Partial<MarketingModelFile>;
  const valid =
    model.version === 2 &&
    isThresholds(model.thresholds?.en) &&
    isThresholds(model.thresholds?.zh) &&
    (['en', 'zh'] as const).every((language) => {
      const part = model.models?.[language];
      return typeof part?.bias === 'number' && isNumberRecord(part.weights);
    }) &&
    typeof model.figures === 'object';
  if (!valid) throw new Error('marketing model file is not a version 2 model');
  return model as MarketingModelFile;
}

export function loadMarketingModel(path = MARKETING_MODEL_PATH): MarketingModelFile {
  return parseMarketingModel(readFileSync(path, 'utf8'));
}
