import { normaliseText } from './text-normaliser.js';

describe('normaliseText', () => {
  it.each([
    ['ＦＲＥＥ ｇｉｆｔ', 'free gift'],
    ['限時優惠', '限时优惠'],
    ['优 惠 活 动', '优惠活动'],
    ['加V信了解', '加微信了解'],
    ['威信 号', '微信号'],
    ['get 0ff now', 'get off now'],
    ['fr€e w1n', 'free win'],
    ['f r e e', 'free'],
  ])('undoes %s', (raw, plain) => {
    expect(normaliseText(raw).plain).toBe(plain);
  });

  it('leaves times, ordinals, SMS-speak and kisses alone', () => {
    expect(normaliseText('see u at 5pm on the 2nd, gr8 xx').plain).toBe('see u at 5pm on the 2nd, gr8 xx');
  });

  it('turns links, prices, percentages, phones, codes, times and numbers into typed tokens', () => {
    expect(normaliseText('Save £25 or 30% at bit.ly/ab12 with code BF30, call 0800 123 4567 by 5pm, 3 left').typed).toBe(
      'save <price> or <pct> at <url> with code <code> , call <phone> by <time> , <num> left',
    );
    expect(normaliseText('满888减88元，1xxxxxxxxxx，x月x日，8折').typed).toBe(
      '满 <num> 减 <price> , <phone> , <num> 月 <num> 日, <pct>',
    );
  });

  it('marks shouting only for long, mostly capital texts', () => {
    expect(normaliseText('URGENT! YOU HAVE WON A PRIZE').shouting).toBe(true);
    expect(normaliseText('OK see you at ASDA').shouting).toBe(false);
  });
});
