import { randomBytes } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import twilio from 'twilio';
import { maskPhone } from '../../common/phone.js';
import { WEBHOOK_PATHS } from '../webhook-paths.js';

export type DialOutcome = 'completed' | 'busy' | 'no-answer' | 'failed';

export interface CarrierSimulatorOptions {
  /** Where Veil listens, e.g. http://127.0.0.1:3000 */
  targetUrl: string;
  /** The URL Veil believes the carrier calls (PUBLIC_BASE_URL): signatures are computed over it. */
  publicBaseUrl: string;
  authToken: string;
  accountSid?: string;
}

type Node = Record<string, unknown>;
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', preserveOrder: true, parseTagValue: false });

/**
 * Plays the carrier from the outside, as Twilio would: signed, form-encoded webhooks to Veil, then says
 * in plain words what the carrier would do with the TwiML Veil answers. Numbers are printed masked.
 */
export class CarrierSimulator {
  private readonly accountSid: string;

  constructor(private readonly options: CarrierSimulatorOptions) {
    this.accountSid = options.accountSid ?? `AC${'0'.repeat(32)}`;
  }

  async call(from: string, to: string, outcome: DialOutcome = 'completed', durationSeconds = 42): Promise<string[]> {
    const callSid = `CA${randomBytes(16).toString('hex')}`;
    const lines = [`${maskPhone(from)} calls ${maskPhone(to)} (${callSid})`];
    const verbs = await this.post(WEBHOOK_PATHS.voice, {
      AccountSid: this.accountSid,
      CallSid: callSid,
      From: from,
      To: to,
      CallStatus: 'ringing',
      Direction: 'inbound',
    });
    for (const { name, attributes, children, text } of verbs) {
      if (name === 'Reject') {
        lines.push('call rejected: the caller hears it fail and is not billed');
        return lines;
      }
      if (name === 'Say') lines.push(`caller hears: "${text}"`);
      if (name === 'Hangup') {
        lines.push('call ends');
        return lines;
      }
      if (name === 'Dial') {
        const number = children.find((c) => c.name === 'Number')?.text ?? '?';
        lines.push(`rings ${maskPhone(number)}, shown caller ID ${maskPhone(String(attributes.callerId ?? ''))}`);
        const answered = outcome === 'completed';
        lines.push(answered ? `answered; they talk for ${durationSeconds} s` : `not connected: ${outcome}`);
        if (attributes.action) {
          await this.post(new URL(String(attributes.action)).pathname, {
            AccountSid: this.accountSid,
            CallSid: callSid,
            DialCallStatus: outcome,
            DialCallDuration: answered ? String(durationSeconds) : '0',
          });
        }
        lines.push('call ends');
        return lines;
      }
    }
    lines.push('call ends');
    return lines;
  }

  async sms(from: string, to: string, body: string): Promise<string[]> {
    const messageSid = `SM${randomBytes(16).toString('hex')}`;
    const lines = [`${maskPhone(from)} texts ${maskPhone(to)}: "${body}" (${messageSid})`];
    const verbs = await this.post(WEBHOOK_PATHS.sms, {
      AccountSid: this.accountSid,
      MessageSid: messageSid,
      SmsSid: messageSid,
      From: from,
      To: to,
      Body: body,
      NumMedia: '0',
    });
    const messages = verbs.filter((v) => v.name === 'Message');
    if (messages.length === 0) lines.push('nothing is forwarded');
    for (const { attributes, text } of messages) {
      const recipient = String(attributes.to ?? from);
      const sender = String(attributes.from ?? to);
      lines.push(`text delivered to ${maskPhone(recipient)} from ${maskPhone(sender)}: "${text}"`);
      if (attributes.action) {
        const action = new URL(String(attributes.action));
        await this.post(`${action.pathname}${action.search}`, {
          AccountSid: this.accountSid,
          MessageSid: `SM${randomBytes(16).toString('hex')}`,
          MessageStatus: 'delivered',
        });
      }
    }
    return lines;
  }

  private async post(pathWithQuery: string, params: Record<string, string>): Promise<Verb[]> {
    const signature = twilio.getExpectedTwilioSignature(
      this.options.authToken,
      `${this.options.publicBaseUrl}${pathWithQuery}`,
      params,
    );
    const response = await fetch(`${this.options.targetUrl}${pathWithQuery}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(params).toString(),
    });
    const text = await response.text();
    if (response.status === 204) return [];
    if (!response.ok) throw new Error(`Veil answered ${response.status}: ${text}`);
    return readVerbs(text);
  }
}

interface Verb {
  name: string;
  attributes: Record<string, unknown>;
  text: string;
  children: Verb[];
}

function readVerbs(xml: string): Verb[] {
  const doc = parser.parse(xml) as Node[];
  const response = doc.find((n) => 'Response' in n);
  return toVerbs((response?.Response as Node[]) ?? []);
}

function toVerbs(nodes: Node[]): Verb[] {
  return nodes.flatMap((node) => {
    const name = Object.keys(node).find((k) => k !== ':@' && k !== '#text');
    if (!name) return [];
    const children = (node[name] as Node[]) ?? [];
    const text = children
      .map((c) => c['#text'])
      .filter((t) => t !== undefined)
      .join('');
    return [{ name, attributes: (node[':@'] as Record<string, unknown>) ?? {}, text: String(text), children: toVerbs(children) }];
  });
}
