import * as OpenCC from 'opencc-js/t2cn';

/**
 * What the marketing filter reads instead of the raw body:
 *   plain  NFKC (full-width letters and digits become ASCII), lower case, Traditional Chinese turned into
 *          Simplified, and the evasions undone: "优 惠" → "优惠", "V信" → "微信", "0ff" → "off",
 *          "fr€e" → "free", "f r e e" → "free";
 *   typed  the same with links, prices, percentages, phone numbers, codes, times and other numbers turned
 *          into typed tokens (`<url>`, `<price>`…), so that "£250" and "$1,000" teach the model one thing.
 * The named signals read `plain` (their patterns know currency signs); the n-grams read `typed`.
 */
export interface NormalisedText {
  plain: string;
  typed: string;
  /** Three in four letters capitalised, over at least ten letters: bulk senders shout, people rarely. */
  shouting: boolean;
}

const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });

const HAN = /\p{Script=Han}/u;
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '€': 'e', $: 's', '@': 'a', '!': 'i' };
// Tokens with digits that are ordinary words, not disguised ones: times, ordinals, sizes, SMS-speak.
const NOT_LEET = /^\d+(?:am|pm|st|nd|rd|th|k|gb|mb|g|kg|ml|cm|mm|p|x|min|mins|hr|hrs|yr|yrs|s|h|m|d)$|^[a-z]+\d+$/u;

/**
 * SMS-speak written with digits, spelled out so that "2day" teaches what "today" teaches (and is not read
 * as a number): the common forms only, whole words.
 */
const SMS_SPEAK: Record<string, string> = {
  '2day': 'today',
  '2nite': 'tonight',
  '2nyt': 'tonight',
  '2night': 'tonight',
  '2moro': 'tomorrow',
  '2morrow': 'tomorrow',
  '2morow': 'tomorrow',
  '2mrw': 'tomorrow',
  '2moz': 'tomorrow',
  '2mro': 'tomorrow',
  '2u': 'to you',
  '4u': 'for you',
  '4ur': 'for your',
  '2ur': 'to your',
  '4ever': 'forever',
  '4get': 'forget',
  '2gether': 'together',
  b4: 'before',
  gr8: 'great',
  l8r: 'later',
  l8: 'late',
  w8: 'wait',
  m8: 'mate',
  m8s: 'mates',
  h8: 'hate',
  d8: 'date',
  str8: 'straight',
  ne1: 'anyone',
  any1: 'anyone',
  some1: 'someone',
  every1: 'everyone',
  no1: 'no one',
  wk: 'week',
  wkly: 'weekly',
};
const SMS_WORD = new RegExp(`(?<![a-z0-9])(?:${Object.keys(SMS_SPEAK).join('|')})(?![a-z0-9])`, 'gu');
/** "stop2end", "call2optout", "txt2win": a 2 (or 4) glued between words is "to" ("for"). */
const GLUED = /(?<![a-z0-9])([a-z]{2,})([24])([a-z]{2,})(?![a-z0-9])/gu;
/** A lone 2 or 4 before these words is "to" or "for" ("eligible 2 a free upgrade 4 ur mobile"), not a count. */
const AFTER_TO_FOR =
  'u|ur|you|your|a|an|the|me|us|him|her|them|c|see|be|b|claim|win|receive|chat|end|stop|unsubscribe|optout|opt|start|join|all|this|that|txt|text|call|reply|play|enter|go|do|find|meet|talk|hear|know|say|take|make|come|help|book|order|every|free|just';
const LONE_TO_FOR = new RegExp(`(?<=[a-z][.,!?]? )([24]) (?=(?:${AFTER_TO_FOR})(?![a-z0-9]))`, 'gu');

function undoSmsSpeak(text: string): string {
  return text
    .replace(SMS_WORD, (word) => SMS_SPEAK[word]!)
    .replace(GLUED, (_, a: string, digit: string, b: string) => `${a} ${digit === '2' ? 'to' : 'for'} ${b}`)
    .replace(LONE_TO_FOR, (_, digit: string) => (digit === '2' ? 'to ' : 'for '));
}

function undoLeet(word: string): string {
  // "free!!", "winner!": exclamation marks after a word are punctuation, not a disguised i.
  const trailing = /!+$/u.exec(word)?.[0] ?? '';
  if (trailing) return undoLeet(word.slice(0, -trailing.length)) + trailing;
  if (!/[a-wyz]/u.test(word) || !/[01345€$@!]/u.test(word) || NOT_LEET.test(word)) return word;
  const letters = word.replace(/[^a-z]/gu, '').length;
  const swapped = [...word].map((c) => LEET[c] ?? c).join('');
  // A real disguise keeps most of the word in letters and leaves no other digit behind ("0ff", "fr€e", "w1n").
  return letters >= 2 && /^[a-z]+$/u.test(swapped) && swapped.length <= 12 ? swapped : word;
}

