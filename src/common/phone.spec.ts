import { ValidationFailedError } from './errors.js';
import { maskPhone, parsePhone } from './phone.js';

describe('parsePhone', () => {
  it.each([
    ['+14155552671', undefined, '+14155552671', '1'],
    ['+1 (415) 555-2671', undefined, '+14155552671', '1'],
    ['(415) 555-2671', 'US', '+14155552671', '1'],
    ['+86 138 1234 5678', undefined, '+8613812345678', '86'],
    ['13812345678', 'CN', '+8613812345678', '86'],
    ['07911 123456', 'GB', '+447911123456', '44'],
  ])('normalises %s (country %s) to %s', (input, country, e164, callingCode) => {
    expect(parsePhone(input, 'phone', country)).toMatchObject({ e164, callingCode });
  });

  it.each([
    ['4155552671', undefined, 'needs a country'],
    ['+1415', undefined, 'possible'],
    ['+1 415 555 26719999', undefined, ''],
    ['hello', 'US', ''],
    ['', undefined, ''],
    ['+19005551234', undefined, 'premium_rate'],
    ['+14155552671'.repeat(3), undefined, ''],
  ])('rejects %s', (input, country, reason) => {
    const attempt = () => parsePhone(input, 'buyerPhone', country);
    expect(attempt).toThrow(ValidationFailedError);
    expect(attempt).toThrow(reason);
    try {
      attempt();
    } catch (error) {
      expect((error as ValidationFailedError).details[0]!.field).toBe('buyerPhone');
      expect((error as Error).message).not.toContain(input.slice(-4) || 'never');
    }
  });
});

describe('maskPhone', () => {
  it.each([
    ['+14155552671', '+1 415****2671'],
    ['+8613812345678', '+86 138****5678'],
    ['+447911123456', '+44 791****3456'],
    ['+34912345678', '+34 912****5678'],
    ['+3491234567', '+34 91****67'],
    ['+35312345', '+353 ****'],
  ])('%s shows as %s', (e164, masked) => {
    expect(maskPhone(e164)).toBe(masked);
  });

  it('never shows more than seven of the digits', () => {
    const masked = maskPhone('+8613812345678');
    expect(masked.replace(/\D/g, '').length).toBeLessThanOrEqual(2 + 7);
    expect(masked).not.toContain('1234');
  });
});
