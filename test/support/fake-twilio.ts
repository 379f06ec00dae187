import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';

/** A fake account: `AC` + 32 hex digits, as Twilio checks. */
export const FAKE_ACCOUNT_SID = `AC${'f'.repeat(32)}`;
export const FAKE_AUTH_TOKEN = 'fake-twilio-auth-token-0123456789';

export interface RecordedRequest {
  method: string;
  /** Without the query string. */
  path: string;
  query: Record<string, string>;
  /** The form-encoded body, decoded. */
  form: Record<string, string>;
  /** The HTTP status the fake answered. */
  status: number;
}

export interface InventoryNumber {
  phoneNumber: string;
  isoCountry: string;
  voice?: boolean;
  sms?: boolean;
  mms?: boolean;
}

export interface OwnedNumber {
  sid: string;
  phoneNumber: string;
  form: Record<string, string>;
}

export interface ScriptedError {
  status: number;
  code: number;
  message?: string;
  /** Only requests whose `METHOD path` matches are failed (any request when absent). */
  match?: RegExp;
}

const DEFAULT_MESSAGES: Record<number, string> = {
  20003: 'Authenticate',
  20404: 'The requested resource was not found',
  20429: 'Too Many Requests',
  21422: 'PhoneNumber requested is not available',
  21606: "The 'From' phone number provided is not a valid message-capable Twilio phone number for this account.",
};

const API = '/2010-04-01/Accounts';

/**
 * Plays Twilio's REST API (2010-04-01) for the calls Veil makes, over plain HTTP on 127.0.0.1: number
 * search, purchase, release and outgoing SMS. Answers are shaped like Twilio's (snake_case JSON, list
 * pages, error bodies with `code`, `message`, `more_info`, `status`). Test code only.
 */
