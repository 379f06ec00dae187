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
 * How a send ended. `refused`: the carrier said no and nothing went out (its error code says why).
 * `unknown`: the request may or may not have reached the carrier (connection lost, timeout, 5xx), so
 * sending again could send twice; settle it with `findSentMessages`.
 */
export type SendResult =
  | { kind: 'accepted'; sid: string; status: string }
  | { kind: 'refused'; code: number | null; httpStatus: number; message: string }
  | { kind: 'unknown'; message: string };

/** A message the carrier holds, as its message log shows it. */
export interface SentMessage {
  sid: string;
  from: string;
  to: string;
  body: string;
  status: string;
  errorCode: number | null;
  createdAt: Date;
}

/** The Messaging Service as the carrier has it: its inbound setting and the numbers in it. */
export interface MessagingServiceState {
  sid: string;
  /** True when inbound texts go to each number's own SMS URL (Veil's webhook), as Veil needs. */
  useInboundWebhookOnNumber: boolean;
  /** The E.164 numbers in the service. */
  numbers: string[];
  /** Whether an approved US A2P 10DLC campaign is attached (without one, US texts fail with 30034). */
  usA2pRegistered: boolean;
}

/**
 * How deleting one of the carrier's records ended: gone now (`erased`, or already `gone`), the account
 * may not delete (`forbidden`), or not yet deletable (`in_flight`: a text still being delivered, a call
 * in progress). Other failures throw, after the client's retries.
 */
export type ErasureResult = 'erased' | 'gone' | 'forbidden' | 'in_flight';

/** A number the carrier account holds, with whether its webhooks point where Veil's should. */
export interface AccountNumber {
  providerSid: string;
  e164: string;
  webhooksCurrent: boolean;
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
  /** Never throws for the carrier's answer: see SendResult. Through the Messaging Service when one is set. */
  abstract sendSms(message: OutgoingSms): Promise<SendResult>;
  /** Messages sent from `from` to `to` created at or after `since`, newest first (settles an unknown send). */
  abstract findSentMessages(query: { from: string; to: string; since: Date }): Promise<SentMessage[]>;
  /** The configured Messaging Service, or null when none is configured. */
  abstract messagingService(): Promise<MessagingServiceState | null>;
  /** Adds a number (by its carrier id) to the configured Messaging Service; no-op without one. */
  abstract addToMessagingService(providerSid: string): Promise<void>;
  /** Deletes the carrier's record of a text, with its media first. */
  abstract eraseMessage(sid: string): Promise<ErasureResult>;
  /** Deletes the carrier's record of a call, with the legs it dialled first. */
  abstract eraseCall(sid: string): Promise<ErasureResult>;
  /** Every number the account holds (for `npm run numbers:sync`). */
  abstract listAccountNumbers(): Promise<AccountNumber[]>;
  /** Points a number's voice, status, SMS and fallback URLs at Veil's PUBLIC_BASE_URL. */
  abstract repointWebhooks(providerSid: string): Promise<void>;
  /** The Messaging Service SID texts go through, or null. */
  abstract readonly messagingServiceSid: string | null;
}
