/** The carrier webhooks of the API contract. */
export const WEBHOOK_PATHS = {
  voice: '/webhooks/twilio/voice',
  voiceStatus: '/webhooks/twilio/voice/status',
  /** `<Number url>` on the buyer's leg: the screening, and the key press that accepts the call. */
  voiceScreen: '/webhooks/twilio/voice/screen',
  voiceScreenAccept: '/webhooks/twilio/voice/screen/accept',
  /** Extension mode: the `<Gather>` action with the extension the caller entered. */
  voiceExtension: '/webhooks/twilio/voice/extension',
  sms: '/webhooks/twilio/sms',
  smsStatus: '/webhooks/twilio/sms/status',
} as const;

/** Twilio's id of one webhook delivery attempt, the same on a retry of it. */
export const IDEMPOTENCY_HEADER = 'i-twilio-idempotency-token';
