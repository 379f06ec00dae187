import { CARRIER_HELP_WORDS, CARRIER_OPT_IN_WORDS, CARRIER_OPT_OUT_WORDS, CARRIER_WORDS_ALSO_ANSWERS } from '../carrier-opt-out/carrier-words.js';
import table from './data/keywords.json' with { type: 'json' };

export type KeywordAction = 'opt_out' | 'opt_in' | 'extend' | 'help' | 'report';
/** The language of the answer; `buyer`: the buyer's (the tenant's locale, else +86 Chinese, else English). */
export type KeywordLanguage = 'en' | 'zh' | 'buyer';

export interface BuyerKeyword {
  /** The table's spelling, e.g. `TD`. */
  text: string;
  action: KeywordAction;
  lang: KeywordLanguage;
  /** The carrier acts on this word too and answers it itself: Veil's answer is not sent. */
  carrier: boolean;
}

/** What a text is, read as a whole: a Veil keyword of the buyer, a carrier word, or a message. */
export interface ReadText {
  keyword: BuyerKeyword | null;
  /** One of the carrier's own opt-out / opt-in words (STOP, START, YES…), whoever sent it. */
  carrierWord: boolean;
  /** A carrier word that is also an everyday answer (YES): forwarded like any message. */
  forwarded: boolean;
}

interface KeywordTable {
  keywords: { text: string; action: KeywordAction; lang: KeywordLanguage }[];
}

/** Case, width, spaces and punctuation ignored: "Reply TD." and "reply td" and "ＴＤ" read alike. */
export function normaliseKeyword(body: string): string {
  return body
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\p{Z}\s]+/gu, '');
}

// The carrier's words come from the carrier opt-out's own list: one list, read by both.
const CARRIER_WORDS = new Set([...CARRIER_OPT_OUT_WORDS, ...CARRIER_OPT_IN_WORDS].map(normaliseKeyword));
const FORWARDED_CARRIER_WORDS = new Set(CARRIER_WORDS_ALSO_ANSWERS.map(normaliseKeyword));
// Words the carrier answers (its opt-out and opt-in words, and HELP): Veil's answer would be a second one.
const CARRIER_ANSWERS = new Set([...CARRIER_WORDS, ...CARRIER_HELP_WORDS.map(normaliseKeyword)]);
const KEYWORDS = new Map<string, BuyerKeyword>(
  (table as KeywordTable).keywords.map((k) => {
    const key = normaliseKeyword(k.text);
    return [key, { text: k.text, action: k.action, lang: k.lang, carrier: CARRIER_ANSWERS.has(key) }];
  }),
);
const LONGEST = Math.max(...[...KEYWORDS.keys(), ...CARRIER_WORDS].map((k) => k.length));

/** Reads a whole text against the keyword table; anything else (Y, N, OK, 取消, "Stop by at 5") is a message. */
export function readText(body: string): ReadText {
  // Cheap exit for the usual case: a message longer than any keyword even before normalising.
  if (body.length > LONGEST * 4) return { keyword: null, carrierWord: false, forwarded: true };
  const normalised = normaliseKeyword(body);
  const carrierWord = CARRIER_WORDS.has(normalised);
  return {
    keyword: KEYWORDS.get(normalised) ?? null,
    carrierWord,
    forwarded: !carrierWord || FORWARDED_CARRIER_WORDS.has(normalised),
  };
}
