import { Logger } from '@nestjs/common';
import twilio from 'twilio';
import type { AppConfig } from '../../config/app.config.js';
import { NumbersUnavailableError, ProviderError } from '../../common/errors.js';
import { maskPhone } from '../../common/phone.js';
import { AvailableNumber, NumberSearch, OutgoingSms, PurchasedNumber, TelephonyProvider } from '../telephony.provider.js';
import { WEBHOOK_PATHS } from '../webhook-paths.js';

type TwilioClient = ReturnType<typeof twilio>;
/** The client's HTTP layer; tests replace it to reach a local stand-in for Twilio. */
export type TwilioHttpClient = InstanceType<typeof twilio.RequestClient>;

/** The carrier port on Twilio's REST API, through the official client. */
export class TwilioTelephonyProvider extends TelephonyProvider {
  readonly name = 'twilio' as const;
  private readonly logger = new Logger(TwilioTelephonyProvider.name);

  constructor(
    private readonly client: TwilioClient,
    private readonly publicBaseUrl: string,
  ) {
    super();
  }

  /** `httpClient` is for tests only: it points the client at a local stand-in for Twilio. */
  static fromConfig(config: AppConfig, httpClient?: TwilioHttpClient): TwilioTelephonyProvider {
    const client = twilio(config.twilioAccountSid!, config.twilioAuthToken, httpClient ? { httpClient } : {});
    return new TwilioTelephonyProvider(client, config.publicBaseUrl);
  }

  async searchAvailableNumbers(search: NumberSearch): Promise<AvailableNumber[]> {
    const found = await this.call('search numbers', () =>
      this.client.availablePhoneNumbers(search.country.toUpperCase()).local.list({
        ...(search.areaCode ? { areaCode: Number(search.areaCode) } : {}),
        voiceEnabled: true,
        smsEnabled: true,
        limit: search.limit,
      }),
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
    const url = (path: string) => `${this.publicBaseUrl}${path}`;
    const bought = await this.call('buy a number', () =>
      this.client.incomingPhoneNumbers.create({
        phoneNumber: number.e164,
        voiceUrl: url(WEBHOOK_PATHS.voice),
        voiceMethod: 'POST',
        statusCallback: url(WEBHOOK_PATHS.voiceStatus),
        statusCallbackMethod: 'POST',
        smsUrl: url(WEBHOOK_PATHS.sms),
        smsMethod: 'POST',
      }),
    );
    this.logger.log(`bought ${maskPhone(number.e164)} as ${bought.sid}`);
    return { ...number, providerSid: bought.sid };
  }

  async releaseNumber(providerSid: string): Promise<void> {
    const released = await this.call('release a number', () =>
      this.client
        .incomingPhoneNumbers(providerSid)
        .remove()
        .catch((error: { status?: number }) => {
          // Already gone from the account (released by hand, or by an earlier attempt): nothing is left to do.
          if (error.status === 404) return false;
          throw error;
        }),
    );
    if (!released) this.logger.warn(`${providerSid} was already released at Twilio`);
  }

  async sendSms(message: OutgoingSms): Promise<{ sid: string }> {
    const sent = await this.call('send a text', () =>
      this.client.messages.create({
        from: message.from,
        to: message.to,
        body: message.body,
        statusCallback: `${this.publicBaseUrl}${WEBHOOK_PATHS.smsStatus}`,
      }),
    );
    return { sid: sent.sid };
  }

  /** Twilio's error answers become domain errors that say what failed, with Twilio's own code. */
  private async call<T>(what: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      const e = error as { status?: number; code?: number; message?: string };
      if (typeof e.status !== 'number') {
        throw new ProviderError(`Twilio could not be reached to ${what}: ${e.message ?? 'network error'}`);
      }
      const detail = [{ message: `Twilio answered ${e.status}${e.code ? ` (error ${e.code})` : ''}: ${e.message ?? ''}` }];
      if (e.status === 404 && what === 'search numbers') {
        throw new NumbersUnavailableError('Twilio has no numbers for that country or area code', detail);
      }
      if (e.code === 21422 || e.code === 21452) {
        throw new NumbersUnavailableError('The number is no longer available at Twilio', detail);
      }
      if (e.status === 429) throw new ProviderError(`Twilio is rate limiting requests to ${what}; try again shortly`, detail);
      throw new ProviderError(`Twilio refused to ${what}`, detail);
    }
  }
}
