import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { TLSSocket } from 'node:tls';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';

/** A fake account: `AC` + 32 hex digits, as Twilio checks. */
export const FAKE_ACCOUNT_SID = `AC${'f'.repeat(32)}`;
export const FAKE_AUTH_TOKEN = 'fake-twilio-auth-token-0123456789';
export const FAKE_SERVICE_SID = `MG${'a'.repeat(32)}`;

export interface RecordedRequest {
  method: string;
  /** Without the query string. */
  path: string;
  query: Record<string, string>;
  /** The form-encoded body, decoded. */
  form: Record<string, string>;
  /** The HTTP status the fake answered (0: the connection was dropped). */
  status: number;
}

export interface InventoryNumber {
  phoneNumber: string;
  isoCountry: string;
  /** Which search finds it: Local (default) or Mobile. */
  type?: 'local' | 'mobile';
  voice?: boolean;
  sms?: boolean;
  mms?: boolean;
  /** Twilio's `address_requirements`: buying needs an AddressSid unless `none`. */
  addressRequirements?: 'none' | 'any' | 'local' | 'foreign';
  /** The country's regulation needs a BundleSid to buy. */
  bundleRequired?: boolean;
}

export interface OwnedNumber {
  sid: string;
  phoneNumber: string;
  isoCountry: string;
  /** The number's settings as Twilio holds them, by form name (VoiceUrl, SmsUrl, SmsFallbackUrl…). */
  form: Record<string, string>;
}

export interface FakeService {
  sid: string;
  friendlyName: string;
  useInboundWebhookOnNumber: boolean;
  /** An approved A2P 10DLC campaign is attached: without one, its US numbers' texts fail with 30034. */
  usAppToPersonRegistered: boolean;
  /** PN sids in the service's sender pool. */
  numbers: Set<string>;
}

export interface FakeMessage {
  sid: string;
  from: string;
  to: string;
  body: string;
  status: string;
  errorCode: number | null;
  direction: 'inbound' | 'outbound-api' | 'outbound-reply';
  messagingServiceSid: string | null;
  statusCallback: string | null;
  dateCreated: Date;
  media: string[];
  /** The callbacks still to come, in the order the network would send them. */
  pending: { status: string; errorCode: number | null }[];
}

export interface FakeCall {
  sid: string;
  from: string;
  to: string;
  status: string;
  dateCreated: Date;
  /** The call this leg was dialled from (<Dial>), if any. */
  parentSid: string | null;
}

export interface ScriptedError {
  status: number;
  code: number;
  message?: string;
  /** Only requests whose `METHOD path` matches are failed (any request when absent). */
  match?: RegExp;
  /** Let this many matching requests through first. */
  skip?: number;
}

const DEFAULT_MESSAGES: Record<number, string> = {
  20003: 'Authenticate',
  20009: 'Cannot delete message because it is still being delivered',
  20403: 'Forbidden: this account or API key may not delete records',
  20404: 'The requested resource was not found',
  20429: 'Too Many Requests',
  20500: 'Internal Server Error',
  21422: 'PhoneNumber requested is not available',
  21606: "The 'From' phone number provided is not a valid message-capable Twilio phone number for this account.",
  21610: 'Attempt to send to unsubscribed recipient',
  21614: "'To' number is not a valid mobile number",
  21631: 'Phone Number Requires an Address',
  21649: 'Phone Number Requires a Bundle',
  21711: 'Phone Number is not associated to the specified Messaging Service',
  21712: 'Phone Number or Short Code is associated with another Messaging Service.',
  80104: 'PhoneNumber has already been added to Service',
};

// Twilio's own opt-out words on long codes (and the undo words), matched as the whole text.
const STOP_WORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT']);
const START_WORDS = new Set(['START', 'UNSTOP', 'YES']);
const HELP_WORDS = new Set(['HELP', 'INFO']);

const API = '/2010-04-01/Accounts';

