import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import twilio from 'twilio';
import type { AppConfig } from '../../config/app.config.js';
import { NumbersUnavailableError, ProviderError, RegulatoryRequirementError } from '../../common/errors.js';
import { maskPhone } from '../../common/phone.js';
import {
  AccountNumber,
  AvailableNumber,
  ErasureResult,
  MessagingServiceState,
  NumberSearch,
  OutgoingSms,
  PurchasedNumber,
  SendResult,
  SentMessage,
  TelephonyProvider,
} from '../telephony.provider.js';
import { WEBHOOK_PATHS } from '../webhook-paths.js';

type TwilioClient = ReturnType<typeof twilio>;
/** The client's HTTP layer; tests replace it to reach a local stand-in for Twilio. */
export type TwilioHttpClient = InstanceType<typeof twilio.RequestClient>;

/** What Twilio's client throws: RestException for an answer, a bare error (no status) for the network. */
interface TwilioFailure {
  status?: number;
  code?: number;
  message?: string;
}

/**
 * How a request may be repeated. `safe`: reads, deletes and settings (same effect twice). `once`:
 * creates (a message, a purchase) where only a 429 proves nothing was done.
 */
type Repeat = 'safe' | 'once';

export interface TwilioRetryOptions {
  /** Retries after the first attempt, for 429 and (for safe requests) 5xx and network errors. */
  maxRetries: number;
  /** First backoff; doubles each retry, with full jitter. */
  baseDelayMs: number;
}

export interface TwilioAccountSettings {
  publicBaseUrl: string;
  messagingServiceSid: string | null;
  /** Per country: the Address and regulatory Bundle a purchase there is made with. */
  addressSids: Record<string, string>;
  bundleSids: Record<string, string>;
}

// Countries where SMS-capable numbers are local (geographic) ones; elsewhere they are mostly mobile.
const LOCAL_SMS_COUNTRIES = new Set(['US', 'CA']);
// Twilio's answers to a purchase that lacks an address, a bundle or an identity document.
const REGULATORY_ERRORS = new Set([21613, 21615, 21631, 21649, 21650, 21651]);

const DEFAULT_RETRY: TwilioRetryOptions = { maxRetries: 3, baseDelayMs: 250 };
const MAX_DELAY_MS = 4000;
// A page of the message log is enough to find one send to one phone since a given moment.
const LOOKUP_PAGE = 50;

/** A 404 on deleting a part: it is gone already, which is what was wanted. */
const goneAlready = (error: TwilioFailure) => {
  if (error.status === 404) return false;
  throw error;
};

/** The carrier port on Twilio's REST API, through the official client. */
export class TwilioTelephonyProvider extends TelephonyProvider {
  readonly name = 'twilio' as const;
  private readonly logger = new Logger(TwilioTelephonyProvider.name);

  readonly messagingServiceSid: string | null;
  private readonly publicBaseUrl: string;

  constructor(
    private readonly client: TwilioClient,
    private readonly account: TwilioAccountSettings,
    private readonly retry: TwilioRetryOptions = DEFAULT_RETRY,
  ) {
    super();
    this.publicBaseUrl = account.publicBaseUrl;
    this.messagingServiceSid = account.messagingServiceSid;
  }

  /** `httpClient` is for tests only: it points the client at a local stand-in for Twilio. */
  static fromConfig(
    config: AppConfig,
    httpClient?: TwilioHttpClient,
    retry: TwilioRetryOptions = DEFAULT_RETRY,
  ): TwilioTelephonyProvider {
    const client = twilio(config.twilioAccountSid!, config.twilioAuthToken, httpClient ? { httpClient } : {});
    return new TwilioTelephonyProvider(
      client,
      {
        publicBaseUrl: config.publicBaseUrl,
        messagingServiceSid: config.twilioMessagingServiceSid,
        addressSids: config.twilioAddressSids,
        bundleSids: config.twilioBundleSids,
      },
      retry,
    );
  }

