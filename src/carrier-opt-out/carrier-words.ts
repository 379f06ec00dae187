import table from './data/carrier-words.json' with { type: 'json' };

/** What Twilio does with an inbound text on a long code before Veil sees it. */
export type CarrierWord = 'stop' | 'start' | 'yes';

interface CarrierWordTable {
  optOut: string[];
  optIn: string[];
  alsoAnswers: string[];
  help: string[];
}

/** Twilio's default opt-out keywords on long codes (STOP, STOPALL…), as the data file spells them. */
export const CARRIER_OPT_OUT_WORDS: readonly string[] = (table as CarrierWordTable).optOut;
/** Its opt-in keywords (START, UNSTOP, YES). */
export const CARRIER_OPT_IN_WORDS: readonly string[] = (table as CarrierWordTable).optIn;
/** Opt-in words that are everyday answers too (YES): forwarded as well as acted on. */
export const CARRIER_WORDS_ALSO_ANSWERS: readonly string[] = (table as CarrierWordTable).alsoAnswers;
/** Words the carrier answers itself (HELP, INFO) without blocking anything. */
export const CARRIER_HELP_WORDS: readonly string[] = (table as CarrierWordTable).help;

const normalise = (body: string) => body.normalize('NFKC').toUpperCase().replace(/[\p{P}\p{S}\p{Z}\s]+/gu, '');
const STOP_WORDS = new Set(CARRIER_OPT_OUT_WORDS.map(normalise));
const ANSWER_WORDS = new Set(CARRIER_WORDS_ALSO_ANSWERS.map(normalise));
const START_WORDS = new Set(CARRIER_OPT_IN_WORDS.map(normalise).filter((w) => !ANSWER_WORDS.has(w)));

/**
 * The carrier word a text is, if any. Twilio's `OptOutType` (STOP, START) is what it actually did and
 * wins; without it (an account with Advanced Opt-Out off on that path, or the simulator) the whole text,
 * case, spaces and punctuation aside, is matched against the default lists. YES undoes a STOP too, but
 * is also an everyday answer, so it is told apart.
 */
export function parseCarrierWord(body: string, optOutType: string): CarrierWord | null {
  const word = normalise(body);
  const type = optOutType.toUpperCase();
  if (ANSWER_WORDS.has(word) && type !== 'STOP') return 'yes';
  if (type === 'STOP') return 'stop';
  if (type === 'START') return 'start';
  if (STOP_WORDS.has(word)) return 'stop';
  if (START_WORDS.has(word)) return 'start';
  return null;
}
