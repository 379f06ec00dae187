export interface NumberSearch {
  /** ISO 3166-1 alpha-2. */
  country: string;
  areaCode?: string;
  limit: number;
}

export interface AvailableNumber {
  e164: string;
  country: string;
  areaCode: string | null;
  capabilities: string[];
}

export interface PurchasedNumber extends AvailableNumber {
  providerSid: string;
}

export interface OutgoingSms {
  from: string;
  to: string;
  body: string;
}

/**
 * The carrier port. Bound from config to Twilio or to the simulator, which behaves like Twilio from
 * the outside (numbers, signed webhooks, TwiML) so the whole service can be tried locally.
 */
export abstract class TelephonyProvider {
  abstract readonly name: 'twilio' | 'simulator';
  abstract searchAvailableNumbers(search: NumberSearch): Promise<AvailableNumber[]>;
  /** Buys the number and points its voice and SMS webhooks at Veil. */
  abstract purchaseNumber(number: AvailableNumber): Promise<PurchasedNumber>;
  abstract releaseNumber(providerSid: string): Promise<void>;
  abstract sendSms(message: OutgoingSms): Promise<{ sid: string }>;
}
