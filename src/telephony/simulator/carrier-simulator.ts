import { randomBytes, randomInt } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import twilio from 'twilio';
import { maskPhone } from '../../common/phone.js';
import { WEBHOOK_PATHS } from '../webhook-paths.js';

/**
 * How the buyer's leg goes: `completed` (the buyer answers and, when screened, presses a key), `voicemail`
 * (a voicemail or machine answers and presses nothing), or the carrier's busy / no-answer / failed.
 */
export type DialOutcome = 'completed' | 'voicemail' | 'busy' | 'no-answer' | 'failed';
/** When the Dial action arrives: before the number's status callback, after it, or not at all. */
export type DialActionTiming = 'on-time' | 'late' | 'never';

export interface CallOptions {
  dialAction?: DialActionTiming;
  /** Deliver the webhook this many more times with the same CallSid and idempotency token. */
  redeliver?: number;
  /** Keys pressed at each `<Gather>` prompt in turn (an extension, then a retry); none left: nothing pressed. */
  digits?: string[];
}

export interface EnumerateOptions {
  /** How many calls to place, each guessing at the prompt and at its one retry. */
  calls: number;
  /** The first extension guessed (then counting up); unset: a random start. */
  start?: number;
}

export interface SmsOptions {
  /** MMS: media URLs as the carrier stores them (`MediaUrl0…`). */
  media?: string[];
  redeliver?: number;
}

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

/** A number masked, anything else (a withheld caller, a sender ID, a short code) as the carrier sends it. */
function shown(from: string): string {
  if (from === '') return '(empty caller ID)';
  return /^\+\d{6,}$/.test(from) ? maskPhone(from) : from;
}