  /**
   * Local numbers, and outside the US and Canada mobile ones too (SMS there mostly needs a mobile
   * number). A type the country does not sell (404) is simply empty; the country has none when both are.
   */
  async searchAvailableNumbers(search: NumberSearch): Promise<AvailableNumber[]> {
    const country = search.country.toUpperCase();
    const types: ('local' | 'mobile')[] = LOCAL_SMS_COUNTRIES.has(country) ? ['local'] : ['local', 'mobile'];
    const found: AvailableNumber[] = [];
    const missing: NumbersUnavailableError[] = [];
    for (const type of types) {
      try {
        found.push(...(await this.searchType(search, country, type)));
      } catch (error) {
        if (!(error instanceof NumbersUnavailableError)) throw error;
        missing.push(error);
      }
      if (found.length >= search.limit) break;
    }
    if (missing.length === types.length) throw missing[0]!;
    return found.slice(0, search.limit);
  }

  private async searchType(search: NumberSearch, country: string, type: 'local' | 'mobile'): Promise<AvailableNumber[]> {
    const filters = {
      ...(search.areaCode ? { areaCode: Number(search.areaCode) } : {}),
      voiceEnabled: true,
      smsEnabled: true,
      limit: search.limit,
    };
    const numbers = this.client.availablePhoneNumbers(country);
    type Listed = { phoneNumber: string; isoCountry: string; capabilities?: object };
    const found = await this.call('search numbers', 'safe', (): Promise<Listed[]> =>
      type === 'local' ? numbers.local.list(filters) : numbers.mobile.list(filters),
    );
    return found.map((n) => ({
      e164: n.phoneNumber,
      country: n.isoCountry,
      // Twilio gives no area code; in the NANP (+1) it is the first three digits, as the simulator has it.
      areaCode: search.areaCode ?? (n.phoneNumber.startsWith('+1') ? n.phoneNumber.slice(2, 5) : null),
      capabilities: Object.entries(n.capabilities ?? {})
        .filter(([, enabled]) => enabled)
        .map(([name]) => name.toLowerCase()),
    }));
  }

  async purchaseNumber(number: AvailableNumber): Promise<PurchasedNumber> {
    let sid: string;
    try {
      const country = number.country.toUpperCase();
      const regulatory = {
        ...(this.account.addressSids[country] ? { addressSid: this.account.addressSids[country] } : {}),
        ...(this.account.bundleSids[country] ? { bundleSid: this.account.bundleSids[country] } : {}),
      };
      sid = (
        await this.call('buy a number', 'once', () =>
          this.client.incomingPhoneNumbers.create({ ...this.webhookSettings(number.e164), ...regulatory }),
        )
      ).sid;
    } catch (error) {
      const cause = error instanceof ProviderError ? error.carrier : undefined;
      // The answer was lost (timeout, 5xx): the purchase may have gone through. The account says.
      if (!cause || (typeof cause.status === 'number' && cause.status < 500)) throw error;
      const owned = await this.findOwnedNumber(number.e164);
      if (!owned) throw error;
      this.logger.warn(`buying ${maskPhone(number.e164)} lost its answer, but the account has it as ${owned.sid}`);
      sid = owned.sid;
    }
    this.logger.log(`bought ${maskPhone(number.e164)} as ${sid}`);
    return { ...number, providerSid: sid };
  }

  /**
   * Voice, status, SMS and fallback URLs, all POST, as every relay number has them. The fallbacks are
   * Veil's own webhooks again: when one instance fails or times out, Twilio's second try reaches
   * another behind the load balancer instead of playing its own error message.
   */
  webhookSettings(e164?: string) {
    const url = (path: string) => `${this.publicBaseUrl}${path}`;
    return {
      ...(e164 ? { phoneNumber: e164 } : {}),
      voiceUrl: url(WEBHOOK_PATHS.voice),
      voiceMethod: 'POST',
      voiceFallbackUrl: url(WEBHOOK_PATHS.voice),
      voiceFallbackMethod: 'POST',
      statusCallback: url(WEBHOOK_PATHS.voiceStatus),
      statusCallbackMethod: 'POST',
      smsUrl: url(WEBHOOK_PATHS.sms),
      smsMethod: 'POST',
      smsFallbackUrl: url(WEBHOOK_PATHS.sms),
      smsFallbackMethod: 'POST',
    };
  }