export class FakeTwilio {
  /** Every request received, in order, including refused ones. */
  readonly requests: RecordedRequest[] = [];
  /** Numbers for sale, searched by country, area code (US/CA) and capability. */
  readonly inventory: InventoryNumber[] = [];
  /** Numbers bought and not released, by PN sid. */
  readonly owned = new Map<string, OwnedNumber>();
  private readonly scripted: ScriptedError[] = [];

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
    readonly accountSid: string,
    readonly authToken: string,
  ) {}

  static async start(accountSid = FAKE_ACCOUNT_SID, authToken = FAKE_AUTH_TOKEN): Promise<FakeTwilio> {
    let fake!: FakeTwilio;
    const server = createServer((req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakeTwilio(server, `http://127.0.0.1:${port}`, accountSid, authToken);
    return fake;
  }

  /** A `twilio` HTTP client that sends everything meant for *.twilio.com here instead. */
  httpClient(): FakeTwilioRequestClient {
    return new FakeTwilioRequestClient(this.baseUrl);
  }

  /** Puts numbers up for sale, each with voice and SMS unless said otherwise. */
  stock(...numbers: (string | InventoryNumber)[]): void {
    for (const n of numbers) {
      this.inventory.push(typeof n === 'string' ? { phoneNumber: n, isoCountry: n.startsWith('+1') ? 'US' : 'XX' } : n);
    }
  }

  /** The next request (matching `match`, if given) gets this error answer instead of its normal one. */
  failNext(error: ScriptedError): void {
    this.scripted.push(error);
  }

  requestsTo(method: string, pathPattern: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && pathPattern.test(r.path));
  }

  reset(): void {
    this.requests.length = 0;
    this.inventory.length = 0;
    this.owned.clear();
    this.scripted.length = 0;
  }

  async close(): Promise<void> {
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
    const answer = this.answer(recorded, req.headers.authorization);
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
    if (scripted >= 0) {
      const [e] = this.scripted.splice(scripted, 1);
      return this.error(e!.status, e!.code, e!.message);
    }

    const prefix = `${API}/${this.accountSid}`;
    if (!r.path.startsWith(`${prefix}/`)) return this.error(404, 20404, `The requested resource ${r.path} was not found`);
    const rest = r.path.slice(prefix.length);
    let m: RegExpMatchArray | null;
    if (r.method === 'GET' && (m = rest.match(/^\/AvailablePhoneNumbers\/([A-Z]{2})\/Local\.json$/))) {
      return this.search(r, m[1]!);
    }
    if (r.method === 'POST' && rest === '/IncomingPhoneNumbers.json') return this.purchase(r);
    if (r.method === 'DELETE' && (m = rest.match(/^\/IncomingPhoneNumbers\/(PN[0-9a-f]{32})\.json$/))) {
      return this.owned.delete(m[1]!)
        ? { status: 204 }
        : this.error(404, 20404, `The requested resource ${r.path} was not found`);
    }
    if (r.method === 'POST' && rest === '/Messages.json') return this.message(r);
    return this.error(404, 20404, `The requested resource ${r.path} was not found`);
  }

  private search(r: RecordedRequest, country: string) {
    const inCountry = this.inventory.filter((n) => n.isoCountry === country);
    // Twilio answers 404 for a country it sells no numbers in, and an empty page when filters match none.
    if (inCountry.length === 0) return this.error(404, 20404, `The requested resource ${r.path} was not found`);
    const bought = new Set([...this.owned.values()].map((o) => o.phoneNumber));
    const q = r.query;
    const pageSize = Number(q.PageSize ?? 50);
    const found = inCountry
      .filter((n) => !bought.has(n.phoneNumber))
      .filter((n) => !q.AreaCode || n.phoneNumber.slice(2, 5) === q.AreaCode)
      .filter((n) => q.VoiceEnabled !== 'true' || n.voice !== false)
      .filter((n) => q.SmsEnabled !== 'true' || n.sms !== false)
      .slice(0, pageSize);
    const uri = `${r.path}?${new URLSearchParams(q).toString()}`;
    return {
      status: 200,
      body: {
        available_phone_numbers: found.map((n) => ({
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
          address_requirements: 'none',
          beta: false,
          capabilities: { voice: n.voice !== false, SMS: n.sms !== false, MMS: n.mms ?? false, fax: false },
        })),
        end: Math.max(found.length - 1, 0),
        first_page_uri: uri,
        next_page_uri: null,
        page: 0,
        page_size: pageSize,
        previous_page_uri: null,
        start: 0,
        uri,
      },
    };
  }

  private purchase(r: RecordedRequest) {
    const phoneNumber = r.form.PhoneNumber;
    const forSale = this.inventory.find((n) => n.phoneNumber === phoneNumber);
    const taken = [...this.owned.values()].some((o) => o.phoneNumber === phoneNumber);
    if (!forSale || taken) return this.error(400, 21422, `PhoneNumber ${phoneNumber ?? ''} is not available`);
    const sid = `PN${randomBytes(16).toString('hex')}`;
    this.owned.set(sid, { sid, phoneNumber: phoneNumber!, form: r.form });
    const now = new Date().toUTCString().replace('GMT', '+0000');
    const f = r.form;
    return {
      status: 201,
      body: {
        account_sid: this.accountSid,
        address_requirements: 'none',
        address_sid: null,
        api_version: '2010-04-01',
        beta: false,
        capabilities: { voice: forSale.voice !== false, sms: forSale.sms !== false, mms: forSale.mms ?? false, fax: false },
        date_created: now,
        date_updated: now,
        emergency_status: 'Inactive',
        emergency_address_sid: null,
        friendly_name: f.FriendlyName ?? phoneNumber,
        identity_sid: null,
        origin: 'twilio',
        phone_number: phoneNumber,
        sid,
        sms_application_sid: '',
        sms_fallback_method: 'POST',
        sms_fallback_url: '',
        sms_method: f.SmsMethod ?? 'POST',
        sms_url: f.SmsUrl ?? '',
        status_callback: f.StatusCallback ?? '',
        status_callback_method: f.StatusCallbackMethod ?? 'POST',
        trunk_sid: null,
        uri: `${API}/${this.accountSid}/IncomingPhoneNumbers/${sid}.json`,
        voice_application_sid: '',
        voice_caller_id_lookup: false,
        voice_fallback_method: 'POST',
        voice_fallback_url: null,
        voice_method: f.VoiceMethod ?? 'POST',
        voice_url: f.VoiceUrl ?? null,
        status: 'in-use',
      },
    };
  }

  private message(r: RecordedRequest) {
    const f = r.form;
    if (!f.To) return this.error(400, 21604, "A 'To' phone number is required.");
    if (![...this.owned.values()].some((o) => o.phoneNumber === f.From)) return this.error(400, 21606);
    const sid = `SM${randomBytes(16).toString('hex')}`;
    const now = new Date().toUTCString().replace('GMT', '+0000');
    return {
      status: 201,
      body: {
        account_sid: this.accountSid,
        api_version: '2010-04-01',
        body: f.Body ?? '',
        date_created: now,
        date_sent: null,
        date_updated: now,
        direction: 'outbound-api',
        error_code: null,
        error_message: null,
        from: f.From,
        messaging_service_sid: null,
        num_media: '0',
        num_segments: '1',
        price: null,
        price_unit: 'USD',
        sid,
        status: 'queued',
        subresource_uris: { media: `${API}/${this.accountSid}/Messages/${sid}/Media.json` },
        to: f.To,
        uri: `${API}/${this.accountSid}/Messages/${sid}.json`,
      },
    };
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
