import { randomBytes } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import twilio from 'twilio';
import { TEST_ENV } from './test-app.js';

export const ACCOUNT_SID = `AC${'0'.repeat(32)}`;

export interface WebhookAnswer {
  status: number;
  text: string;
  contentType: string | null;
  /** The TwiML parsed: `{ Response: { Dial: {...} } }`, attributes prefixed with `@_`. */
  twiml: any;
  /** The verbs of `<Response>` in document order. */
  verbs: string[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseAttributeValue: false,
  parseTagValue: false,
});
const orderedParser = new XMLParser({ ignoreAttributes: true, preserveOrder: true });

export function callSid(): string {
  return `CA${randomBytes(16).toString('hex')}`;
}

export function messageSid(): string {
  return `SM${randomBytes(16).toString('hex')}`;
}

/**
 * Posts a form-encoded webhook the way Twilio does, signed with the `twilio` package's own helper over
 * the public URL (PUBLIC_BASE_URL + path), to the app's local address.
 */
export async function postWebhook(
  baseUrl: string,
  path: string,
  params: Record<string, string>,
  options: { signature?: string | null; authToken?: string; publicBaseUrl?: string; headers?: Record<string, string> } = {},
): Promise<WebhookAnswer> {
  const publicUrl = `${options.publicBaseUrl ?? TEST_ENV.PUBLIC_BASE_URL}${path}`;
  const signature =
    options.signature === undefined
      ? twilio.getExpectedTwilioSignature(options.authToken ?? TEST_ENV.TWILIO_AUTH_TOKEN, publicUrl, params)
      : options.signature;
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', ...options.headers };
  if (signature !== null) headers['x-twilio-signature'] = signature;
  const response = await fetch(`${baseUrl}${path}`, { method: 'POST', headers, body: new URLSearchParams(params).toString() });
  const text = await response.text();
  const isXml = text.trim().startsWith('<');
  return {
    status: response.status,
    text,
    contentType: response.headers.get('content-type'),
    twiml: isXml ? parser.parse(text) : null,
    verbs: isXml ? verbsOf(text) : [],
  };
}

function verbsOf(xml: string): string[] {
  const doc = orderedParser.parse(xml) as Record<string, unknown>[];
  const response = doc.find((node) => 'Response' in node) as { Response: Record<string, unknown>[] } | undefined;
  return (response?.Response ?? []).flatMap((node) => Object.keys(node).filter((key) => key !== '#text'));
}

export function voiceParams(from: string, to: string, sid = callSid()): Record<string, string> {
  return {
    AccountSid: ACCOUNT_SID,
    CallSid: sid,
    From: from,
    To: to,
    CallStatus: 'ringing',
    Direction: 'inbound',
    ApiVersion: '2010-04-01',
  };
}

export function smsParams(from: string, to: string, body: string, sid = messageSid()): Record<string, string> {
  return {
    AccountSid: ACCOUNT_SID,
    MessageSid: sid,
    SmsSid: sid,
    From: from,
    To: to,
    Body: body,
    NumMedia: '0',
    ApiVersion: '2010-04-01',
  };
}

/** An MMS as Twilio posts it: `NumMedia` and `MediaUrl<i>` / `MediaContentType<i>` per item; `Body` may be empty. */
export function mmsParams(from: string, to: string, body: string, mediaUrls: string[], sid = messageSid()): Record<string, string> {
  const params = smsParams(from, to, body, sid);
  params.NumMedia = String(mediaUrls.length);
  mediaUrls.forEach((url, i) => {
    params[`MediaUrl${i}`] = url;
    params[`MediaContentType${i}`] = 'image/jpeg';
  });
  return params;
}

/** A photo stored at the carrier, as Twilio names them. */
export function mediaUrl(): string {
  return `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${messageSid()}/Media/ME${randomBytes(16).toString('hex')}`;
}
