import { MarketingClassifier } from './marketing-classifier.js';
import { MARKETING_CORPUS } from './marketing-corpus.js';
import { MARKETING_FRESH_CHECK, MARKETING_HOLDOUT } from './marketing-holdout.js';

const classifier = new MarketingClassifier();
const isChinese = (text: string) => /\p{Script=Han}/u.test(text);

interface Labelled {
  text: string;
  marketing: boolean;
}

/** Runs the classifier over a labelled set and prints precision, recall and every mistake with its reasons. */
function measure(title: string, set: readonly Labelled[]): { precision: number; recall: number } {
  const falsePositives: string[] = [];
  const falseNegatives: string[] = [];
  let truePositives = 0;
  let trueNegatives = 0;
  for (const entry of set) {
    const verdict = classifier.classify(entry.text);
    if (verdict.marketing && entry.marketing) truePositives++;
    else if (!verdict.marketing && !entry.marketing) trueNegatives++;
    else if (verdict.marketing) falsePositives.push(`${entry.text} (score ${verdict.score}: ${verdict.reasons.join(', ')})`);
    else falseNegatives.push(`${entry.text} (score ${verdict.score}: ${verdict.reasons.join(', ') || 'no signal'})`);
  }
  // With no positive verdicts there is nothing wrongly blocked: precision is vacuously perfect.
  const precision = truePositives + falsePositives.length === 0 ? 1 : truePositives / (truePositives + falsePositives.length);
  const recall = truePositives / (truePositives + falseNegatives.length);
  const byClass = (marketing: boolean) => {
    const texts = set.filter((entry) => entry.marketing === marketing).map((entry) => entry.text);
    const chinese = texts.filter(isChinese).length;
    return `${texts.length} (${texts.length - chinese} en, ${chinese} zh)`;
  };
  console.log(
    [
      `${title}: ${set.length} messages, marketing ${byClass(true)}, legitimate ${byClass(false)}`,
      `precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`,
      `TP ${truePositives}, FP ${falsePositives.length}, TN ${trueNegatives}, FN ${falseNegatives.length}`,
      `false positives: ${JSON.stringify(falsePositives, null, 2)}`,
      `false negatives: ${JSON.stringify(falseNegatives, null, 2)}`,
    ].join('\n'),
  );
  return { precision, recall };
}

/** Both classes present in the size asked for, each about half English and half Chinese, no duplicates. */
function expectBalanced(set: readonly Labelled[], perClass: number) {
  for (const marketing of [true, false]) {
    const texts = set.filter((entry) => entry.marketing === marketing).map((entry) => entry.text);
    const chinese = texts.filter(isChinese).length;
    expect(texts.length).toBeGreaterThanOrEqual(perClass);
    // "About half" each: neither language may fall under a third of its class.
    expect(chinese).toBeGreaterThanOrEqual(texts.length / 3);
    expect(texts.length - chinese).toBeGreaterThanOrEqual(texts.length / 3);
  }
  expect(new Set(set.map((entry) => entry.text)).size).toBe(set.length);
}

describe('MarketingClassifier on the labelled corpus', () => {
  it('holds at least 80 texts per class, in English and Chinese', () => {
    expectBalanced(MARKETING_CORPUS, 80);
  });

  it('blocks marketing with recall ≥ 0.95 and precision ≥ 0.98', () => {
    const { precision, recall } = measure('marketing corpus', MARKETING_CORPUS);
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(precision).toBeGreaterThanOrEqual(0.98);
  });
});

// Texts written before the rules were read, to catch rules that only fit the corpus wording. Its first run,
// on the rules as they stood, gave precision 1.000 and recall 0.752 (English 0.636, Chinese 0.862). The
// rules were then broadened while it was being measured, so its figures now are a development score.
describe('MarketingClassifier on the held-out set', () => {
  it('holds at least 100 texts per class, in English and Chinese', () => {
    expectBalanced(MARKETING_HOLDOUT, 100);
  });

  it('blocks held-out marketing with recall ≥ 0.80 and precision ≥ 0.97', () => {
    const { precision, recall } = measure('marketing held-out set', MARKETING_HOLDOUT);
    expect(recall).toBeGreaterThanOrEqual(0.8);
    expect(precision).toBeGreaterThanOrEqual(0.97);
  });
});

// A second fresh set, never used to change a rule: the honest generalisation figure. It documents rather
// than gates, except that the filter must still not block legitimate texts.
describe('MarketingClassifier on the fresh check', () => {
  it('holds at least 30 texts per class, in English and Chinese', () => {
    expectBalanced(MARKETING_FRESH_CHECK, 30);
  });

  it('prints fresh-check precision and recall, and keeps precision ≥ 0.95', () => {
    const { precision } = measure('marketing fresh check', MARKETING_FRESH_CHECK);
    expect(precision).toBeGreaterThanOrEqual(0.95);
  });
});

describe('MarketingClassifier signals', () => {
  it('names the positive signals that fired', () => {
    const verdict = classifier.classify('双11狂欢！全场满300减50，点击 m.tb.cn/h.Ab12 抢购');
    expect(verdict.marketing).toBe(true);
    expect(verdict.reasons).toEqual(
      expect.arrayContaining(['festival_day', 'sale_event', 'price_promo', 'shop_link', 'call_to_action']),
    );
    expect(classifier.classify('Extra 30% off with code SAVE30, today only').reasons).toEqual([
      'discount_percent',
      'coupon',
      'limited_time',
    ]);
  });

  it('never lists the delivery and after-sales signals as reasons', () => {
    const verdict = classifier.classify('Your refund of $20 is approved; the replacement parcel ships today. Shop now!');
    expect(verdict.reasons).toEqual(['call_to_action']);
    expect(verdict.marketing).toBe(false);
  });

  it('reads full-width and mixed-case text like plain text', () => {
    const fullWidth = classifier.classify('ＢＬＡＣＫ ＦＲＩＤＡＹ： ５０％ ＯＦＦ， ｂｉｔ．ｌｙ／ａｂｃ');
    const plain = classifier.classify('black friday: 50% off, bit.ly/abc');
    expect(fullWidth).toEqual(plain);
    expect(fullWidth.reasons).toEqual(['discount_percent', 'festival_day', 'shop_link']);
    expect(classifier.classify('回ＴＤ退订').reasons).toEqual(['unsubscribe_footer']);
  });

  it.each(['Reply STOP to unsubscribe', 'Txt STOP to opt out', '回复TD退订', '退订回T', '拒收请回复R', '退订回复N'])(
    'blocks on the unsubscribe footer alone: %s',
    (footer) => {
      expect(classifier.classify(footer)).toEqual({ marketing: true, score: 4, reasons: ['unsubscribe_footer'] });
    },
  );

  it.each([
    'FedEx: we missed you. Free redelivery is available tomorrow 9:00-12:00.',
    'Your package ships free and arrives Thursday, pickup code 4471.',
    '【韵达】您的包裹已到驿站，取件码 3-1-2208，24小时内免费保管。',
    'Cash on delivery: please prepare $128 exact change. ETA 14:30.',
    'Your verification code is 120934. Do not share it.',
  ])('lets a service text with numbers or "free" through: %s', (text) => {
    expect(classifier.classify(text).marketing).toBe(false);
  });

  it('lets an empty or blank text through', () => {
    expect(classifier.classify('')).toEqual({ marketing: false, score: 0, reasons: [] });
    expect(classifier.classify(' \n　')).toEqual({ marketing: false, score: 0, reasons: [] });
  });
});
