/** What Twilio does with an inbound text on a long code before Veil sees it. */
export type CarrierWord = 'stop' | 'start' | 'yes';

// Twilio's default opt-out and opt-in keywords on long codes (Advanced Opt-Out can change them).
const STOP_WORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT']);
const START_WORDS = new Set(['START', 'UNSTOP']);

/**
 * The carrier word a text is, if any. Twilio's `OptOutType` (STOP, START) is what it actually did and
 * wins; without it (an account with Advanced Opt-Out off on that path, or the simulator) the whole text,
 * case, spaces and punctuation aside, is matched against the default lists. YES undoes a STOP too, but
 * is also an everyday answer, so it is told apart.
 */
export function parseCarrierWord(body: string, optOutType: string): CarrierWord | null {
  const word = body.normalize('NFKC').toUpperCase().replace(/[\p{P}\p{S}\p{Z}\s]+/gu, '');
  if (word === 'YES' && optOutType.toUpperCase() !== 'STOP') return 'yes';
  const type = optOutType.toUpperCase();
  if (type === 'STOP') return 'stop';
  if (type === 'START') return 'start';
  if (STOP_WORDS.has(word)) return 'stop';
  if (START_WORDS.has(word)) return 'start';
  return null;
}
