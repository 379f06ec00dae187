import { parseCarrierWord } from './carrier-words.js';

describe('parseCarrierWord', () => {
  it.each(['STOP', 'stop', ' Stop. ', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT', 'opt-out'])(
    '%s is the carrier opt-out',
    (body) => expect(parseCarrierWord(body, '')).toBe('stop'),
  );

  it.each(['START', 'unstop', 'Start!'])('%s undoes it', (body) => expect(parseCarrierWord(body, '')).toBe('start'));

  it('tells YES apart: it undoes the opt-out and is an answer too', () => {
    expect(parseCarrierWord('Yes', '')).toBe('yes');
    expect(parseCarrierWord('YES', 'START')).toBe('yes');
  });

  it.each(['stop at the gate please', 'T', 'TD', '退订', 'Y', 'No', 'HELP'])('%s is not a carrier word', (body) =>
    expect(parseCarrierWord(body, '')).toBeNull(),
  );

  it("trusts Twilio's OptOutType over the text (Advanced Opt-Out keywords)", () => {
    expect(parseCarrierWord('ARRET', 'STOP')).toBe('stop');
    expect(parseCarrierWord('REPRENDRE', 'START')).toBe('start');
    expect(parseCarrierWord('INFO', 'HELP')).toBeNull();
  });
});
