import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app.config.js';
import { Clock } from '../common/clock.js';
import { maskPhone, callerId } from '../common/phone.js';
import { PhoneCipher } from '../common/phone-cipher.service.js';
import { HotPathPool } from '../database/hot-path-pool.js';
import { parseCarrierWord, type CarrierWord } from './carrier-words.js';

/** The carrier refuses texts to a phone that opted out of the scope: Twilio's error 21610. */
export const CARRIER_OPT_OUT_ERROR = 21610;

const BLOCK = {
  name: 'veil_carrier_block_v1',
  text: `INSERT INTO carrier_block (scope, phone_hash, source, blocked_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT ON CONSTRAINT pk_carrier_block DO NOTHING`,
};
const CLEAR = {
  name: 'veil_carrier_block_clear_v1',
  text: `DELETE FROM carrier_block WHERE scope = $1 AND phone_hash = $2 RETURNING scope`,
};
const IS_BLOCKED = {
  name: 'veil_carrier_block_check_v1',
  text: `SELECT 1 FROM carrier_block WHERE scope = $1 AND phone_hash = $2`,
};

/**
 * Mirrors the carrier's own opt-out. On long codes Twilio acts on STOP and its kin from any phone, then
 * refuses (21610) every text to that phone from the relay number, or from every number of its Messaging
 * Service. Veil keeps the same block on (scope, keyed hash of the phone), so that it sends nothing the
 * carrier would refuse, records such texts as blocked (`carrier_opt_out`), and can tell the platform.
 * START, UNSTOP and YES clear it, as they do at the carrier.
 */
@Injectable()
export class CarrierOptOutService {
  private readonly logger = new Logger(CarrierOptOutService.name);

  constructor(
    private readonly pool: HotPathPool,
    private readonly cipher: PhoneCipher,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Where an opt-out from a phone texting `relayE164` applies: the Messaging Service, else the number. */
  scopeOf(relayE164: string): string {
    return this.config.twilioMessagingServiceSid ?? relayE164;
  }

  /**
   * An inbound text, as the carrier saw it: a STOP word blocks the sender within the scope, START,
   * UNSTOP or YES clears that. Returns the carrier word the text is, if any. Senders that are not phone
   * numbers (sender IDs, withheld) cannot opt out and are left alone.
   */
  async observeInbound(
    from: string,
    relayE164: string,
    body: string,
    optOutType: string,
  ): Promise<{ word: CarrierWord | null; cleared: boolean }> {
    const word = parseCarrierWord(body, optOutType);
    if (!word || !callerId(from).reachable) return { word, cleared: false };
    const scope = this.scopeOf(relayE164);
    if (word === 'stop') {
      await this.pool.query(BLOCK, [scope, this.cipher.hash(from), 'keyword', this.clock.now()]);
      this.logger.log(`carrier opt-out: ${maskPhone(from)} in ${this.describe(scope)}`);
      return { word, cleared: false };
    }
    const cleared = await this.pool.query(CLEAR, [scope, this.cipher.hash(from)]);
    if (cleared.length > 0) this.logger.log(`carrier opt-in: ${maskPhone(from)} in ${this.describe(scope)}`);
    return { word, cleared: cleared.length > 0 };
  }

  /** A send the carrier refused with 21610: the phone opted out in a way Veil had not seen. */
  async recordRefusal(relayE164: string, phoneE164: string): Promise<void> {
    if (!callerId(phoneE164).reachable) return;
    const scope = this.scopeOf(relayE164);
    await this.pool.query(BLOCK, [scope, this.cipher.hash(phoneE164), 'send_error', this.clock.now()]);
    this.logger.log(`carrier opt-out seen on a send: ${maskPhone(phoneE164)} in ${this.describe(scope)}`);
  }

  /** Whether the carrier would refuse a text from `relayE164` to `phoneE164`. */
  async isBlocked(relayE164: string, phoneE164: string): Promise<boolean> {
    const rows = await this.pool.query(IS_BLOCKED, [this.scopeOf(relayE164), this.cipher.hash(phoneE164)]);
    return rows.length > 0;
  }

  private describe(scope: string): string {
    return scope.startsWith('MG') ? `Messaging Service ${scope}` : `relay number ${scope}`;
  }
}