const sid = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`;

/**
 * Plays the carrier from the outside, as Twilio would: signed, form-encoded webhooks to Veil, then says
 * in plain words what the carrier would do with the TwiML Veil answers. Numbers are printed masked.
 *
 * What it plays of the real network: withheld and placeholder caller IDs and sender IDs / short codes
 * (any `From`), MMS (`NumMedia`, `MediaUrl<i>`), redeliveries (same id and `I-Twilio-Idempotency-Token`),
 * the buyer's leg screened by `<Number url>` (a key press, or a voicemail that presses none), the Dial
 * action on time, late (after the number-level status callback) or never, and the keys a caller presses at
 * an extension prompt (`<Gather>`; a dial string's pauses are not timed; each answer to a prompt is
 * redelivered too with `redeliver`), and a caller enumerating extensions (`enumerate`). Gaps: no real audio or
 * timing, no carrier opt-out (STOP) interception, no delivery failures, no media fetch.
 */
export class CarrierSimulator {
  private readonly accountSid: string;

  constructor(private readonly options: CarrierSimulatorOptions) {
    this.accountSid = options.accountSid ?? `AC${'0'.repeat(32)}`;
  }

  async call(
    from: string,
    to: string,
    outcome: DialOutcome = 'completed',
    durationSeconds = 42,
    options: CallOptions = {},
  ): Promise<string[]> {
    const callSid = sid('CA');
    const lines = [`${shown(from)} calls ${maskPhone(to)} (${callSid})`];
    const params = {
      AccountSid: this.accountSid,
      CallSid: callSid,
      From: from,
      To: to,
      CallStatus: 'ringing',
      Direction: 'inbound',
    };
    const token = sid('idem-');
    const answer = await this.postText(WEBHOOK_PATHS.voice, params, token);
    await this.redeliver(WEBHOOK_PATHS.voice, params, token, answer, options.redeliver ?? 0, lines);
    let verbs = readVerbs(answer);
    let bridged = false;
    let callAnswered = false;
    const digits = [...(options.digits ?? [])];
    for (let i = 0; i < verbs.length; i++) {
      const { name, attributes, children, text } = verbs[i]!;
      if (name === 'Gather') {
        // A prompt (extension mode): the caller hears it and presses the next digits, as a dial string would.
        callAnswered = true;
        for (const say of children.filter((c) => c.name === 'Say')) lines.push(`caller hears: "${say.text}"`);
        const pressed = digits.shift();
        if (pressed === undefined || !attributes.action) {
          lines.push('caller presses nothing');
          continue;
        }
        lines.push(`caller presses ${pressed}`);
        const action = new URL(String(attributes.action));
        const path = `${action.pathname}${action.search}`;
        const pressedParams = { ...params, Digits: pressed };
        // Each answer to a prompt is a webhook of its own: its redeliveries carry their own token.
        const gatherToken = sid('idem-');
        const afterPress = await this.postText(path, pressedParams, gatherToken);
        await this.redeliver(path, pressedParams, gatherToken, afterPress, options.redeliver ?? 0, lines);
        verbs = readVerbs(afterPress);
        i = -1;
        continue;
      }
      if (name === 'Reject') {
        lines.push('call rejected: the caller hears it fail and is not billed');
        return lines;
      }
      if (name === 'Say') {
        lines.push(`caller hears: "${text}"`);
        callAnswered = true;
      }
      if (name === 'Hangup') break;
      if (name === 'Dial') {
        const number = children.find((c) => c.name === 'Number');
        const target = number?.text ?? '?';
        lines.push(`rings ${maskPhone(target)}, shown caller ID ${maskPhone(String(attributes.callerId ?? ''))}`);
        if (attributes.timeLimit) lines.push(`the call is cut after ${String(attributes.timeLimit)} s at most`);
        bridged = await this.buyerLeg(callSid, String(attributes.callerId ?? ''), target, number?.attributes.url, outcome, lines);
        lines.push(bridged ? `bridged; they talk for ${durationSeconds} s` : `not connected: ${outcome}`);
        callAnswered = bridged;
        const action = attributes.action ? new URL(String(attributes.action)) : null;
        const dialAction = {
          AccountSid: this.accountSid,
          CallSid: callSid,
          // A voicemail that answered the leg is a completed leg to the carrier, bridged or not.
          DialCallStatus: outcome === 'voicemail' ? 'completed' : outcome,
          DialCallDuration: bridged ? String(durationSeconds) : outcome === 'voicemail' ? '9' : '0',
        };
        const timing = options.dialAction ?? 'on-time';
        if (timing === 'late' || timing === 'never') {
          await this.statusCallback(callSid, bridged, durationSeconds, lines);
          if (timing === 'never') lines.push('the Dial action never comes');
        }
        if (action && timing !== 'never') {
          if (timing === 'late') lines.push('the Dial action comes late');
          for (const after of readVerbs(await this.postText(`${action.pathname}${action.search}`, dialAction))) {
            if (after.name === 'Say') lines.push(`caller hears: "${after.text}"`);
          }
        }
        if (timing === 'on-time') await this.statusCallback(callSid, bridged || callAnswered, durationSeconds, lines);
        lines.push('call ends');
        return lines;
      }
    }
    await this.statusCallback(callSid, callAnswered, 0, lines);
    lines.push('call ends');
    return lines;
  }

  /**
   * Someone trying extensions on an extension number (an enumerator): `calls` calls, each pressing a guess
   * at the prompt and another at the one retry, counting up. Says what each call got, and when the
   * guessing bounds (three wrong in ten minutes, or EXTENSION_REACH_PER_DAY reached) refuse the caller.
   * A guess that reaches a buyer rings them; nobody answers and the sim hangs up.
   */
  async enumerate(from: string, to: string, options: EnumerateOptions): Promise<string[]> {
    const lines = [
      `${shown(from)} tries extensions on ${maskPhone(to)}: ${options.calls} calls, a guess at the prompt and at its retry`,
    ];
    let next = options.start ?? null;
    const tally = { reached: 0, notInUse: 0, refused: 0, guesses: 0 };
    let firstRefused: number | null = null;
    for (let call = 1; call <= options.calls; call++) {
      const callSid = sid('CA');
      const params = {
        AccountSid: this.accountSid,
        CallSid: callSid,
        From: from,
        To: to,
        CallStatus: 'ringing',
        Direction: 'inbound',
      };
      let verbs = readVerbs(await this.postText(WEBHOOK_PATHS.voice, params));
      const pressed: string[] = [];
      for (let gather = verbs.find((v) => v.name === 'Gather'); gather; gather = verbs.find((v) => v.name === 'Gather')) {
        const digits = Number(gather.attributes.numDigits ?? 5);
        next ??= randomInt(10 ** digits);
        const guess = String(next++ % 10 ** digits).padStart(digits, '0');
        pressed.push(guess);
        tally.guesses++;
        const action = new URL(String(gather.attributes.action));
        verbs = readVerbs(await this.postText(`${action.pathname}${action.search}`, { ...params, Digits: guess }));
      }
      const said = verbs.find((v) => v.name === 'Say')?.text ?? '';
      const dial = verbs.find((v) => v.name === 'Dial');
      let outcome: string;
      if (dial) {
        tally.reached++;
        outcome = `reached a buyer: ${maskPhone(dial.children.find((c) => c.name === 'Number')?.text ?? '?')} rings, nobody answers`;
        const action = dial.attributes.action ? new URL(String(dial.attributes.action)) : null;
        if (action) {
          await this.postText(`${action.pathname}${action.search}`, {
            AccountSid: this.accountSid,
            CallSid: callSid,
            DialCallStatus: 'no-answer',
            DialCallDuration: '0',
          });
        }
      } else if (REFUSED.test(said)) {
        tally.refused++;
        firstRefused ??= call;
        outcome = `refused: "${said}"`;
      } else {
        tally.notInUse++;
        outcome = verbs.some((v) => v.name === 'Reject') ? 'rejected' : `"${said}"`;
      }
      lines.push(`call ${call}: pressed ${pressed.length ? pressed.join(', ') : 'nothing'} -> ${outcome}`);
      await this.postText(WEBHOOK_PATHS.voiceStatus, {
        AccountSid: this.accountSid,
        CallSid: callSid,
        CallStatus: 'completed',
        CallDuration: '0',
      });
    }
    lines.push(
      `${tally.guesses} extensions guessed in ${options.calls} calls: ${tally.reached} reached a buyer, ` +
        `${tally.notInUse} ended on a wrong or ended extension, ${tally.refused} refused`,
    );
    lines.push(
      firstRefused === null
        ? 'the guessing limits never refused this caller'
        : `refused from call ${firstRefused} on: the guessing limits (3 wrong or ended extensions in 10 minutes: an hour; ` +
            'more distinct extensions on one number in a day than EXTENSION_REACH_PER_DAY: the rest of the day)',
    );
    return lines;
  }

  /** The buyer's leg: with `<Number url>`, the TwiML Veil plays to whoever answers decides the bridge. */
  private async buyerLeg(
    parentSid: string,
    callerId: string,
    target: string,
    url: unknown,
    outcome: DialOutcome,
    lines: string[],
  ): Promise<boolean> {
    const answered = outcome === 'completed' || outcome === 'voicemail';
    if (!answered) return false;
    if (!url) {
      if (outcome === 'voicemail') lines.push('a voicemail answers: its greeting reaches the caller (the call is not screened)');
      return true;
    }
    const screenUrl = new URL(String(url));
    const child = {
      AccountSid: this.accountSid,
      CallSid: sid('CA'),
      ParentCallSid: parentSid,
      From: callerId,
      To: target,
      CallStatus: 'in-progress',
      Direction: 'outbound-dial',
    };
    const verbs = readVerbs(await this.postText(`${screenUrl.pathname}${screenUrl.search}`, child));
    const gather = verbs.find((v) => v.name === 'Gather');
    for (const say of [...verbs, ...(gather?.children ?? [])].filter((v) => v.name === 'Say'))
      lines.push(`buyer hears: "${say.text}"`);
    if (!gather) {
      if (outcome === 'voicemail') lines.push('a voicemail answers: its greeting reaches the caller (screening is off)');
      return !verbs.some((v) => v.name === 'Hangup');
    }
    if (outcome === 'voicemail') {
      lines.push("a voicemail answers and presses no key: the buyer's leg hangs up, no greeting reaches the caller");
      return false;
    }
    lines.push('the buyer presses 1');
    const action = new URL(String(gather.attributes.action));
    const after = readVerbs(await this.postText(`${action.pathname}${action.search}`, { ...child, Digits: '1' }));
    return !after.some((v) => v.name === 'Hangup');
  }

  /** The number-level status callback: sent when the inbound call ends, whatever happened in it. */
  private async statusCallback(callSid: string, answered: boolean, durationSeconds: number, lines: string[]): Promise<void> {
    lines.push(`the number's status callback: ${answered ? 'completed' : 'no-answer'}`);
    await this.postText(WEBHOOK_PATHS.voiceStatus, {
      AccountSid: this.accountSid,
      CallSid: callSid,
      CallStatus: answered ? 'completed' : 'no-answer',
      CallDuration: String(answered ? durationSeconds : 0),
    });
  }

  async sms(from: string, to: string, body: string, options: SmsOptions = {}): Promise<string[]> {
    const messageSid = sid('SM');
    const media = options.media ?? [];
    const lines = [
      `${shown(from)} texts ${maskPhone(to)}: "${body}"${media.length ? ` with ${media.length} media` : ''} (${messageSid})`,
    ];
    const params: Record<string, string> = {
      AccountSid: this.accountSid,
      MessageSid: messageSid,
      SmsSid: messageSid,
      From: from,
      To: to,
      Body: body,
      NumMedia: String(media.length),
    };
    media.forEach((url, i) => {
      params[`MediaUrl${i}`] = url;
      params[`MediaContentType${i}`] = 'image/jpeg';
    });
    const token = sid('idem-');
    const answer = await this.postText(WEBHOOK_PATHS.sms, params, token);
    await this.redeliver(WEBHOOK_PATHS.sms, params, token, answer, options.redeliver ?? 0, lines);
    const messages = readVerbs(answer).filter((v) => v.name === 'Message');
    if (messages.length === 0) lines.push('nothing is forwarded');
    for (const { attributes, text, children } of messages) {
      const recipient = String(attributes.to ?? from);
      const sender = String(attributes.from ?? to);
      const bodyText = children.find((c) => c.name === 'Body')?.text ?? text;
      const mediaCount = children.filter((c) => c.name === 'Media').length;
      lines.push(
        `text delivered to ${shown(recipient)} from ${shown(sender)}: "${bodyText}"${mediaCount ? ` with ${mediaCount} media` : ''}`,
      );
      if (attributes.action) {
        const action = new URL(String(attributes.action));
        await this.postText(`${action.pathname}${action.search}`, {
          AccountSid: this.accountSid,
          MessageSid: sid('SM'),
          MessageStatus: 'delivered',
        });
      }
    }
    return lines;
  }

  /** The carrier delivers the same webhook again: Veil must answer the same and change nothing. */
  private async redeliver(
    path: string,
    params: Record<string, string>,
    token: string,
    first: string,
    times: number,
    lines: string[],
  ): Promise<void> {
    for (let i = 0; i < times; i++) {
      const again = await this.postText(path, params, token);
      lines.push(again === first ? 'redelivered: Veil gives the same answer' : 'redelivered: Veil gives a DIFFERENT answer');
    }
  }

  private async postText(pathWithQuery: string, params: Record<string, string>, idempotencyToken?: string): Promise<string> {
    const signature = twilio.getExpectedTwilioSignature(
      this.options.authToken,
      `${this.options.publicBaseUrl}${pathWithQuery}`,
      params,
    );
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signature,
    };
    if (idempotencyToken) headers['i-twilio-idempotency-token'] = idempotencyToken;
    const response = await fetch(`${this.options.targetUrl}${pathWithQuery}`, {
      method: 'POST',
      headers,
      body: new URLSearchParams(params).toString(),
    });
    const text = await response.text();
    if (response.status === 204) return '';
    if (!response.ok) throw new Error(`Veil answered ${response.status}: ${text}`);
    return text;
  }
}

/** What Veil says when the guessing limits refuse a caller (English or Chinese). */
const REFUSED = /Too many extensions|尝试的分机号过多/;

interface Verb {
  name: string;
  attributes: Record<string, unknown>;
  text: string;
  children: Verb[];
}

function readVerbs(xml: string): Verb[] {
  if (!xml.trim().startsWith('<')) return [];
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