  async eraseMessage(sid: string): Promise<ErasureResult> {
    return this.erasure(async () => {
      const media = await this.call("list a text's media", 'safe', () => this.client.messages(sid).media.list());
      for (const item of media) {
        await this.call('delete media', 'safe', () => this.client.messages(sid).media(item.sid).remove().catch(goneAlready));
      }
      await this.call('delete a text', 'safe', () => this.client.messages(sid).remove());
    });
  }

  async eraseCall(sid: string): Promise<ErasureResult> {
    return this.erasure(async () => {
      // The legs Veil's <Dial> made (to the buyer, to a counterpart) are calls of their own.
      const legs = await this.call("list a call's legs", 'safe', () => this.client.calls.list({ parentCallSid: sid }));
      for (const leg of legs) {
        await this.call('delete a call leg', 'safe', () => this.client.calls(leg.sid).remove().catch(goneAlready));
      }
      await this.call('delete a call', 'safe', () => this.client.calls(sid).remove());
    });
  }

  private async erasure(work: () => Promise<void>): Promise<ErasureResult> {
    try {
      await work();
      return 'erased';
    } catch (error) {
      const carrier = error instanceof ProviderError ? error.carrier : undefined;
      if (carrier?.status === 404) return 'gone';
      if (carrier?.status === 401 || carrier?.status === 403) return 'forbidden';
      if (carrier?.code === 20009) return 'in_flight';
      throw error;
    }
  }

  async listAccountNumbers(): Promise<AccountNumber[]> {
    const owned = await this.call('list the account numbers', 'safe', () => this.client.incomingPhoneNumbers.list());
    const want = this.webhookSettings();
    return owned.map((n) => ({
      providerSid: n.sid,
      e164: n.phoneNumber,
      webhooksCurrent:
        n.voiceUrl === want.voiceUrl &&
        n.voiceFallbackUrl === want.voiceFallbackUrl &&
        n.statusCallback === want.statusCallback &&
        n.smsUrl === want.smsUrl &&
        n.smsFallbackUrl === want.smsFallbackUrl &&
        n.voiceMethod === 'POST' &&
        n.smsMethod === 'POST',
    }));
  }

  async repointWebhooks(providerSid: string): Promise<void> {
    await this.call('re-point a number', 'safe', () => this.client.incomingPhoneNumbers(providerSid).update(this.webhookSettings()));
  }

  private async findOwnedNumber(e164: string): Promise<{ sid: string } | null> {
    const found = await this.call('check a purchase', 'safe', () =>
      this.client.incomingPhoneNumbers.list({ phoneNumber: e164, limit: 1 }),
    );
    return found[0] ? { sid: found[0].sid } : null;
  }

  async releaseNumber(providerSid: string): Promise<void> {
    const released = await this.call('release a number', 'safe', () =>
      this.client
        .incomingPhoneNumbers(providerSid)
        .remove()
        .catch((error: TwilioFailure) => {
          // Already gone from the account (released by hand, or by an earlier attempt): nothing is left to do.
          if (error.status === 404) return false;
          throw error;
        }),
    );
    if (!released) this.logger.warn(`${providerSid} was already released at Twilio`);
  }

  async sendSms(message: OutgoingSms): Promise<SendResult> {
    try {
      const sent = await this.call('send a text', 'once', () =>
        this.client.messages.create({
          from: message.from,
          to: message.to,
          body: message.body,
          // With both, Twilio sends from `from` (the relay number the buyer knows) under the service's campaign.
          ...(this.messagingServiceSid ? { messagingServiceSid: this.messagingServiceSid } : {}),
          statusCallback: `${this.publicBaseUrl}${WEBHOOK_PATHS.smsStatus}`,
        }),
      );
      return { kind: 'accepted', sid: sent.sid, status: sent.status };
    } catch (error) {
      const cause = (error as ProviderError).carrier;
      const message = (error as Error).message;
      // A 4xx is a decision: nothing was sent. Anything else may have been sent before the answer was lost.
      if (cause && typeof cause.status === 'number' && cause.status < 500) {
        return { kind: 'refused', code: cause.code ?? null, httpStatus: cause.status, message };
      }
      return { kind: 'unknown', message };
    }
  }

