/** The carrier webhooks of the API contract. */
export const WEBHOOK_PATHS = {
  voice: '/webhooks/twilio/voice',
  voiceStatus: '/webhooks/twilio/voice/status',
  sms: '/webhooks/twilio/sms',
  smsStatus: '/webhooks/twilio/sms/status',
} as const;
