import { CARRIER_OPT_IN_WORDS, CARRIER_OPT_OUT_WORDS, parseCarrierWord } from '../carrier-opt-out/carrier-words.js';
import { readText } from './keywords.js';

describe('readText: the keyword table of DESIGN.md, read as the whole text', () => {
  it.each([
    ['T', 'opt_out', 'buyer'],
    ['t d', 'opt_out', 'buyer'],
    ['TD.', 'opt_out', 'buyer'],
    ['ＴＤ', 'opt_out', 'buyer'],
    ['退订', 'opt_out', 'zh'],
    ['  退订。', 'opt_out', 'zh'],
    ['回复TD退订', 'opt_out', 'zh'],
    ['回复 TD 退订', 'opt_out', 'zh'],
    ['TD退订', 'opt_out', 'zh'],
    ['reply TD', 'opt_out', 'en'],
    ['Reply td!', 'opt_out', 'en'],
    ['Unsubscribe.', 'opt_out', 'en'],
    ['START', 'opt_in', 'en'],
    ['EXTEND', 'extend', 'en'],
    ['延长', 'extend', 'zh'],
    ['延期', 'extend', 'zh'],
    ['HELP', 'help', 'en'],
    ['帮助', 'help', 'zh'],
    ['SPAM', 'report', 'en'],
    ['jb', 'report', 'buyer'],
    ['举报', 'report', 'zh'],
    ['垃圾短信', 'report', 'zh'],
  ])('%s is %s, answered in %s', (body, action, lang) => {
    expect(readText(body).keyword).toMatchObject({ action, lang });
  });

  it.each(['Y', 'N', 'Yes', 'No', 'OK', 'Keep', '取消', 'Info', 'R', 'yes!', 'n.'])('"%s" is an everyday answer, forwarded', (body) => {
    const read = readText(body);
    expect(read.keyword).toBeNull();
    expect(read.forwarded).toBe(true);
  });

  it.each(['', 'Please stop by at 5', 'Stop the delivery, I am not home', 'TDD', '退订单', 'helpful', '回复退订', 'Reply T', '拒收'])(
    '"%s" is an ordinary message',
    (body) => {
      expect(readText(body)).toEqual({ keyword: null, carrierWord: false, forwarded: true });
    },
  );

  it.each(['STOP', 'stopall', 'Cancel', 'END', 'quit', 'REVOKE', 'optout', 'UNSTOP'])(
    '"%s" is the carrier\'s word, not Veil\'s, and not forwarded',
    (body) => {
      expect(readText(body)).toEqual({ keyword: null, carrierWord: true, forwarded: false });
    },
  );

  it('UNSUBSCRIBE and START are both: Veil acts, the carrier answers', () => {
    expect(readText('UNSUBSCRIBE')).toMatchObject({ keyword: { action: 'opt_out', carrier: true }, carrierWord: true });
    expect(readText('start')).toMatchObject({ keyword: { action: 'opt_in', carrier: true }, carrierWord: true });
    expect(readText('TD').keyword?.carrier).toBe(false);
  });

  it('YES is the carrier\'s word and an ordinary answer: forwarded', () => {
    expect(readText('YES')).toEqual({ keyword: null, carrierWord: true, forwarded: true });
  });
  it("knows exactly the carrier's words the carrier block acts on (one list, carrier-words.json)", () => {
    for (const word of [...CARRIER_OPT_OUT_WORDS, ...CARRIER_OPT_IN_WORDS]) {
      expect([word, readText(word).carrierWord]).toEqual([word, true]);
      expect([word, parseCarrierWord(word, '')]).toEqual([word, expect.any(String)]);
    }
    // The carrier answers these itself (HELP on every long code), so Veil's answer is not sent; 帮助 is Veil's.
    const carrierKeywords = ['UNSUBSCRIBE', 'START', 'TD', 'HELP', '帮助', 'EXTEND'].filter((k) => readText(k).keyword?.carrier);
    expect(carrierKeywords).toEqual(['UNSUBSCRIBE', 'START', 'HELP']);
    // INFO is answered by the carrier too, but for Veil it stays an everyday message.
    expect(readText('Info')).toEqual({ keyword: null, carrierWord: false, forwarded: true });
  });
});
