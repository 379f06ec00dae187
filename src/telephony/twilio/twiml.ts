import twilio from 'twilio';

const { VoiceResponse, MessagingResponse } = twilio.twiml;

// Twilio gives up after 15 s in total; a forwarded leg rings this long before "no answer".
const DIAL_TIMEOUT_SECONDS = 30;
const VOICE = { language: 'en-US' as const };

/** `<Dial callerId="X">` so each side sees only the relay number. */
export function dialTwiml(relayNumber: string, target: string, actionUrl: string): string {
  const response = new VoiceResponse();
  response
    .dial({ callerId: relayNumber, action: actionUrl, method: 'POST', answerOnBridge: true, timeout: DIAL_TIMEOUT_SECONDS })
    .number(target);
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

export function emptyVoiceTwiml(): string {
  return new VoiceResponse().toString();
}

// Characters XML 1.0 cannot carry (C0 controls but tab, LF and CR; lone surrogates; U+FFFE, U+FFFF): the
// builder throws on them, which would drop the whole text. A text keeps everything else.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/** `<Message to="target" from="X">`; `action` receives the forwarded text's delivery status. */
export function messageTwiml(to: string, from: string, body: string, actionUrl: string): string {
  const response = new MessagingResponse();
  response.message({ to, from, action: actionUrl, method: 'POST' }, body.replace(NOT_XML_CHAR, ''));
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

export const VOICE_MESSAGES = {
  notInService: 'The number you have called is not in service. Goodbye.',
  nobodyToReach: 'Nobody can be reached through this number yet. Please try again later. Goodbye.',
  apology: 'Sorry, we cannot connect your call right now. Please try again later. Goodbye.',
};
