import { parsePhoneNumberWithError, ParseError, type CountryCode } from 'libphonenumber-js/max';
import { ValidationFailedError } from './errors.js';

export interface PhoneNumber {
  /** E.164, e.g. +14155552671 */
  e164: string;
  /** Country calling code without the plus, e.g. "1" or "86": the key of a relay pool. */
  callingCode: string;
  /** ISO 3166-1 alpha-2 when known. */
  country: string | null;
  masked: string;
}

// Numbers that would bill the buyer or cannot be a person's phone.
const REJECTED_TYPES = new Set(['PREMIUM_RATE', 'SHARED_COST', 'VOICEMAIL', 'UAN', 'PAGER']);

/**
 * Parses and normalises a phone number to E.164. A national number needs `defaultCountry`.
 * Throws `ValidationFailedError` naming `field` for anything that is not a dialable personal number.
 */
export function parsePhone(input: string, field: string, defaultCountry?: string): PhoneNumber {
  const fail = (reason: string): never => {
    throw new ValidationFailedError(`${field} is not a valid phone number: ${reason}`, [{ field, message: reason }]);
  };
  const raw = input.trim();
  if (raw.length === 0 || raw.length > 32) fail('expected 1 to 32 characters');
  if (!raw.startsWith('+') && !defaultCountry) {
    fail('a national number needs a country; use E.164 (+12125550100) or pass "country"');
  }
  let parsed;
  try {
    parsed = parsePhoneNumberWithError(raw, defaultCountry ? { defaultCountry: defaultCountry as CountryCode } : undefined);
  } catch (error) {
    if (error instanceof ParseError) return fail(error.message.toLowerCase().replace(/_/g, ' '));
    throw error;
  }
  if (!parsed.isPossible()) fail('not a possible number for its country');
  if (!parsed.isValid()) fail('not a valid number for its country');
  const type = parsed.getType();
  if (type && REJECTED_TYPES.has(type)) fail(`numbers of type ${type.toLowerCase()} are not accepted`);
  return toPhoneNumber(parsed.number, parsed.countryCallingCode, parsed.country ?? null);
}

/** For numbers we already hold in E.164 (relay numbers, carrier webhooks), where rejection is not wanted. */
export function phoneFromE164(e164: string): PhoneNumber {
  try {
    const parsed = parsePhoneNumberWithError(e164);
    return toPhoneNumber(parsed.number, parsed.countryCallingCode, parsed.country ?? null);
  } catch {
    return { e164, callingCode: '', country: null, masked: maskPhone(e164) };
  }
}

/** How a label prints relay number X with extension E (extension mode). */
export interface ExtensionForms {
  /** `+1 617 555 0173 ext. 48210`: libphonenumber's international format, the same " ext. " everywhere. */
  display: string;
  /** `+16175550173,,48210`: phones that dial it wait for the answer and send the extension as DTMF. */
  dialString: string;
  /** `tel:+16175550173,,48210` for QR codes: phones dial the pauses; RFC 3966's `;ext=` is not dialled. */
  telUri: string;
}

export function extensionForms(relayE164: string, extension: string): ExtensionForms {
  let display = `${relayE164} ext. ${extension}`;
  try {
    display = parsePhoneNumberWithError(relayE164).format('INTERNATIONAL') + ` ext. ${extension}`;
  } catch (error) {
    // A relay number libphonenumber cannot read still gets a usable (unformatted) label.
    if (!(error instanceof ParseError)) throw error;
  }
  const dialString = `${relayE164},,${extension}`;
  return { display, dialString, telUri: `tel:${dialString}` };
}

function toPhoneNumber(e164: string, callingCode: string, country: string | null): PhoneNumber {
  return { e164, callingCode, country, masked: maskE164(e164, callingCode) };
}

/**
 * What a carrier's `From` says about the sender. Only a `number` can be called or texted back; a withheld
 * caller ID, an alphanumeric sender ID, a short code or a number of a type checkout refuses (premium
 * rate and the like) is never a counterpart, a reply target or a former party.
 */
export interface CallerId {
  kind: 'number' | 'withheld' | 'sender_id';
  reachable: boolean;
  /** A masked number, `withheld`, or the sender ID / short code as sent (a brand, not a person's phone). */
  masked: string;
}

const E164 = /^\+[1-9]\d{6,14}$/;
const WITHHELD_WORDS = new Set(['', 'anonymous', 'restricted', 'unavailable', 'unknown', 'private']);
// The carrier's stand-ins for a withheld number: valid E.164 to libphonenumber, nobody's phone.
const PLACEHOLDERS = new Set(['+266696687', '+7378742833', '+86282452253', '+2562533', '+8656696']);
// Alphanumeric sender IDs are at most 11 characters and short codes a few digits; anything else printable is cut.
const SENDER_ID = /^[\p{L}\p{N} ._&'-]{1,20}$/u;

export function callerId(from: string): CallerId {
  const raw = from.trim();
  if (WITHHELD_WORDS.has(raw.toLowerCase()) || PLACEHOLDERS.has(raw)) return WITHHELD;
  if (E164.test(raw)) {
    let parsed;
    try {
      parsed = parsePhoneNumberWithError(raw);
    } catch {
      return { kind: 'number', reachable: true, masked: maskPhone(raw) };
    }
    const masked = maskE164(parsed.number, parsed.countryCallingCode);
    const type = parsed.getType();
    return type && REJECTED_TYPES.has(type) ? { kind: 'sender_id', reachable: false, masked } : { kind: 'number', reachable: true, masked };
  }
  // A short code is shown as it is; a longer run of digits may be someone's number written without "+".
  const masked = SENDER_ID.test(raw) ? raw.replace(/\d{7,}/g, (digits) => `****${digits.slice(-2)}`) : 'unknown sender';
  return { kind: 'sender_id', reachable: false, masked };
}

const WITHHELD: CallerId = { kind: 'withheld', reachable: false, masked: 'withheld' };

/**
 * The masked form, e.g. `+86 138****5678`: the calling code, at most the first three and the last four
 * digits of the national number, four stars for the rest. See maskNational for how much is hidden.
 */
export function maskPhone(e164: string): string {
  try {
    return maskE164(e164, parsePhoneNumberWithError(e164).countryCallingCode);
  } catch {
    // No calling code to set apart: the whole digit string counts as the national number.
    return `+${maskNational(e164.replace(/\D/g, ''))}`;
  }
}

function maskE164(e164: string, callingCode: string): string {
  return `+${callingCode} ${maskNational(e164.replace(/^\+/, '').slice(callingCode.length))}`;
}

/**
 * Shows the last four digits and, from 10 digits up, the first three (`415****2671`, `138****5678`:
 * the contract's forms, stable for every number already masked so). Shorter national numbers hide at
 * least four digits and at least a third of them, the head going first: a 9-digit number shows at
 * most five (`6****5678`), an 8-digit one four (`****5678`). The length alone decides, whatever the
 * country, so one number always gets one mask.
 */
export function maskNational(national: string): string {
  const n = national.length;
  if (n >= 10) return `${national.slice(0, 3)}****${national.slice(-4)}`;
  const shown = Math.max(0, n - Math.max(4, Math.ceil(n / 3)));
  const tail = Math.min(4, shown);
  return `${national.slice(0, shown - tail)}****${tail > 0 ? national.slice(-tail) : ''}`;
}
