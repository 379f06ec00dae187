import { ValidationFailedError } from './errors.js';
import { callerId, maskPhone, parsePhone } from './phone.js';

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
    ['+1 415 555 26719999', undefined, 'not a possible number for its country'],
    ['hello', 'US', 'not a number'],
    ['', undefined, 'expected 1 to 32 characters'],
    ['+19005551234', undefined, 'premium_rate'],
    ['+14155552671'.repeat(3), undefined, 'expected 1 to 32 characters'],
  ])('rejects %s', (input, country, reason) => {
    const attempt = () => parsePhone(input, 'buyerPhone', country);
    expect(attempt).toThrow(ValidationFailedError);
    expect(attempt).toThrow(reason);
    // The reason is a detail of its own, word for word, so the row cannot pass on any message at all.
    expect(reason.length).toBeGreaterThan(5);
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
    ['+33612345678', '+33 6****5678'],
    ['+447911123456', '+44 791****3456'],
    ['+34912345678', '+34 9****5678'],
    ['+3491234567', '+34 ****4567'],
    ['+35312345', '+353 ****5'],
    ['+493012345678', '+49 301****5678'],
  ])('%s shows as %s', (e164, masked) => {
    expect(maskPhone(e164)).toBe(masked);
  });

  // Every national length E.164 allows, in several countries: what a mask shows of the national number.
  const numbers = [
    '+14155552671',
    '+8613812345678',
    '+33612345678',
    '+447911123456',
    '+4930123456',
    '+49301234567',
    '+493012345678',
    '+4930123456789',
    '+35312345',
    '+3531234567',
    '+37212345',
    '+3721234567',
    '+6591234567',
    '+85291234567',
    '+861381234567',
    '+79161234567',
  ];
  const shownOf = (e164: string) => {
    const callingCode = maskPhone(e164).slice(1).split(' ')[0]!;
    const national = e164.slice(1 + callingCode.length);
    const shown = maskPhone(e164).split(' ')[1]!.replace(/\*/g, '');
    return { national, shown };
  };

  it.each(numbers)('hides at least four digits and a third of %s, but for the 10-digit contract form', (e164) => {
    const { national, shown } = shownOf(e164);
    const hidden = national.length - shown.length;
    if (national.length === 10) expect(hidden).toBe(3);
    else expect(hidden).toBeGreaterThanOrEqual(Math.max(4, Math.ceil(national.length / 3)));
    // What is shown is the number's own head and tail, never digits from its middle.
    const tail = Math.min(4, shown.length);
    expect(national.endsWith(shown.slice(shown.length - tail))).toBe(true);
    expect(national.startsWith(shown.slice(0, shown.length - tail))).toBe(true);
  });

  it('shows at most five digits of a 9-digit national number, whatever the country', () => {
    for (const e164 of ['+33612345678', '+34912345678', '+353861234567', '+46701234567', '+41791234567']) {
      const { national, shown } = shownOf(e164);
      expect([e164, national.length]).toEqual([e164, 9]);
      expect([e164, shown.length]).toEqual([e164, 5]);
    }
  });

  it('gives one number one mask, whichever way it came in', () => {
    for (const e164 of ['+14155552671', '+8613812345678', '+33612345678', '+447911123456', '+4930123456', '+79161234567']) {
      const parsed = parsePhone(e164, 'phone');
      expect([e164, parsed.masked]).toEqual([e164, maskPhone(e164)]);
      expect(maskPhone(e164)).toBe(maskPhone(e164));
      // A national number written with spaces or in national format masks the same as its E.164.
      expect(parsePhone(e164.replace(/(\d{3})(?=\d)/g, '$1 '), 'phone').masked).toBe(parsed.masked);
    }
    expect(parsePhone('(415) 555-2671', 'phone', 'US').masked).toBe('+1 415****2671');
    expect(parsePhone('06 12 34 56 78', 'phone', 'FR').masked).toBe('+33 6****5678');
  });

  it('masks what it cannot parse by the same rule, never showing the whole string', () => {
    expect(maskPhone('+999123456789')).toBe('+999****6789');
    expect(maskPhone('+12')).toBe('+****');
  });
});

describe('callerId: what a carrier From says about the sender', () => {
  it.each(['', 'anonymous', 'Anonymous', 'Restricted', 'UNAVAILABLE', '+266696687', '+7378742833', '+86282452253', '+2562533', '+8656696'])(
    '"%s" is a withheld caller',
    (from) => {
      expect(callerId(from)).toEqual({ kind: 'withheld', reachable: false, masked: 'withheld' });
    },
  );

  it.each([
    ['SHOPNOW', 'SHOPNOW'],
    ['12345', '12345'],
    ['+19002345678', '+1 900****5678'],
    ['+449098790123', '+44 909****0123'],
    ['4155552671', '****71'],
    ['client:alice', 'unknown sender'],
  ])('"%s" is a sender no one can reach back, shown as %s', (from, masked) => {
    expect(callerId(from)).toEqual({ kind: 'sender_id', reachable: false, masked });
  });

  it.each([
    ['+14155552671', '+1 415****2671'],
    ['+18002345678', '+1 800****5678'],
  ])('"%s" is a number (toll-free included)', (from, masked) => {
    expect(callerId(from)).toEqual({ kind: 'number', reachable: true, masked });
  });
});
