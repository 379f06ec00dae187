import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, type Repository } from 'typeorm';
import { Clock } from '../common/clock.js';
import { DomainError, NotFoundError, NumberInUseError, NumbersUnavailableError } from '../common/errors.js';
import { maskPhone, phoneFromE164 } from '../common/phone.js';
import { TelephonyProvider } from '../telephony/telephony.provider.js';
import { RelayNumber, type NumberPool, type NumberStatus } from './relay-number.entity.js';
import { queryRows } from '../database/sql.js';

export interface ProvisionRequest {
  country: string;
  areaCode?: string;
  count: number;
  pool: NumberPool;
}

const SEARCH_ROUNDS = 5;

/** A step of provisioning that failed for one number (or for the search), said for the operator. */
export interface ProvisionFailure {
  /** The number concerned; null when the failure stopped the search or purchases as a whole. */
  e164: string | null;
  step: 'purchase' | 'messaging_service';
  error: string;
  message: string;
}

export interface ProvisionResult {
  added: RelayNumber[];
  failures: ProvisionFailure[];
}

@Injectable()
export class NumberService {
  private readonly logger = new Logger(NumberService.name);

  constructor(
    @InjectRepository(RelayNumber) private readonly numbers: Repository<RelayNumber>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly telephony: TelephonyProvider,
    private readonly clock: Clock,
  ) {}

  /**
   * Searches the carrier, buys what we do not own yet, adds it to the Messaging Service (when one is
   * configured) and to the pool. A failure part way does not lose what was bought: every number bought
   * is in the pool, and the answer lists what failed. Only when nothing was bought is it an error.
   */
  async provision(request: ProvisionRequest): Promise<ProvisionResult> {
    const added: RelayNumber[] = [];
    const failures: ProvisionFailure[] = [];
    try {
      await this.buyInto(request, added, failures);
    } catch (error) {
      if (added.length === 0 || !(error instanceof DomainError)) throw error;
      failures.push({ e164: null, step: 'purchase', error: error.code, message: error.message });
    }
    if (added.length === 0) {
      throw new NumbersUnavailableError(
        `No ${request.country} numbers${request.areaCode ? ` in area code ${request.areaCode}` : ''} are available`,
      );
    }
    this.logger.log(`provisioned ${added.length} ${request.pool} numbers in ${request.country}`);
    return { added, failures };
  }

  private async buyInto(request: ProvisionRequest, added: RelayNumber[], failures: ProvisionFailure[]): Promise<void> {
    for (let round = 0; round < SEARCH_ROUNDS && added.length < request.count; round++) {
      const wanted = request.count - added.length;
      const candidates = await this.telephony.searchAvailableNumbers({
        country: request.country,
        areaCode: request.areaCode,
        limit: Math.min(wanted * 2 + 10, 1000),
      });
      if (candidates.length === 0) break;
      const owned = new Set(
        (await this.numbers.find({ select: { e164: true }, where: { e164: In(candidates.map((c) => c.e164)) } })).map(
          (n) => n.e164,
        ),
      );
      for (const candidate of candidates.filter((c) => !owned.has(c.e164)).slice(0, wanted)) {
        let bought;
        try {
          bought = await this.telephony.purchaseNumber(candidate);
        } catch (error) {
          // Sold to someone else between search and purchase: try the next candidate.
          if (error instanceof NumbersUnavailableError) continue;
          throw error;
        }
        const phone = phoneFromE164(bought.e164);
        const now = this.clock.now();
        const inserted = await queryRows<RelayNumber>(
          this.dataSource,
          `INSERT INTO relay_number (e164, calling_code, country, area_code, pool, status, capabilities, provider, provider_sid, available_since, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, 'available', $6, $7, $8, $9, $9, $9)
           ON CONFLICT ON CONSTRAINT uq_relay_number_e164 DO NOTHING
           RETURNING id`,
          [
            bought.e164,
            phone.callingCode,
            bought.country,
            bought.areaCode,
            request.pool,
            bought.capabilities,
            this.telephony.name,
            bought.providerSid,
            now,
          ],
        );
        // Lost a race with another provisioning of the same number: it is in the pool either way.
        if (inserted.length === 0) continue;
        added.push(await this.numbers.findOneByOrFail({ id: inserted[0]!.id }));
        try {
          await this.telephony.addToMessagingService(bought.providerSid);
        } catch (error) {
          // Bought and in the pool; `npm run numbers:sync` adds it to the service later.
          const e = error as DomainError;
          failures.push({ e164: bought.e164, step: 'messaging_service', error: e.code ?? 'provider_error', message: e.message });
        }
      }
    }
  }

