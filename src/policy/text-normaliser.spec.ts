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

  it('leaves times, ordinals, SMS-speak words and kisses alone, and exclamation marks after words', () => {
    expect(normaliseText('see u at 5pm on the 2nd, ur txt xx').plain).toBe('see u at 5pm on the 2nd, ur txt xx');
    expect(normaliseText('WINNER!! FREE!').plain).toBe('winner!! free!');
  });

  it('spells out SMS-speak written with digits, not as numbers', () => {
    expect(normaliseText('c u 2day or 2nite, gr8, b4 9pm, l8r').plain).toBe('c u today or tonight, great, before 9pm, later');
    expect(normaliseText('Ur eligible 2 a free upgrade 4 ur mobile, stop2end, call2optout').plain).toBe(
      'ur eligible to a free upgrade for ur mobile, stop to end, call to optout',
    );
    // A count stays a count.
    expect(normaliseText('buy 2 get 1 free, 4 left').typed).toBe('buy <num> get <num> free, <num> left');
  });

  it('tells a short code, a premium-rate line and a pick-up code apart', () => {
    expect(normaliseText('txt WIN to 82345 or call 09050123987 (£1.50/min)').typed).toBe(
      'txt win to <shortcode> or call <premium> ( <price> /min)',
    );
    expect(normaliseText('send STOP to 8xxxx, 0871 555 0142').typed).toBe('send stop to <shortcode> , <premium>');
    expect(normaliseText('Pick-up code 4821 at locker 12, PIN 482113.').typed).toBe(
      'pick-up code <digits> at locker <num> , pin <digits> .',
    );
    expect(normaliseText('send it to 12 Mill Road, call 07700 900123').typed).toBe('send it to <num> mill road, call <phone>');
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