  async findSentMessages(query: { from: string; to: string; since: Date }): Promise<SentMessage[]> {
    // Twilio filters DateSent by day only and a queued message has no date_sent yet, so filter by
    // sender and recipient there and by creation time here (the log lists newest first).
    const messages = await this.call('look up sent texts', 'safe', () =>
      this.client.messages.list({ from: query.from, to: query.to, limit: LOOKUP_PAGE }),
    );
    return messages
      .filter((m) => m.dateCreated && m.dateCreated.getTime() >= query.since.getTime())
      .map((m) => ({
        sid: m.sid,
        from: m.from,
        to: m.to,
        body: m.body ?? '',
        status: m.status,
        errorCode: m.errorCode ?? null,
        createdAt: m.dateCreated,
      }));
  }

  async messagingService(): Promise<MessagingServiceState | null> {
    const sid = this.messagingServiceSid;
    if (!sid) return null;
    const service = await this.call('read the Messaging Service', 'safe', () => this.client.messaging.v1.services(sid).fetch());
    const numbers = await this.call('list the Messaging Service numbers', 'safe', () =>
      this.client.messaging.v1.services(sid).phoneNumbers.list(),
    );
    return {
      sid,
      useInboundWebhookOnNumber: service.useInboundWebhookOnNumber === true,
      numbers: numbers.map((n) => n.phoneNumber),
      usA2pRegistered: service.usAppToPersonRegistered === true,
    };
  }

  async addToMessagingService(providerSid: string): Promise<void> {
    const sid = this.messagingServiceSid;
    if (!sid) return;
    await this.call('add the number to the Messaging Service', 'safe', () =>
      this.client.messaging.v1
        .services(sid)
        .phoneNumbers.create({ phoneNumberSid: providerSid })
        .catch((error: TwilioFailure) => {
          // 80104: already in this service (an earlier attempt got through): the goal is reached.
          if (error.code === 80104) return null;
          throw error;
        }),
    );
  }

  /**
   * One REST request with retries: a 429 is always retried (Twilio did nothing), a 5xx or a lost
   * connection only when repeating is harmless. Then Twilio's answer becomes a domain error that says
   * what failed, with Twilio's own code; the original is kept as `carrier`.
   */
  private async call<T>(what: string, repeat: Repeat, request: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await request();
      } catch (error) {
        const e = error as TwilioFailure;
        const retriable = e.status === 429 || (repeat === 'safe' && (typeof e.status !== 'number' || e.status >= 500));
        if (retriable && attempt < this.retry.maxRetries) {
          const ceiling = Math.min(this.retry.baseDelayMs * 2 ** attempt, MAX_DELAY_MS);
          await sleep(Math.floor(ceiling / 2 + (Math.random() * ceiling) / 2));
          continue;
        }
        throw this.domainError(what, e, attempt + 1);
      }
    }
  }

  private domainError(what: string, e: TwilioFailure, attempts: number): Error {
    const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
    if (typeof e.status !== 'number') {
      return new ProviderError(`Twilio could not be reached to ${what}${tries}: ${e.message ?? 'network error'}`, [], e);
    }
    const detail = [{ message: `Twilio answered ${e.status}${e.code ? ` (error ${e.code})` : ''}: ${e.message ?? ''}` }];
    if (e.status === 404 && what === 'search numbers') {
      return new NumbersUnavailableError('Twilio has no numbers for that country or area code', detail);
    }
    if (e.code === 21422 || e.code === 21452) {
      return new NumbersUnavailableError('The number is no longer available at Twilio', detail);
    }
    if (e.code !== undefined && REGULATORY_ERRORS.has(e.code)) {
      return new RegulatoryRequirementError(
        `Twilio sells numbers there only with regulatory documents (error ${e.code}): create an Address or a ` +
          'regulatory Bundle for the country in the Twilio Console (Phone Numbers > Regulatory Compliance) and set ' +
          'TWILIO_ADDRESS_SIDS or TWILIO_BUNDLE_SIDS (<country>:<SID>)',
        detail,
      );
    }
    if (e.status === 429) return new ProviderError(`Twilio is rate limiting requests to ${what}${tries}; try again shortly`, detail, e);
    if (e.status >= 500) return new ProviderError(`Twilio failed to ${what}${tries}`, detail, e);
    return new ProviderError(`Twilio refused to ${what}`, detail, e);
  }
}