  async list(filter: { status?: string; pool?: NumberPool } = {}): Promise<RelayNumber[]> {
    return this.numbers.find({
      where: {
        ...(filter.status ? { status: filter.status as NumberStatus } : {}),
        ...(filter.pool ? { pool: filter.pool } : {}),
      },
      order: { pool: 'ASC', createdAt: 'ASC', e164: 'ASC' },
    });
  }

  async count(): Promise<number> {
    return this.numbers.count();
  }

  /** Numbers of one pool, retired ones included. */
  async countInPool(pool: NumberPool): Promise<number> {
    return this.numbers.count({ where: { pool } });
  }

  /**
   * Takes a number out of the pool and releases it at the carrier. The row lock makes this safe against a
   * checkout picking the same number at the same moment (allocation takes a KEY SHARE lock on it).
   */
  async retire(id: string): Promise<RelayNumber> {
    const retired = await this.dataSource.transaction(async (tx) => {
      const [row] = await queryRows<{ id: string; status: NumberStatus }>(
        tx,
        `SELECT id, status FROM relay_number WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!row) throw new NotFoundError('No relay number with that id');
      if (row.status === 'retired') return null;
      const [busy] = await queryRows<{ count: string }>(
        tx,
        `SELECT count(*) FROM binding WHERE relay_number_id = $1 AND status = 'active'`,
        [id],
      );
      if (Number(busy!.count) > 0) {
        throw new NumberInUseError(`The number serves ${busy!.count} active binding(s); close them or wait for them to end`);
      }
      const now = this.clock.now();
      await queryRows(
        tx,
        `UPDATE relay_number SET status = 'retired', quarantine_until = NULL, retired_at = $2, updated_at = $2 WHERE id = $1`,
        [id, now],
      );
      return row;
    });
    if (retired) await this.releaseAtCarrier(id);
    return this.numbers.findOneByOrFail({ id });
  }

  /**
   * Releases a retired number at the carrier and notes it. A failed release is logged and left for
   * `npm run numbers:sync` to retry (the number stays billed until then); it never un-retires it.
   */
  async releaseAtCarrier(id: string): Promise<boolean> {
    const number = await this.numbers.findOneByOrFail({ id });
    if (number.status !== 'retired' || number.carrierReleasedAt) return true;
    if (number.providerSid && number.provider === this.telephony.name) {
      try {
        await this.telephony.releaseNumber(number.providerSid);
      } catch (error) {
        this.logger.error(
          `retired ${maskPhone(number.e164)} but ${number.provider} did not release it (${(error as Error).message}); ` +
            'it is still billed: `npm run numbers:sync` retries',
        );
        return false;
      }
      this.logger.log(`released ${maskPhone(number.e164)} at ${number.provider}`);
    }
    await queryRows(this.dataSource, `UPDATE relay_number SET carrier_released_at = $2 WHERE id = $1`, [id, this.clock.now()]);
    return true;
  }
}

export function toNumberResponse(number: RelayNumber) {
  return {
    id: number.id,
    e164: number.e164,
    country: number.country,
    areaCode: number.areaCode,
    pool: number.pool,
    status: number.status,
    capabilities: number.capabilities,
    provider: number.provider,
    quarantineUntil: number.quarantineUntil?.toISOString() ?? null,
    retiredAt: number.retiredAt?.toISOString() ?? null,
    // False while the carrier still holds (and bills) a retired number.
    releasedAtCarrier: number.status === 'retired' ? number.carrierReleasedAt !== null : null,
    createdAt: number.createdAt.toISOString(),
  };
}
