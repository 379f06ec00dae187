import { randomBytes, randomInt } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Clock, SystemClock } from '../../common/clock.js';
import { maskPhone } from '../../common/phone.js';
import { NumbersUnavailableError } from '../../common/errors.js';
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

// The simulator's message log, for `findSentMessages`; the oldest entries go first.
const SENT_LOG_SIZE = 1000;

/**
 * NANP area codes the simulator hands out numbers in. Only the fictional exchange 555, lines
 * 0100–0199, is used: reserved for fiction, never a real subscriber.
 */
export const SIMULATOR_AREA_CODES = [
  '201',
  '202',
  '206',
  '212',
  '213',
  '214',
  '303',
  '305',
  '310',
  '312',
  '313',
  '404',
  '412',
  '415',
  '503',
  '512',
  '602',
  '612',
  '617',
  '619',
  '646',
  '702',
  '713',
  '718',
  '720',
  '773',
  '786',
  '804',
  '808',
  '818',
  '832',
  '858',
  '917',
  '919',
  '929',
  '971',
];
const CANADIAN_AREA_CODES = new Set(['416', '514', '604', '613']);

/**
 * China (+86): mobile numbers +86 170 0555 0100–0199. China reserves no range for fiction; these are
 * valid mobile numbers of a virtual-operator prefix, and the simulator never reaches a real carrier.
 * They let a +86 buyer be served (checkout picks a relay number of the buyer's calling code).
 */
const CHINESE_PREFIX = '+861700555';

export function isSimulatorNumber(e164: string): boolean {
  return /^\+1\d{3}55501\d{2}$/.test(e164) || /^\+86170055501\d{2}$/.test(e164);
}

export class SimulatorTelephonyProvider extends TelephonyProvider {
  readonly name = 'simulator' as const;
  readonly messagingServiceSid = null;
  private readonly logger = new Logger('SimulatorTelephony');
  private readonly sent: SentMessage[] = [];

  constructor(private readonly clock: Clock = new SystemClock()) {
    super();
  }

  async searchAvailableNumbers(search: NumberSearch): Promise<AvailableNumber[]> {
    const country = search.country.toUpperCase();
    if (country === 'CN') return this.searchChinese(search);
    if (country !== 'US' && country !== 'CA') {
      throw new NumbersUnavailableError(
        `The simulator only has numbers in US and CA (fictional +1 NPA 555 0100–0199) and CN (+86 170 0555 0100–0199), not ${country}`,
      );
    }
    const areaCodes = search.areaCode ? [search.areaCode] : country === 'CA' ? [...CANADIAN_AREA_CODES] : SIMULATOR_AREA_CODES;
    if (search.areaCode && !/^[2-9]\d\d$/.test(search.areaCode)) return [];
    // Random picks, as a carrier's inventory search would return; the caller skips numbers it owns.
    const picked = new Set<string>();
    const capacity = areaCodes.length * 100;
    while (picked.size < Math.min(search.limit, capacity)) {
      const areaCode = areaCodes[randomInt(areaCodes.length)]!;
      picked.add(`+1${areaCode}55501${String(randomInt(100)).padStart(2, '0')}`);
    }
    return [...picked].map((e164) => ({ e164, country, areaCode: e164.slice(2, 5), capabilities: ['voice', 'sms'] }));
  }

  /** China has no area codes for mobiles: an area code asks for none of these. */
  private searchChinese(search: NumberSearch): AvailableNumber[] {
    if (search.areaCode) return [];
    const picked = new Set<string>();
    while (picked.size < Math.min(search.limit, 100)) picked.add(`${CHINESE_PREFIX}01${String(randomInt(100)).padStart(2, '0')}`);
    return [...picked].map((e164) => ({ e164, country: 'CN', areaCode: null, capabilities: ['voice', 'sms'] }));
  }

  async purchaseNumber(number: AvailableNumber): Promise<PurchasedNumber> {
    return { ...number, providerSid: `PN${randomBytes(16).toString('hex')}` };
  }

  async releaseNumber(): Promise<void> {}

  /** A simulated carrier delivers instantly; what would be sent is logged with masked numbers. */
  async sendSms(message: OutgoingSms): Promise<SendResult> {
    const sid = `SM${randomBytes(16).toString('hex')}`;
    this.logger.log(`text ${sid} from ${maskPhone(message.from)} to ${maskPhone(message.to)} (${message.body.length} chars)`);
    this.sent.unshift({ sid, ...message, status: 'delivered', errorCode: null, createdAt: this.clock.now() });
    this.sent.length = Math.min(this.sent.length, SENT_LOG_SIZE);
    return { kind: 'accepted', sid, status: 'queued' };
  }

  async findSentMessages(query: { from: string; to: string; since: Date }): Promise<SentMessage[]> {
    return this.sent.filter((m) => m.from === query.from && m.to === query.to && m.createdAt >= query.since);
  }

  /** The simulator has no Messaging Service: texts go straight from the number. */
  async messagingService(): Promise<MessagingServiceState | null> {
    return null;
  }

  async addToMessagingService(): Promise<void> {}

  /** The simulator keeps no call log and only a short text log: nothing is left to delete. */
  async eraseMessage(sid: string): Promise<ErasureResult> {
    const at = this.sent.findIndex((m) => m.sid === sid);
    if (at >= 0) this.sent.splice(at, 1);
    return 'erased';
  }

  async eraseCall(): Promise<ErasureResult> {
    return 'erased';
  }

  /** The simulator keeps no account: there is nothing to compare or re-point. */
  async listAccountNumbers(): Promise<AccountNumber[]> {
    return [];
  }

  async repointWebhooks(): Promise<void> {}
}
