import { marketingFeatures } from './marketing-features.js';
import { loadMarketingModel, modelLanguage, type MarketingModelFile, type ModelLanguage } from './marketing-model.js';
import { sigmoid } from './logistic-regression.js';

export interface MarketingVerdict {
  marketing: boolean;
  /** The model's probability that the text is marketing, 0 to 1. */
  score: number;
  /** Promotional enough for a buyer's report to block its campaign for others (a lower bar than `marketing`). */
  promotional: boolean;
  /** What pushed towards marketing: every named signal, then the three strongest n-grams; shown to admins. */
  reasons: string[];
}

const MAX_NGRAM_REASONS = 3;

/** A feature's name as the admin view shows it: "coupon" (a named signal), "word:free", "zh:优惠"… */
function reasonName(feature: string): string {
  const [kind, value] = [feature.slice(0, feature.indexOf(':')), feature.slice(feature.indexOf(':') + 1)];
  switch (kind) {
    case 'sig':
      return value;
    case 'w':
      return `word:${value}`;
    case 'ww':
      return `words:${value}`;
    case 'c':
    case 'cc':
      return `zh:${value}`;
    case 't':
      return `token:${value.slice(1, -1)}`;
    default:
      return feature;
  }
}

/**
 * The trained marketing filter: a logistic regression per language (Chinese for a text with Han
 * characters, else English) over named signals, English word n-grams and Chinese
 * character n-grams of the normalised text (marketing-features.ts), loaded once from the model file that
 * `npm run train:policy` writes. Its thresholds (one per language) were chosen on unseen texts for few false blocks,
 * since a blocked delivery text costs the buyer their parcel while a missed promotion costs a glance.
 */
export class MarketingClassifier {
  private readonly weights: Record<ModelLanguage, Map<string, number>>;

  constructor(private readonly model: MarketingModelFile = loadMarketingModel()) {
    this.weights = { en: new Map(Object.entries(model.models.en.weights)), zh: new Map(Object.entries(model.models.zh.weights)) };
  }

  classify(body: string): MarketingVerdict {
    if (body.trim().length === 0) return { marketing: false, score: 0, promotional: false, reasons: [] };
    const contributions: [string, number][] = [];
    const language = modelLanguage(body);
    const weights = this.weights[language];
    let z = this.model.models[language].bias;
    for (const feature of marketingFeatures(body)) {
      const weight = weights.get(feature);
      if (weight === undefined) continue;
      z += weight;
      if (weight > 0) contributions.push([feature, weight]);
    }
    const score = sigmoid(z);
    const thresholds = this.model.thresholds[language];
    // Every named signal that pushed (an admin reads "unsubscribe_footer" faster than a word pair), then
    // the strongest n-grams.
    const byWeight = (a: [string, number], b: [string, number]) => b[1] - a[1];
    const signals = contributions.filter(([feature]) => feature.startsWith('sig:')).sort(byWeight);
    const ngrams = contributions.filter(([feature]) => !feature.startsWith('sig:')).sort(byWeight);
    return {
      marketing: score >= thresholds.block,
      score: Math.round(score * 1000) / 1000,
      promotional: score >= thresholds.report,
      reasons: [...signals, ...ngrams.slice(0, MAX_NGRAM_REASONS)].map(([feature]) => reasonName(feature)),
    };
  }
}
