import { MarketingClassifier } from './marketing-classifier.js';
import { MARKETING_CORPUS } from './marketing-corpus.js';

const classifier = new MarketingClassifier();
const isChinese = (text: string) => /\p{Script=Han}/u.test(text);

describe('MarketingClassifier on the labelled corpus', () => {
  it('holds at least 80 texts per class, in English and Chinese', () => {
    for (const marketing of [true, false]) {
      const texts = MARKETING_CORPUS.filter((entry) => entry.marketing === marketing).map((entry) => entry.text);
      const chinese = texts.filter(isChinese).length;
      expect(texts.length).toBeGreaterThanOrEqual(80);
      // "About half" each: neither language may fall under a third of its class.
      expect(chinese).toBeGreaterThanOrEqual(texts.length / 3);
      expect(texts.length - chinese).toBeGreaterThanOrEqual(texts.length / 3);
    }
    expect(new Set(MARKETING_CORPUS.map((entry) => entry.text)).size).toBe(MARKETING_CORPUS.length);
  });

  it('blocks marketing with recall ≥ 0.95 and precision ≥ 0.98', () => {
    const falsePositives: string[] = [];
    const falseNegatives: string[] = [];
    let truePositives = 0;
    let trueNegatives = 0;
    for (const entry of MARKETING_CORPUS) {
      const verdict = classifier.classify(entry.text);
      if (verdict.marketing && entry.marketing) truePositives++;
      else if (!verdict.marketing && !entry.marketing) trueNegatives++;
      else if (verdict.marketing) falsePositives.push(`${entry.text} (score ${verdict.score}: ${verdict.reasons.join(', ')})`);
      else falseNegatives.push(`${entry.text} (score ${verdict.score}: ${verdict.reasons.join(', ') || 'no signal'})`);
    }
    const precision = truePositives / (truePositives + falsePositives.length);
    const recall = truePositives / (truePositives + falseNegatives.length);
    const byClass = (marketing: boolean) => {
      const texts = MARKETING_CORPUS.filter((entry) => entry.marketing === marketing).map((entry) => entry.text);
      const chinese = texts.filter(isChinese).length;
      return `${texts.length} (${texts.length - chinese} en, ${chinese} zh)`;
    };
    console.log(
      [
        `marketing corpus: ${MARKETING_CORPUS.length} messages, marketing ${byClass(true)}, legitimate ${byClass(false)}`,
        `precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`,
        `TP ${truePositives}, FP ${falsePositives.length}, TN ${trueNegatives}, FN ${falseNegatives.length}`,
        `false positives: ${JSON.stringify(falsePositives, null, 2)}`,
        `false negatives: ${JSON.stringify(falseNegatives, null, 2)}`,
      ].join('\n'),
    );
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(precision).toBeGreaterThanOrEqual(0.98);
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
