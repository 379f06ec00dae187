import { buyerLanguage } from './buyer-keyword.service.js';

describe("buyerLanguage: the language of the screening and of the keywords that have none (T, TD, JB)", () => {
  it.each([
    [null, '+8613812345678', 'zh'],
    [null, '+86 138****5678', 'zh'],
    [null, '+14155552671', 'en'],
    [null, '+85291234567', 'en'],
    ['en', '+8613812345678', 'en'],
    ['zh', '+14155552671', 'zh'],
  ] as const)('tenant locale %s, buyer %s: %s', (locale, buyer, expected) => {
    expect(buyerLanguage(locale, buyer)).toBe(expected);
  });
});
