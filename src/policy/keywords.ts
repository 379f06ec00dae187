export type BuyerKeyword = 'opt_out' | 'opt_in' | 'extend' | 'help';

// Carrier and platform unsubscribe words in English and Chinese; matched as the whole text.
const OPT_OUT = new Set([
  'stop',
  'stopall',
  'unsubscribe',
  'cancel',
  'end',
  'quit',
  'optout',
  'revoke',
  't',
  'td',
  'n',
  'r',
  '退订',
  '取消',
  '拒收',
]);
const OPT_IN = new Set(['start', 'unstop', 'yes', 'optin']);
const EXTEND = new Set(['extend', 'keep', '延长']);
const HELP = new Set(['help', 'info', '帮助']);

/**
 * A buyer's keyword text, in any case, with any punctuation or spacing, with or without "reply"/"回复"
 * in front: "STOP", "Reply TD.", "回复 退订", "t d". Anything longer is an ordinary message.
 */
export function parseBuyerKeyword(body: string): BuyerKeyword | null {
  const normalised = body
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\p{Z}\s]+/gu, '')
    .replace(/^(reply|回复|回覆)/u, '');
  if (normalised.length === 0 || normalised.length > 12) return null;
  if (OPT_OUT.has(normalised)) return 'opt_out';
  if (OPT_IN.has(normalised)) return 'opt_in';
  if (EXTEND.has(normalised)) return 'extend';
  if (HELP.has(normalised)) return 'help';
  return null;
}
