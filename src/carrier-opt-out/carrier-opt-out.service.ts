import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app.config.js';
import { Clock } from '../common/clock.js';
import { maskPhone, callerId } from '../common/phone.js';
import { PhoneCipher } from '../common/phone-cipher.service.js';
import { HotPathPool } from '../database/hot-path-pool.js';
import { appendEventsSql, isoSql } from '../events/event-outbox.js';
import { parseCarrierWord, type CarrierWord } from './carrier-words.js';

/** The carrier refuses texts to a phone that opted out of the scope: Twilio's error 21610. */
export const CARRIER_OPT_OUT_ERROR = 21610;

/**
 * The buyer's live bindings in a block's scope, as the source of their events (events/event-outbox.ts):
 * the bindings, of any tenant, whose buyer is the phone and whose relay number is the scope, or any
 * number when the scope is the Messaging Service (`serviceWide`). A counterpart's block has no event
 * (its texts show as text.blocked `carrier_opt_out`); an ended binding has none either.
 */
function buyerBindingsSql(changed: string, type: string, data: string, at: string, serviceWide: string): string {
  return `SELECT bd.tenant_id, bd.id AS binding_id, '${type}'::text AS type, ${data} AS data, ${at} AS at, 1 AS ord
            FROM ${changed} k
            JOIN participant p ON p.phone_hash = k.phone_hash AND p.active AND p.role = 'buyer'
            JOIN relay_number n ON n.id = p.relay_number_id
            JOIN binding bd ON bd.id = p.binding_id AND bd.status = 'active' AND bd.expires_at > ${at}
           WHERE ${serviceWide} OR n.e164 = k.scope`;
}

/** What a carrier-block event says: where the block applies, on the binding's own number; masked only. */
function scopeData(serviceWide: string): string {
  return `'scope', CASE WHEN ${serviceWide} THEN 'messaging_service' ELSE 'relay_number' END,
          'relayNumber', n.e164, 'buyerPhoneMasked', p.phone_masked`;
}

// Each statement writes (or clears) the block and appends its events in one go: they commit together.
const BLOCK = {
  name: 'veil_carrier_block_v2',
  text: `WITH k AS (
           INSERT INTO carrier_block (scope, phone_hash, source, blocked_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT ON CONSTRAINT pk_carrier_block DO NOTHING
           RETURNING scope, phone_hash, source, blocked_at)
         , src AS (${buyerBindingsSql(
           'k',
           'buyer.carrier_opt_out',
           `jsonb_build_object('source', k.source, ${scopeData('$5::boolean')})`,
           'k.blocked_at',
           '$5::boolean',
         )})
         ${appendEventsSql('src')}
         SELECT (SELECT count(*) FROM k)::int AS blocked, (SELECT count(*) FROM ev_written)::int AS events`,
};
const CLEAR = {
  name: 'veil_carrier_block_clear_v2',
  text: `WITH k AS (
           DELETE FROM carrier_block WHERE scope = $1 AND phone_hash = $2
           RETURNING scope, phone_hash, source, blocked_at)
         , src AS (${buyerBindingsSql(
           'k',
           'carrier_block.cleared',
           `jsonb_build_object('source', k.source, 'blockedAt', ${isoSql('k.blocked_at')}, ${scopeData('$4::boolean')})`,
           '$3::timestamptz',
           '$4::boolean',
         )})
         ${appendEventsSql('src')}
         SELECT (SELECT count(*) FROM k)::int AS cleared, (SELECT count(*) FROM ev_written)::int AS events`,
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
    const hash = this.cipher.hash(from);
    const now = this.clock.now();
    if (word === 'stop') {
      await this.pool.query(BLOCK, [scope, hash, 'keyword', now, scope !== relayE164]);
      this.logger.log(`carrier opt-out: ${maskPhone(from)} in ${this.describe(scope)}`);
      return { word, cleared: false };
    }
    const [row] = await this.pool.query<{ cleared: number }>(CLEAR, [scope, hash, now, scope !== relayE164]);
    const cleared = (row?.cleared ?? 0) > 0;
    if (cleared) this.logger.log(`carrier opt-in: ${maskPhone(from)} in ${this.describe(scope)}`);
    return { word, cleared };
  }

  /** A send the carrier refused with 21610: the phone opted out in a way Veil had not seen. */
  async recordRefusal(relayE164: string, phoneE164: string): Promise<void> {
    if (!callerId(phoneE164).reachable) return;
    const scope = this.scopeOf(relayE164);
    const [row] = await this.pool.query<{ blocked: number }>(BLOCK, [
      scope,
      this.cipher.hash(phoneE164),
      'send_error',
      this.clock.now(),
      scope !== relayE164,
    ]);
    if ((row?.blocked ?? 0) > 0) {
      this.logger.log(`carrier opt-out seen on a send: ${maskPhone(phoneE164)} in ${this.describe(scope)}`);
    }
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
