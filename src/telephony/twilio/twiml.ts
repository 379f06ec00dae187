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

/** `<Message to="target" from="X">`; `action` receives the forwarded text's delivery status. */
export function messageTwiml(to: string, from: string, body: string, actionUrl: string): string {
  const response = new MessagingResponse();
  response.message({ to, from, action: actionUrl, method: 'POST' }, body);
  return response.toString();
}

/** A reply from the relay itself to the sender (keyword confirmations). */
export function replyTwiml(body: string): string {
  const response = new MessagingResponse();
  response.message(body);
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