function plainText(body: string): string {
  let text = body
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[‘’`´]/gu, "'")
    .replace(/[“”]/gu, '"');
  if (HAN.test(text)) {
    text = toSimplified(text)
      // Spaces or dots between Chinese characters hide words from substring filters.
      .replace(/(\p{Script=Han})[\s.·_\-*]+(?=\p{Script=Han})/gu, '$1')
      .replace(/(?:v|威|薇|维|卫|徽)\s*信|(?<![a-z])(?:vx|wx|weixin)(?![a-z])/gu, '微信');
  }
  // "f r e e", "s.a.l.e": four or more single letters with separators between them.
  text = text.replace(/(?<![a-z])[a-z](?:[ .][a-z]){3,}(?![a-z])/gu, (run) => run.replace(/[ .]/gu, ''));
  text = undoSmsSpeak(text);
  text = text.replace(/[a-z0-9€$@!]+/gu, undoLeet);
  return text.replace(/\s+/gu, ' ').trim();
}

const TYPED: readonly [RegExp, string][] = [
  [
    /https?:\/\/\S+|www\.\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|co|cn|io|me|ly|link|app|shop|store|uk|to|info|biz|vip|top|xyz)\b(?:\/\S*)?/gu,
    ' <url> ',
  ],
  [
    /[£$€¥￥₹]\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:k|m|bn))?|\b(?:rs|inr|sgd|rm)\.?\s?\d[\d,]*(?:\.\d+)?(?:\/-)?|\b\d[\d,]*(?:\.\d+)?\s?(?:p|pence|pounds?|quid|dollars?|usd|gbp|rmb)\b|\d[\d,.]*\s?(?:元|块钱|块|万元|万)/gu,
    ' <price> ',
  ],
  [/\d+(?:\.\d+)?\s?%|\d(?:\.\d)?\s?折/gu, ' <pct> '],
  [/\b\d{1,2}:\d{2}\b|\b\d{1,2}\s?(?:am|pm)\b|\d{1,2}\s?[点時时](?:半)?/gu, ' <time> '],
  [/\b\d{1,2}\/\d{1,2}(?:\/\d{2,4})?\b|\d{1,2}月\d{1,2}[日号]/gu, ' <date> '],
  // Premium-rate lines (UK 09…, 087…; US 1-900), then short codes: 4 to 6 digits that a text is sent
  // to ("txt WIN to 82345", "send STOP to 8xxxx"), then other phone numbers.
  [/(?<![\d+])(?:\+?44\s?|0)(?:9\d{2}|87\d)[\d\s-]{6,9}\d(?!\d)|(?<!\d)\+?1[\s-]?900[\d\s-]{6,9}\d(?!\d)/gu, ' <premium> '],
  [/(?<=\b(?:to|2|on|txt|text|sms|send|reply)\s)(?:\d{4,6}|[1-9x]x{3,5})(?![\d\s-]*\d{3})\b/gu, ' <shortcode> '],
  [/\+?\d[\d\s-]{8,}\d|\b[1-9x]x{4,}\b|[0-9]x{6,}/gu, ' <phone> '],
  [/\b(?:[a-z]+\d+[a-z\d]*|\d+[a-z]+\d[a-z\d]*)\b/gu, ' <code> '],
  // Masked numbers ("8xxxx", "xx月", "1xx") as published collections write them, and plain numbers.
  // Four digits or more ("4821", "482113": pick-up codes, PINs, references) apart from small counts.
  [/(?<!\d|\d[.,])\d{4,}(?!\d|[.,]\d)/gu, ' <digits> '],
  [/\d+x+\d*|(?<=\p{Script=Han})x+|x+(?=\p{Script=Han})|\d+(?:[.,]\d+)*/gu, ' <num> '],
];

function typedText(plain: string): string {
  let text = plain;
  for (const [pattern, token] of TYPED) text = text.replace(pattern, token);
  return text.replace(/\s+/gu, ' ').trim();
}

export function normaliseText(body: string): NormalisedText {
  const capitals = body.match(/[A-Z]/gu)?.length ?? 0;
  const lower = body.match(/[a-z]/gu)?.length ?? 0;
  const plain = plainText(body);
  return { plain, typed: typedText(plain), shouting: capitals + lower >= 10 && capitals >= 3 * lower };
}