const rfc2822 = (d: Date) => d.toUTCString().replace('GMT', '+0000');
const sid = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`;

/**
 * Plays Twilio's REST API over plain HTTP on 127.0.0.1 for the calls Veil makes, answering in Twilio's
 * JSON shapes (snake_case, list pages with `next_page_uri` for 2010-04-01 and `meta` for v1, error
 * bodies with `code`, `message`, `more_info`, `status`), as twilio-node reads them. It models:
 * - number search (Local and Mobile), purchase with address/bundle requirements (21631, 21649),
 *   settings updates, listing by PhoneNumber, release;
 * - Messaging Services: the sender pool (80104 already in it, 21712 in another), the inbound setting,
 *   whether an A2P 10DLC campaign is attached;
 * - texts: 21610 after a STOP (per service when the sender sits in one, else per number), 21614 to a
 *   landline, 30034 for a US long code outside any service or in one without an approved campaign
 *   (accepted, then failed in the callback),
 *   delivery callbacks sent on demand in any order with ErrorCode, the message log (newest first),
 *   deletes of messages (not while in flight: 20009), media and calls;
 * - deletes of texts (with their media, not while in flight: 20009), calls (their dialled legs listed by
 *   ParentCallSid; not while in progress) and media, or 403 for an account that may not delete;
 * - scripted trouble: an error for the next matching request, an answer lost after the work was done
 *   (the socket is dropped), a request held until released.
 * A test process reaches it through `httpClient()`; a separate process (a CLI run as the operator runs
 * it) through `processEnv()`: the fake is then the HTTP proxy Twilio's client uses (HTTP_PROXY) and
 * answers for *.twilio.com over TLS with a certificate made for the run by `openssl` (NODE_EXTRA_CA_CERTS).
 * Gaps: one page per list, no subaccounts, no Retry-After header, times come from `now()`.
 * Test code only.
 */
export class FakeTwilio {
  /** Every request received, in order, including refused ones. */
  readonly requests: RecordedRequest[] = [];
  /** Numbers for sale, searched by country, type, area code (US/CA) and capability. */
  readonly inventory: InventoryNumber[] = [];
  /** Numbers bought and not released, by PN sid. */
  readonly owned = new Map<string, OwnedNumber>();
  readonly services = new Map<string, FakeService>();
  readonly messages = new Map<string, FakeMessage>();
  readonly calls = new Map<string, FakeCall>();
  /** Media sids per message sid. */
  readonly media = new Map<string, Set<string>>();
  /** Carrier opt-outs: `${scope}|${phone}`, scope a MG sid or a sending number. */
  readonly optOuts = new Set<string>();
  /** Phones the network knows as landlines (21614). */
  readonly landlines = new Set<string>();
  /** When false, deletes of records answer 403 (an account or key without that permission). */
  deletesAllowed = true;
  /** The fake's clock, for date_created; tests hand it theirs. */
  now: () => Date = () => new Date();
  private readonly scripted: ScriptedError[] = [];
  private readonly dropAfter: RegExp[] = [];
  private readonly held: { match: RegExp; gate: Promise<void>; reached: () => void }[] = [];
  /** The key and self-signed certificate for *.twilio.com, made on the first `processEnv()`. */
  private tls: { key: Buffer; cert: Buffer; certFile: string } | null = null;
  private readonly tunnels = new Set<Duplex>();

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
    readonly accountSid: string,
    readonly authToken: string,
  ) {}

  static async start(accountSid = FAKE_ACCOUNT_SID, authToken = FAKE_AUTH_TOKEN): Promise<FakeTwilio> {
    let fake!: FakeTwilio;
    const server = createServer((req, res) => void fake.handle(req, res));
    server.on('connect', (req: IncomingMessage, socket: Duplex, head: Buffer) => fake.tunnel(req, socket, head));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakeTwilio(server, `http://127.0.0.1:${port}`, accountSid, authToken);
    return fake;
  }

  /** A `twilio` HTTP client that sends everything meant for *.twilio.com here instead. */
  httpClient(): FakeTwilioRequestClient {
    return new FakeTwilioRequestClient(this.baseUrl);
  }

  /**
   * What a child process needs to reach this fake instead of Twilio, with nothing in Veil changed:
   * twilio-node sends through the proxy named by HTTP_PROXY (a CONNECT tunnel to api.twilio.com:443),
   * and Node trusts the fake's certificate for *.twilio.com from NODE_EXTRA_CA_CERTS.
   */
  processEnv(): { HTTP_PROXY: string; NODE_EXTRA_CA_CERTS: string } {
    if (!this.tls) {
      const dir = mkdtempSync(join(tmpdir(), 'fake-twilio-tls-'));
      const [keyFile, certFile] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
      execFileSync(
        'openssl',
        ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2']
          .concat(['-subj', '/CN=api.twilio.com', '-addext', 'subjectAltName=DNS:*.twilio.com,DNS:twilio.com'])
          .concat(['-keyout', keyFile, '-out', certFile]),
        { stdio: 'ignore' },
      );
      this.tls = { key: readFileSync(keyFile), cert: readFileSync(certFile), certFile };
    }
    return { HTTP_PROXY: this.baseUrl, NODE_EXTRA_CA_CERTS: this.tls.certFile };
  }

  /** A CONNECT to *.twilio.com:443: the tunnel ends here, in TLS, and its requests are served as any other. */
  private tunnel(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!this.tls || !/^([a-z0-9-]+\.)*twilio\.com:443$/.test(req.url ?? '')) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    this.tunnels.add(socket);
    socket.on('close', () => this.tunnels.delete(socket));
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length > 0) socket.unshift(head);
    const secure = new TLSSocket(socket as Socket, { isServer: true, key: this.tls.key, cert: this.tls.cert });
    this.server.emit('connection', secure);
  }

  /** Puts numbers up for sale, each with voice and SMS unless said otherwise. */
  stock(...numbers: (string | InventoryNumber)[]): void {
    for (const n of numbers) {
      this.inventory.push(typeof n === 'string' ? { phoneNumber: n, isoCountry: n.startsWith('+1') ? 'US' : 'XX' } : n);
    }
  }

  /** A number already in the account (bought elsewhere, by hand), with the given settings. */
  own(phoneNumber: string, form: Record<string, string> = {}, isoCountry = 'US'): OwnedNumber {
    const owned = { sid: sid('PN'), phoneNumber, isoCountry, form: { ...form } };
    this.owned.set(owned.sid, owned);
    return owned;
  }

  addService(
    options: { sid?: string; useInboundWebhookOnNumber?: boolean; friendlyName?: string; usAppToPersonRegistered?: boolean } = {},
  ): FakeService {
    const service: FakeService = {
      sid: options.sid ?? FAKE_SERVICE_SID,
      friendlyName: options.friendlyName ?? 'Veil relay',
      useInboundWebhookOnNumber: options.useInboundWebhookOnNumber ?? true,
      usAppToPersonRegistered: options.usAppToPersonRegistered ?? true,
      numbers: new Set(),
    };
    this.services.set(service.sid, service);
    return service;
  }

  ownedByNumber(phoneNumber: string): OwnedNumber | undefined {
    return [...this.owned.values()].find((o) => o.phoneNumber === phoneNumber);
  }

  serviceOf(phoneNumber: string): FakeService | undefined {
    const owned = this.ownedByNumber(phoneNumber);
    return owned ? [...this.services.values()].find((s) => s.numbers.has(owned.sid)) : undefined;
  }

  /** Where Twilio's opt-out from a phone texting `to` applies: the whole service, or the number. */
  optOutScope(to: string): string {
    return this.serviceOf(to)?.sid ?? to;
  }

  /**
   * A text from a phone to one of the account's numbers, as the network handles it before the webhook:
   * a STOP word opts the phone out of the scope, START/UNSTOP/YES opts it back in. Returns the
   * webhook's `OptOutType` (STOP, START, HELP) when Twilio would send one.
   */
  receiveText(from: string, to: string, body: string): { messageSid: string; optOutType: string | null } {
    const word = body.trim().toUpperCase();
    const scope = this.optOutScope(to);
    let optOutType: string | null = null;
    if (STOP_WORDS.has(word)) {
      this.optOuts.add(`${scope}|${from}`);
      optOutType = 'STOP';
    } else if (START_WORDS.has(word)) {
      this.optOuts.delete(`${scope}|${from}`);
      optOutType = 'START';
    } else if (HELP_WORDS.has(word)) {
      optOutType = 'HELP';
    }
    const message = this.addMessage({ from, to, body, direction: 'inbound', status: 'received' });
    return { messageSid: message.sid, optOutType };
  }

  /** A call in the account's log (to delete later); a leg a <Dial> made names its parent. */
  addCall(from: string, to: string, options: { parentSid?: string; status?: string } = {}): FakeCall {
    const call = { sid: sid('CA'), from, to, status: options.status ?? 'completed', dateCreated: this.now(), parentSid: options.parentSid ?? null };
    this.calls.set(call.sid, call);
    return call;
  }

  /** A text the account sent (a forwarded one, say), in the log with its final status. */
  addOutbound(from: string, to: string, body: string, status = 'delivered'): FakeMessage {
    return this.addMessage({ from, to, body, direction: 'outbound-reply', status });
  }

  /** An inbound MMS with `count` media items in the log. */
  addMms(from: string, to: string, count: number): FakeMessage {
    const message = this.addMessage({ from, to, body: '', direction: 'inbound', status: 'received' });
    this.media.set(message.sid, new Set(Array.from({ length: count }, () => sid('ME'))));
    return message;
  }

  /** The next request (matching `match`, if given) gets this error answer instead of its normal one. */
  failNext(error: ScriptedError, times = 1): void {
    for (let i = 0; i < times; i++) this.scripted.push(error);
  }

  /** The next matching request is carried out, then its connection dropped: the answer is lost. */
  dropAnswerAfterSuccess(match: RegExp): void {
    this.dropAfter.push(match);
  }

  /** The next matching request waits until `release()`; `reached` resolves when it has arrived. */
  hold(match: RegExp): { reached: Promise<void>; release: () => void } {
    let release!: () => void;
    let reached!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const arrived = new Promise<void>((resolve) => (reached = resolve));
    this.held.push({ match, gate, reached });
    return { reached: arrived, release };
  }

  requestsTo(method: string, pathPattern: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && pathPattern.test(r.path));
  }

  outgoing(): FakeMessage[] {
    return [...this.messages.values()].filter((m) => m.direction !== 'inbound');
  }

  /**
   * Sends the status callbacks still pending for `messageSid` (all messages when absent) to `appUrl`,
   * signed as Twilio signs them for the URL it was given; `reverse` sends each message's in reverse
   * order, as the network sometimes does. Returns the HTTP statuses Veil answered.
   */
  async sendStatusCallbacks(appUrl: string, publicBaseUrl: string, options: { messageSid?: string; reverse?: boolean } = {}) {
    const answers: number[] = [];
    for (const message of this.messages.values()) {
      if (options.messageSid && message.sid !== options.messageSid) continue;
      if (!message.statusCallback) continue;
      const pending = options.reverse ? [...message.pending].reverse() : message.pending;
      message.pending = [];
      for (const step of pending) {
        message.status = step.status;
        message.errorCode = step.errorCode;
        const params: Record<string, string> = {
          AccountSid: this.accountSid,
          MessageSid: message.sid,
          SmsSid: message.sid,
          MessageStatus: step.status,
          SmsStatus: step.status,
          From: message.from,
          To: message.to,
          ApiVersion: '2010-04-01',
          ...(message.messagingServiceSid ? { MessagingServiceSid: message.messagingServiceSid } : {}),
          ...(step.errorCode ? { ErrorCode: String(step.errorCode) } : {}),
        };
        const signature = twilio.getExpectedTwilioSignature(this.authToken, message.statusCallback, params);
        const path = message.statusCallback.slice(publicBaseUrl.length);
        const response = await fetch(`${appUrl}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
          body: new URLSearchParams(params).toString(),
        });
        answers.push(response.status);
      }
    }
    return answers;
  }

  reset(): void {
    this.requests.length = 0;
    this.inventory.length = 0;
    this.owned.clear();
    this.services.clear();
    this.messages.clear();
    this.calls.clear();
    this.media.clear();
    this.optOuts.clear();
    this.landlines.clear();
    this.deletesAllowed = true;
    this.scripted.length = 0;
    this.dropAfter.length = 0;
    this.held.length = 0;
  }

  async close(): Promise<void> {
    for (const tunnel of this.tunnels) tunnel.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const isForm = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      form: isForm ? Object.fromEntries(new URLSearchParams(raw)) : {},
      status: 0,
    };
    this.requests.push(recorded);
    const line = `${recorded.method} ${recorded.path}`;
    const held = this.held.findIndex((h) => h.match.test(line));
    if (held >= 0) {
      const [h] = this.held.splice(held, 1);
      h!.reached();
      await h!.gate;
    }
    const answer = this.answer(recorded, req.headers.authorization);
    const drop = this.dropAfter.findIndex((m) => m.test(line));
    if (drop >= 0 && answer.status < 300) {
      this.dropAfter.splice(drop, 1);
      req.socket.destroy();
      return;
    }
    recorded.status = answer.status;
    if (answer.body === undefined) {
      res.writeHead(answer.status).end();
    } else {
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    }
  }

  private answer(r: RecordedRequest, authorization: string | undefined): { status: number; body?: unknown } {
    const expected = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;
    if (authorization !== expected) return this.error(401, 20003, 'Your AccountSid or AuthToken was incorrect.');

    const scripted = this.scripted.findIndex((e) => !e.match || e.match.test(`${r.method} ${r.path}`));
    if (scripted >= 0 && (this.scripted[scripted]!.skip ?? 0) > 0) {
      this.scripted[scripted] = { ...this.scripted[scripted]!, skip: this.scripted[scripted]!.skip! - 1 };
    } else if (scripted >= 0) {
      const [e] = this.scripted.splice(scripted, 1);
      return this.error(e!.status, e!.code, e!.message);
    }

    let m: RegExpMatchArray | null;
    if ((m = r.path.match(/^\/v1\/Services\/(MG[0-9a-f]{32})(\/PhoneNumbers(?:\/(PN[0-9a-f]{32}))?)?$/))) {
      return this.service(r, m[1]!, m[2] !== undefined, m[3]);
    }
    const prefix = `${API}/${this.accountSid}`;
    if (!r.path.startsWith(`${prefix}/`)) return this.notFound(r);
    const rest = r.path.slice(prefix.length);
    if (r.method === 'GET' && (m = rest.match(/^\/AvailablePhoneNumbers\/([A-Z]{2})\/(Local|Mobile)\.json$/))) {
      return this.search(r, m[1]!, m[2] === 'Mobile' ? 'mobile' : 'local');
    }
    if (rest === '/IncomingPhoneNumbers.json') {
      if (r.method === 'POST') return this.purchase(r);
      if (r.method === 'GET') return this.listOwned(r);
    }
    if ((m = rest.match(/^\/IncomingPhoneNumbers\/(PN[0-9a-f]{32})\.json$/))) {
      const owned = this.owned.get(m[1]!);
      if (!owned) return this.notFound(r);
      if (r.method === 'DELETE') {
        this.owned.delete(owned.sid);
        for (const service of this.services.values()) service.numbers.delete(owned.sid);
        return { status: 204 };
      }
      if (r.method === 'POST') {
        Object.assign(owned.form, r.form);
        return { status: 200, body: this.incomingNumber(owned) };
      }
      if (r.method === 'GET') return { status: 200, body: this.incomingNumber(owned) };
    }
    if (rest === '/Messages.json') {
      if (r.method === 'POST') return this.sendMessage(r);
      if (r.method === 'GET') return this.listMessages(r);
    }
    if ((m = rest.match(/^\/Messages\/(SM[0-9a-f]{32}|MM[0-9a-f]{32})\/Media\/(ME[0-9a-f]{32})\.json$/)) && r.method === 'DELETE') {
      if (!this.deletesAllowed) return this.error(403, 20403);
      return this.media.get(m[1]!)?.delete(m[2]!) ? { status: 204 } : this.notFound(r);
    }
    if ((m = rest.match(/^\/Messages\/(SM[0-9a-f]{32}|MM[0-9a-f]{32})\/Media\.json$/)) && r.method === 'GET') {
      const items = [...(this.media.get(m[1]!) ?? [])];
      return this.page(r, 'media_list', items.map((me) => ({ sid: me, parent_sid: m![1], account_sid: this.accountSid, content_type: 'image/jpeg', date_created: rfc2822(this.now()), date_updated: rfc2822(this.now()), uri: `${prefix}/Messages/${m![1]}/Media/${me}.json` })));
    }
    if ((m = rest.match(/^\/Messages\/(SM[0-9a-f]{32}|MM[0-9a-f]{32})\.json$/))) {
      const message = this.messages.get(m[1]!);
      if (!message) return this.notFound(r);
      if (r.method === 'GET') return { status: 200, body: this.messageJson(message) };
      if (r.method === 'DELETE') {
        if (!this.deletesAllowed) return this.error(403, 20403);
        if (['queued', 'sending', 'accepted'].includes(message.status)) return this.error(400, 20009);
        this.messages.delete(message.sid);
        this.media.delete(message.sid);
        return { status: 204 };
      }
    }
    if (rest === '/Calls.json' && r.method === 'GET') {
      const parent = r.query.ParentCallSid;
      const legs = [...this.calls.values()].filter((c) => !parent || c.parentSid === parent);
      return this.page(r, 'calls', legs.map((c) => this.callJson(c)));
    }
    if ((m = rest.match(/^\/Calls\/(CA[0-9a-f]{32})\.json$/)) && r.method === 'DELETE') {
      if (!this.deletesAllowed) return this.error(403, 20403);
      const call = this.calls.get(m[1]!);
      if (!call) return this.notFound(r);
      if (['queued', 'ringing', 'in-progress'].includes(call.status)) return this.error(400, 20009, 'Cannot delete a call in progress');
      this.calls.delete(call.sid);
      return { status: 204 };
    }
    return this.notFound(r);
  }

  private search(r: RecordedRequest, country: string, type: 'local' | 'mobile') {
    const inCountry = this.inventory.filter((n) => n.isoCountry === country);
    // Twilio answers 404 for a country it sells no numbers in, and an empty page when filters match none.
    if (inCountry.length === 0) return this.notFound(r);
    const bought = new Set([...this.owned.values()].map((o) => o.phoneNumber));
    const q = r.query;
    const pageSize = Number(q.PageSize ?? 50);
    const found = inCountry
      .filter((n) => (n.type ?? 'local') === type)
      .filter((n) => !bought.has(n.phoneNumber))
      .filter((n) => !q.AreaCode || n.phoneNumber.slice(2, 5) === q.AreaCode)
      .filter((n) => q.VoiceEnabled !== 'true' || n.voice !== false)
      .filter((n) => q.SmsEnabled !== 'true' || n.sms !== false)
      .slice(0, pageSize);
    return this.page(
      r,
      'available_phone_numbers',
      found.map((n) => ({
        friendly_name: `(${n.phoneNumber.slice(2, 5)}) ${n.phoneNumber.slice(5, 8)}-${n.phoneNumber.slice(8)}`,
        phone_number: n.phoneNumber,
        lata: '722',
        locality: 'San Francisco',
        rate_center: 'SNFC CNTRL',
        latitude: '37.780000',
        longitude: '-122.420000',
        region: 'CA',
        postal_code: '94103',
        iso_country: n.isoCountry,
        address_requirements: n.addressRequirements ?? 'none',
        beta: false,
        capabilities: { voice: n.voice !== false, SMS: n.sms !== false, MMS: n.mms ?? false, fax: false },
      })),
    );
  }

  private purchase(r: RecordedRequest) {
    const phoneNumber = r.form.PhoneNumber;
    const forSale = this.inventory.find((n) => n.phoneNumber === phoneNumber);
    if (!forSale || this.ownedByNumber(phoneNumber ?? '')) {
      return this.error(400, 21422, `PhoneNumber ${phoneNumber ?? ''} is not available`);
    }
    if ((forSale.addressRequirements ?? 'none') !== 'none' && !r.form.AddressSid) return this.error(400, 21631);
    if (forSale.bundleRequired && !r.form.BundleSid) return this.error(400, 21649);
    const { PhoneNumber: _, ...settings } = r.form;
    const owned = this.own(phoneNumber!, settings, forSale.isoCountry);
    return { status: 201, body: this.incomingNumber(owned, forSale) };
  }

  private listOwned(r: RecordedRequest) {
    const wanted = r.query.PhoneNumber;
    const owned = [...this.owned.values()].filter((o) => !wanted || o.phoneNumber === wanted);
    return this.page(r, 'incoming_phone_numbers', owned.map((o) => this.incomingNumber(o)));
  }

  private incomingNumber(owned: OwnedNumber, forSale?: InventoryNumber) {
    const f = owned.form;
    const now = rfc2822(this.now());
    return {
      account_sid: this.accountSid,
      address_requirements: forSale?.addressRequirements ?? 'none',
      address_sid: f.AddressSid ?? null,
      api_version: '2010-04-01',
      beta: false,
      bundle_sid: f.BundleSid ?? null,
      capabilities: { voice: forSale?.voice !== false, sms: forSale?.sms !== false, mms: forSale?.mms ?? false, fax: false },
      date_created: now,
      date_updated: now,
      emergency_status: 'Inactive',
      emergency_address_sid: null,
      friendly_name: f.FriendlyName ?? owned.phoneNumber,
      identity_sid: null,
      origin: 'twilio',
      phone_number: owned.phoneNumber,
      sid: owned.sid,
      sms_application_sid: '',
      sms_fallback_method: f.SmsFallbackMethod ?? 'POST',
      sms_fallback_url: f.SmsFallbackUrl ?? '',
      sms_method: f.SmsMethod ?? 'POST',
      sms_url: f.SmsUrl ?? '',
      status_callback: f.StatusCallback ?? '',
      status_callback_method: f.StatusCallbackMethod ?? 'POST',
      trunk_sid: null,
      uri: `${API}/${this.accountSid}/IncomingPhoneNumbers/${owned.sid}.json`,
      voice_application_sid: '',
      voice_caller_id_lookup: false,
      voice_fallback_method: f.VoiceFallbackMethod ?? 'POST',
      voice_fallback_url: f.VoiceFallbackUrl ?? null,
      voice_method: f.VoiceMethod ?? 'POST',
      voice_url: f.VoiceUrl ?? null,
      status: 'in-use',
    };
  }

  private service(r: RecordedRequest, serviceSid: string, phoneNumbers: boolean, numberSid?: string) {
    const service = this.services.get(serviceSid);
    if (!service) return this.notFound(r);
    const url = `https://messaging.twilio.com/v1/Services/${service.sid}`;
    if (!phoneNumbers) {
      if (r.method !== 'GET') return this.notFound(r);
      const now = new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
      return {
        status: 200,
        body: {
          sid: service.sid,
          account_sid: this.accountSid,
          friendly_name: service.friendlyName,
          date_created: now,
          date_updated: now,
          inbound_request_url: null,
          inbound_method: 'POST',
          fallback_url: null,
          fallback_method: 'POST',
          status_callback: null,
          sticky_sender: true,
          mms_converter: true,
          smart_encoding: true,
          scan_message_content: 'inherit',
          fallback_to_long_code: true,
          area_code_geomatch: true,
          synchronous_validation: false,
          validity_period: 14400,
          url,
          links: { phone_numbers: `${url}/PhoneNumbers` },
          usecase: 'customer_care',
          us_app_to_person_registered: service.usAppToPersonRegistered,
          use_inbound_webhook_on_number: service.useInboundWebhookOnNumber,
        },
      };
    }
    const numberJson = (owned: OwnedNumber) => ({
      sid: owned.sid,
      account_sid: this.accountSid,
      service_sid: service.sid,
      date_created: new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      date_updated: new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      phone_number: owned.phoneNumber,
      country_code: owned.isoCountry,
      capabilities: ['SMS', 'Voice'],
      url: `${url}/PhoneNumbers/${owned.sid}`,
    });
    if (r.method === 'GET' && !numberSid) {
      const items = [...service.numbers].map((pn) => this.owned.get(pn)).filter((o): o is OwnedNumber => !!o).map(numberJson);
      const listUrl = `${url}/PhoneNumbers?PageSize=${r.query.PageSize ?? 50}&Page=0`;
      return {
        status: 200,
        body: {
          phone_numbers: items,
          meta: { page: 0, page_size: items.length, first_page_url: listUrl, previous_page_url: null, url: listUrl, next_page_url: null, key: 'phone_numbers' },
        },
      };
    }
    if (r.method === 'POST' && !numberSid) {
      const owned = this.owned.get(r.form.PhoneNumberSid ?? '');
      if (!owned) return this.error(400, 21421, 'Phone Number is invalid');
      if (service.numbers.has(owned.sid)) return this.error(409, 80104);
      if ([...this.services.values()].some((s) => s.numbers.has(owned.sid))) return this.error(409, 21712);
      service.numbers.add(owned.sid);
      return { status: 201, body: numberJson(owned) };
    }
    if (r.method === 'DELETE' && numberSid) {
      return service.numbers.delete(numberSid) ? { status: 204 } : this.notFound(r);
    }
    return this.notFound(r);
  }

  private sendMessage(r: RecordedRequest) {
    const f = r.form;
    if (!f.To) return this.error(400, 21604, "A 'To' phone number is required.");
    const serviceSid = f.MessagingServiceSid ?? null;
    const service = serviceSid ? this.services.get(serviceSid) : undefined;
    if (serviceSid && !service) return this.error(404, 20404, `The Messaging Service ${serviceSid} was not found`);
    let from: string | undefined = f.From;
    if (!from && service) from = this.owned.get([...service.numbers][0] ?? '')?.phoneNumber;
    const owned = from ? this.ownedByNumber(from) : undefined;
    if (!owned) return this.error(400, 21606);
    if (service && !service.numbers.has(owned.sid)) return this.error(400, 21711);
    if (this.optOuts.has(`${this.optOutScope(from!)}|${f.To}`)) return this.error(400, 21610);
    if (this.landlines.has(f.To)) return this.error(400, 21614);
    // A US long code sending outside any service with an approved campaign: accepted, then blocked by the carriers.
    const unregistered = from!.startsWith('+1') && !this.serviceOf(from!)?.usAppToPersonRegistered;
    const message = this.addMessage({
      from: from!,
      to: f.To,
      body: f.Body ?? '',
      direction: 'outbound-api',
      status: 'queued',
      messagingServiceSid: this.serviceOf(from!)?.sid ?? null,
      statusCallback: f.StatusCallback ?? null,
      pending: unregistered
        ? [{ status: 'failed', errorCode: 30034 }]
        : [
            { status: 'sent', errorCode: null },
            { status: 'delivered', errorCode: null },
          ],
    });
    return { status: 201, body: this.messageJson(message) };
  }

  private listMessages(r: RecordedRequest) {
    const q = r.query;
    const found = [...this.messages.values()]
      .filter((m) => (!q.To || m.to === q.To) && (!q.From || m.from === q.From))
      .sort((a, b) => b.dateCreated.getTime() - a.dateCreated.getTime())
      .slice(0, Number(q.PageSize ?? 50));
    return this.page(r, 'messages', found.map((m) => this.messageJson(m)));
  }

  private addMessage(m: Partial<FakeMessage> & Pick<FakeMessage, 'from' | 'to' | 'body' | 'direction' | 'status'>): FakeMessage {
    const message: FakeMessage = {
      sid: sid('SM'),
      errorCode: null,
      messagingServiceSid: null,
      statusCallback: null,
      dateCreated: this.now(),
      media: [],
      pending: [],
      ...m,
    };
    this.messages.set(message.sid, message);
    return message;
  }

  /** A call as the 2010-04-01 API shows it (the fields twilio-node's CallInstance reads). */
  private callJson(c: FakeCall) {
    const at = rfc2822(c.dateCreated);
    return {
      account_sid: this.accountSid,
      annotation: null,
      answered_by: null,
      api_version: '2010-04-01',
      caller_name: null,
      date_created: at,
      date_updated: at,
      direction: c.parentSid ? 'outbound-dial' : 'inbound',
      duration: '30',
      end_time: at,
      forwarded_from: null,
      from: c.from,
      from_formatted: c.from,
      group_sid: null,
      parent_call_sid: c.parentSid,
      phone_number_sid: null,
      price: null,
      price_unit: 'USD',
      sid: c.sid,
      start_time: at,
      status: c.status,
      subresource_uris: {},
      to: c.to,
      to_formatted: c.to,
      trunk_sid: null,
      uri: `${API}/${this.accountSid}/Calls/${c.sid}.json`,
      queue_time: '0',
    };
  }

  /** A message as the 2010-04-01 API shows it; `status` is what the network has reached so far. */
  private messageJson(m: FakeMessage) {
    return {
      account_sid: this.accountSid,
      api_version: '2010-04-01',
      body: m.body,
      date_created: rfc2822(m.dateCreated),
      date_sent: m.status === 'queued' ? null : rfc2822(m.dateCreated),
      date_updated: rfc2822(m.dateCreated),
      direction: m.direction,
      error_code: m.errorCode,
      error_message: null,
      from: m.from,
      messaging_service_sid: m.messagingServiceSid,
      num_media: String(this.media.get(m.sid)?.size ?? 0),
      num_segments: '1',
      price: null,
      price_unit: 'USD',
      sid: m.sid,
      status: m.status,
      subresource_uris: { media: `${API}/${this.accountSid}/Messages/${m.sid}/Media.json` },
      to: m.to,
      uri: `${API}/${this.accountSid}/Messages/${m.sid}.json`,
    };
  }

  private page(r: RecordedRequest, key: string, items: unknown[]) {
    const uri = `${r.path}?${new URLSearchParams(r.query).toString()}`;
    return {
      status: 200,
      body: {
        [key]: items,
        end: Math.max(items.length - 1, 0),
        first_page_uri: uri,
        next_page_uri: null,
        page: 0,
        page_size: Number(r.query.PageSize ?? 50),
        previous_page_uri: null,
        start: 0,
        uri,
      },
    };
  }

  private notFound(r: RecordedRequest) {
    return this.error(404, 20404, `The requested resource ${r.path} was not found`);
  }

  private error(status: number, code: number, message?: string) {
    return {
      status,
      body: {
        code,
        message: message ?? DEFAULT_MESSAGES[code] ?? 'Error',
        more_info: `https://www.twilio.com/docs/errors/${code}`,
        status,
      },
    };
  }
}

/** Rewrites `https://*.twilio.com` to the fake server, then lets the real client do the rest. */
export class FakeTwilioRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string) {
    super();
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    return super.request({ ...opts, uri: opts.uri.replace(/^https:\/\/([a-z0-9-]+\.)*twilio\.com(:443)?/, this.baseUrl) });
  }
}
