import twilio from 'twilio';

const { VoiceResponse, MessagingResponse } = twilio.twiml;

// Twilio gives up after 15 s in total; a forwarded leg rings this long before "no answer".
const DIAL_TIMEOUT_SECONDS = 30;
// How long the buyer has to press a key once the screening announcement has played.
const SCREEN_KEY_SECONDS = 8;
const VOICE = { language: 'en-US' as const };
const LANGUAGES = { en: 'en-US', zh: 'cmn-CN' } as const;

export interface DialOptions {
  /** `timeLimit`: the forwarded call is cut after this many seconds. */
  timeLimitSeconds: number;
  /** `<Number url>`: TwiML run on the buyer's leg before it is bridged (the screening); null for none. */
  screenUrl: string | null;
}

/** `<Dial callerId="X" timeLimit=…>` so each side sees only the relay number. */
export function dialTwiml(relayNumber: string, target: string, actionUrl: string, options: DialOptions): string {
  const response = new VoiceResponse();
  response
    .dial({
      callerId: relayNumber,
      action: actionUrl,
      method: 'POST',
      answerOnBridge: true,
      timeout: DIAL_TIMEOUT_SECONDS,
      timeLimit: options.timeLimitSeconds,
    })
    .number(options.screenUrl ? { url: options.screenUrl, method: 'POST' } : {}, target);
  return response.toString();
}

/**
 * The buyer's leg, before it is bridged: the announcement, and with `acceptUrl` a key press as the only
 * way on. No key (a voicemail greeting, a machine) falls through to `<Hangup>`, which ends that leg only.
 */
export function screenTwiml(announcement: string, language: 'en' | 'zh', acceptUrl: string | null): string {
  const response = new VoiceResponse();
  const say = { language: LANGUAGES[language] };
  if (!acceptUrl) {
    response.say(say, announcement);
    return response.toString();
  }
  response.gather({ numDigits: 1, timeout: SCREEN_KEY_SECONDS, action: acceptUrl, method: 'POST' }).say(say, announcement);
  response.hangup();
  return response.toString();
}

// How long an extension-mode caller has to enter the extension once the prompt has played.
const EXTENSION_KEY_SECONDS = 10;

/**
 * Extension mode: the prompt for E, DTMF only (a dial string's pauses and digits arrive as key presses,
 * also while the prompt plays), in `language`. No digits: Twilio falls through to the goodbye; digits go
 * to `actionUrl`.
 */
export function extensionPromptTwiml(language: 'en' | 'zh', prompt: string, digits: number, actionUrl: string): string {
  const response = new VoiceResponse();
  const say = { language: LANGUAGES[language] };
  response
    .gather({ input: ['dtmf'], numDigits: digits, timeout: EXTENSION_KEY_SECONDS, action: actionUrl, method: 'POST' })
    .say(say, prompt);
  response.say(say, EXTENSION_MESSAGES.noExtension[language]);
  response.hangup();
  return response.toString();
}

export function sayAndHangupTwiml(text: string): string {
  const response = new VoiceResponse();
  response.say(VOICE, text);
  response.hangup();
  return response.toString();
}

/** `<Reject>` as the first verb: the caller is not answered, so nobody is billed. */
export function rejectTwiml(): string {
  const response = new VoiceResponse();
  response.reject({ reason: 'rejected' });
  return response.toString();
}

export function hangupTwiml(): string {
  const response = new VoiceResponse();
  response.hangup();
  return response.toString();
}

export function emptyVoiceTwiml(): string {
  return new VoiceResponse().toString();
}

// Characters XML 1.0 cannot carry (C0 controls but tab, LF and CR; lone surrogates; U+FFFE, U+FFFF): the
// builder throws on them, which would drop the whole text. A text keeps everything else.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/** Twilio forwards at most ten media items in one `<Message>`. */
export const MAX_MEDIA = 10;

/**
 * `<Message to="target" from="X">` with the text and the sender's media (MMS) as `<Media>` children;
 * `action` receives the forwarded text's delivery status. Never called with neither text nor media.
 */
export function messageTwiml(to: string, from: string, body: string, media: string[], actionUrl: string): string {
  const response = new MessagingResponse();
  const text = body.replace(NOT_XML_CHAR, '');
  if (media.length === 0) {
    response.message({ to, from, action: actionUrl, method: 'POST' }, text);
    return response.toString();
  }
  // The builder's empty body adds no text node: a photo alone is `<Message><Media>…</Media></Message>`.
  const message = response.message({ to, from, action: actionUrl, method: 'POST' }, '');
  if (text.length > 0) message.body(text);
  for (const url of media.slice(0, MAX_MEDIA)) message.media(url.replace(NOT_XML_CHAR, ''));
  return response.toString();
}

/** A reply from the relay itself to the sender (keyword confirmations). */
export function replyTwiml(body: string): string {
  const response = new MessagingResponse();
  response.message(body.replace(NOT_XML_CHAR, ''));
  return response.toString();
}

export function emptyMessagingTwiml(): string {
  return new MessagingResponse().toString();
}

export function sayAndHangupTwimlIn(language: 'en' | 'zh', text: string): string {
  const response = new VoiceResponse();
  response.say({ language: LANGUAGES[language] }, text);
  response.hangup();
  return response.toString();
}

/** Said to the buyer before the announcement when the caller withheld their number. */
export const HIDDEN_CALLER = { en: "The caller's number is hidden.", zh: '来电号码已隐藏。' } as const;

/**
 * Extension mode, in the language of the number's country (+86: Chinese) or of the tenant whose binding
 * the extension named: the prompt, the retry, the goodbyes, and the one reply a day to a text that names
 * no extension.
 */
export const EXTENSION_MESSAGES = {
  prompt: { en: 'Please enter the extension printed on your parcel.', zh: '请输入包裹上印的分机号。' },
  retry: { en: 'That extension is not in use. Please enter the extension again.', zh: '该分机号未在使用，请重新输入分机号。' },
  noExtension: { en: 'No extension was entered. Goodbye.', zh: '您没有输入分机号。再见。' },
  refused: {
    en: 'Too many extensions were tried from your phone. Please try again later. Goodbye.',
    zh: '您的电话尝试的分机号过多，请稍后再拨。再见。',
  },
  wrong: {
    en: 'That extension is not in use. Please check the label and call again. Goodbye.',
    zh: '该分机号未在使用，请核对包裹标签后重拨。再见。',
  },
  notInService: { en: 'The number you have called is not in service. Goodbye.', zh: '您拨打的号码已停止服务。再见。' },
  apology: {
    en: 'Sorry, we cannot connect your call right now. Please try again later. Goodbye.',
    zh: '抱歉，暂时无法接通您的电话，请稍后再拨。再见。',
  },
  hint: {
    en: 'Please start your text with the extension printed on your parcel, e.g. "48210 I am at the door".',
    zh: '请在短信开头输入包裹上印的分机号，例如"48210 我到门口了"。',
  },
} as const;

export const VOICE_MESSAGES = {
  notInService: 'The number you have called is not in service. Goodbye.',
  unreached: {
    en: 'The person you are calling could not be reached. Please try again later. Goodbye.',
    zh: '您拨打的用户暂时无法接通，请稍后再拨。再见。',
  },
  nobodyToReach: 'Nobody can be reached through this number yet. Please try again later. Goodbye.',
  apology: 'Sorry, we cannot connect your call right now. Please try again later. Goodbye.',
};
