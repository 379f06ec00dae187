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

function undoLeet(word: string): string {
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
  text = text.replace(/[a-z0-9€$@!]+/gu, undoLeet);
  return text.replace(/\s+/gu, ' ').trim();
}

const TYPED: readonly [RegExp, string][] = [
  [
    /https?:\/\/\S+|www\.\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|co|cn|io|me|ly|link|app|shop|store|uk|to|info|biz|vip|top|xyz)\b(?:\/\S*)?/gu,
    ' <url> ',
  ],
  [
    /[£$€¥￥]\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:k|m|bn))?|\b\d[\d,]*(?:\.\d+)?\s?(?:p|pence|pounds?|quid|dollars?|usd|gbp|rmb)\b|\d[\d,.]*\s?(?:元|块钱|块|万元|万)/gu,
    ' <price> ',
  ],
  [/\d+(?:\.\d+)?\s?%|\d(?:\.\d)?\s?折/gu, ' <pct> '],
  [/\b\d{1,2}:\d{2}\b|\b\d{1,2}\s?(?:am|pm)\b|\d{1,2}\s?[点時时](?:半)?/gu, ' <time> '],
  [/\b\d{1,2}\/\d{1,2}(?:\/\d{2,4})?\b|\d{1,2}月\d{1,2}[日号]/gu, ' <date> '],
  [/\+?\d[\d\s-]{8,}\d|\b[1-9x]x{4,}\b|[0-9]x{6,}/gu, ' <phone> '],
  [/\b(?:[a-z]+\d+[a-z\d]*|\d+[a-z]+\d[a-z\d]*)\b/gu, ' <code> '],
  // Masked numbers ("8xxxx", "xx月", "1xx") as published collections write them, and plain numbers.
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
