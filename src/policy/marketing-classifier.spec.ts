import { MarketingClassifier } from './marketing-classifier.js';
import { loadMarketingModel, parseMarketingModel } from './marketing-model.js';

const classifier = new MarketingClassifier();

// The corpus and its figures live in policy/corpus and policy/model (npm run eval:policy); these are the
// cases the issue names, each a behaviour a regression would break.
describe('MarketingClassifier with the committed model', () => {
  it.each([
    'CONGRATS!! Ur number was drawn in our summer raffle & a £800 prize is waiting 4 u. Ring 09050123987 now, ref BX22',
    'Play our Saturday trivia for a chance to win 2 concert tickets! Reply PLAY to 82345. 90p/msg, T&Cs apply, 16+',
    'Phone over a year old? Ur eligible 4 a free upgrade to the newest handset with £0 upfront! Call 0800 123 9876 today',
    'Summer Sale: 40% off all jeans at Northpeak. Ends Sunday. Shop now: bit.ly/np40 Reply STOP to opt out',
    '本店新老客户光临惠顾，钜惠来袭，满888省88',
    '限時優惠，全館八折，歡迎光臨',
    '【xx超市】x月x日起，全场商品x折，欢迎新老顾客光临',
    '城东准现房三房首付25万起，地铁口，看房热线1xxxxxxxxxx',
  ])('blocks the promotion %s', (text) => {
    const verdict = classifier.classify(text);
    expect(verdict).toMatchObject({ marketing: true, promotional: true });
    expect(verdict.reasons.length).toBeGreaterThan(0);
  });

  it.each([
    'Ok can, only teasing u lah',
    "I'll be home late tonight, don't wait up",
    'Are you free for lunch tomorrow?',
    "Hi, it's the courier with your parcel. I'm outside, can you come down?",
    'Your refund of £24.99 for order 88213344 has been processed. Allow 3-5 working days.',
    '在吗',
    '吃饭了吗？晚上回家吃',
    '今天去证券公司开户了',
    '我在上新浪看新闻',
    '【菜鸟驿站】取件码12-3-4567，您的包裹已到小区北门驿站',
  ])('forwards the ordinary text %s', (text) => {
    expect(classifier.classify(text).marketing).toBe(false);
  });

  it('sees through spacing, symbol and script evasions', () => {
    for (const [plain, disguised] of [
      ['优惠活动，加微信了解', '优 惠 活 动，加V信了解'],
      ['get 50% off, free gift today only', 'get 50% 0ff, fr€e gift today only'],
      ['限时优惠，全场八折', '限時優惠，全場八折'],
    ] as const) {
      expect(classifier.classify(disguised).score).toBeCloseTo(classifier.classify(plain).score, 1);
    }
  });

  it('names a named signal among the reasons of an opt-out footer promotion', () => {
    const verdict = classifier.classify('Flash sale! 30% off everything today only. Reply STOP to unsubscribe');
    expect(verdict.reasons).toContain('unsubscribe_footer');
  });

  it('answers an empty body as not marketing, with no reasons', () => {
    expect(classifier.classify('  ')).toEqual({ marketing: false, score: 0, promotional: false, reasons: [] });
  });
});

describe('the model file', () => {
  it('is small, and its report threshold is not above its blocking threshold', () => {
    const model = loadMarketingModel();
    expect(Object.keys(model.models.en.weights).length).toBeGreaterThan(1000);
    expect(Object.keys(model.models.zh.weights).length).toBeGreaterThan(1000);
    expect(JSON.stringify(model).length).toBeLessThan(5 * 1024 * 1024);
    for (const language of ['en', 'zh'] as const) {
      expect(model.thresholds[language].report).toBeLessThanOrEqual(model.thresholds[language].block);
    }
  });

  it('is refused when it is not a version 2 model', () => {
    expect(() => parseMarketingModel('{"version":1,"threshold":0.5,"reportThreshold":0.4}')).toThrow('not a version 2 model');
    expect(() => parseMarketingModel('{"version":2}')).toThrow('not a version 2 model');
  });
});
