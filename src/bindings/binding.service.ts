import { randomInt } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app.config.js';
import { addDays, Clock, DAY_MS } from '../common/clock.js';
import {
  BindingEndedError,
  BindingPurgedError,
  checkViolation,
  CounterpartConflictError,
  ExtensionLimitError,
  NotFoundError,
  OrderConflictError,
  NoPoolForCountryError,
  PoolExhaustedError,
  uniqueViolation,
  ValidationFailedError,
} from '../common/errors.js';
import { extensionForms, parsePhone, type PhoneNumber } from '../common/phone.js';
import { PhoneCipher } from '../common/phone-cipher.service.js';
import type { BindingMode } from './binding.entity.js';
import { BindingRepository, type BindingView, type NewParty, type SealedPhone } from './binding.repository.js';
import type { CounterpartRole } from './participant.entity.js';
import { CheckoutQueue } from './checkout-queue.js';
import { ANY_ROW, queryRows, type BatchScope } from '../database/sql.js';
import { AuditService } from '../common/audit.service.js';
import { RateLimitService } from '../tenants/rate-limit.service.js';
import { EventOutbox } from '../events/event-outbox.js';

export interface CreateBindingInput {
  orderId: string;
  buyerPhone: string;
  country?: string;
  mode?: BindingMode;
  afterSalesEndsAt?: string;
  windowDays?: number;
  counterparts?: { phone: string; role: CounterpartRole }[];
  marketingConsent?: boolean;
}

/** Who moved the window: the platform through the API, or the buyer texting EXTEND. */
export type ExtendedBy = 'platform' | 'buyer_text';

export interface ExtendInput {
  days?: number;
  until?: string;
}

// Each attempt sees the checkouts committed before it, so a conflict is retried on fresh data.
const MAX_ALLOCATION_ATTEMPTS = 64;
// Random extensions tried per attempt: with at most half the code space held (occupancy plus
// quarantine), all of them are taken about once in 65,000 attempts.
const EXTENSION_CANDIDATES = 16;

@Injectable()
export class BindingService {
  private readonly logger = new Logger(BindingService.name);
  private readonly checkouts = new CheckoutQueue();

  constructor(
    private readonly repository: BindingRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: PhoneCipher,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly limits: RateLimitService,
    private readonly audit: AuditService,
    private readonly outbox: EventOutbox,
  ) {}

  /** Checkout. Idempotent on (tenant, orderId): `created` is false when the order already had a binding. */
  async create(tenantId: string, input: CreateBindingInput): Promise<{ binding: BindingView; created: boolean }> {
    const now = this.clock.now();
    const buyer = parsePhone(input.buyerPhone, 'buyerPhone', input.country);
    const counterparts = (input.counterparts ?? []).map((c, i) => ({
      role: c.role,
      phone: parsePhone(c.phone, `counterparts[${i}].phone`, input.country),
    }));
    const seen = new Set([buyer.e164]);
    counterparts.forEach((c, i) => {
      if (seen.has(c.phone.e164)) {
        throw new ValidationFailedError('A phone appears twice on the binding', [
          { field: `counterparts[${i}].phone`, message: 'duplicates the buyer or another counterpart' },
        ]);
      }
      seen.add(c.phone.e164);
    });
    const windowCapAt = addDays(now, this.config.maxWindowDays);
    const expiresAt = this.initialExpiry(input, now, windowCapAt);
    await this.refuseRelayNumbers([
      { field: 'buyerPhone', phone: buyer },
      ...counterparts.map((c, i) => ({ field: `counterparts[${i}].phone`, phone: c.phone })),
    ]);

    const parties: NewParty[] = [
      { role: 'buyer', phone: this.seal(buyer) },
      ...counterparts.map((c) => ({ role: c.role, phone: this.seal(c.phone) })),
    ];
    const mode = input.mode ?? 'dedicated';
    const allocate = () => this.allocate(tenantId, input, mode, buyer, parties, expiresAt, windowCapAt, now);
    // Shared checkouts with a phone in common would pick the same number: on this instance, queue them.
    return mode === 'shared'
      ? this.checkouts.run(
          parties.map((p) => p.phone.hash.toString('latin1')),
          allocate,
        )
      : allocate();
  }

  private async allocate(
    tenantId: string,
    input: CreateBindingInput,
    mode: BindingMode,
    buyer: PhoneNumber,
    parties: NewParty[],
    expiresAt: Date,
    windowCapAt: Date,
    now: Date,
  ): Promise<{ binding: BindingView; created: boolean }> {
    for (let attempt = 1; attempt <= MAX_ALLOCATION_ATTEMPTS; attempt++) {
      try {
        // No read first: a repeated order is told apart by the unique constraint, which costs nothing.
        const allocation = {
          tenantId,
          orderId: input.orderId,
          mode,
          callingCode: buyer.callingCode,
          marketingConsent: input.marketingConsent ?? false,
          expiresAt,
          windowCapAt,
          parties,
          now,
          extension: mode === 'extension' ? this.extensionDraw() : undefined,
        };
        // A carrier opt-out per number (no Messaging Service): keep the phones off the numbers that
        // would refuse to text them, while another number will do. Per service, every number would.
        const avoid = mode === 'shared' && !this.config.twilioMessagingServiceSid;
        const created =
          (avoid ? await this.repository.allocateAndInsert({ ...allocation, avoidCarrierBlocks: true }) : null) ??
          (await this.repository.allocateAndInsert(allocation));
        if (!created) {
          // A repeated order answers 200 even when the pool is empty now.
          const existing = await this.repository.findViewByOrder(tenantId, input.orderId);
          if (existing) return { binding: await this.replay(existing, buyer), created: false };
          // The number picked filled up while this checkout waited for it: another may still have room.
          if (
            allocation.extension &&
            (await this.repository.extensionRoom(buyer.callingCode, allocation.extension.capacity, parties[0]!.phone.hash))
          )
            continue;
          if (!(await this.repository.hasPool(mode, buyer.callingCode))) {
            throw new NoPoolForCountryError(
              `No ${mode} relay numbers exist for calling code +${buyer.callingCode}; an admin adds them with POST /v1/admin/numbers`,
              [{ field: 'buyerPhone', message: `no ${mode} pool for +${buyer.callingCode}` }],
            );
          }
          this.logger.warn(`pool exhausted: no ${mode} number for +${buyer.callingCode}`);
          throw new PoolExhaustedError(`No free ${mode} relay number for +${buyer.callingCode}; try again later`);
        }
        this.logger.log(`binding ${created.id} created on the ${mode} pool, buyer ${buyer.masked}`);
        return { binding: created, created: true };
      } catch (error) {
        const constraint = uniqueViolation(error);
        if (constraint === 'uq_binding_tenant_order') {
          const winner = await this.repository.findViewByOrder(tenantId, input.orderId);
          if (winner) return { binding: await this.replay(winner, buyer), created: false };
        }
        if (
          constraint === 'ux_participant_relay_phone_active' ||
          constraint === 'ux_binding_dedicated_active' ||
          constraint === 'ux_binding_extension_held' ||
          checkViolation(error) === 'ck_binding_extension'
        )
          continue;
        throw error;
      }
    }
    throw new PoolExhaustedError('The pool is too contended right now; try again');
  }

  /**
   * Extension mode: how many live bindings one number may hold, and random extensions (crypto, never a
   * sequence: a label must not tell the next order's extension) for the database to try in order.
   */
  private extensionDraw(): { capacity: number; candidates: string[] } {
    const space = 10 ** this.config.extensionDigits;
    const candidates = new Set<string>();
    while (candidates.size < EXTENSION_CANDIDATES) {
      candidates.add(randomInt(space).toString().padStart(this.config.extensionDigits, '0'));
    }
    return { capacity: Math.max(1, Math.floor(space * this.config.extensionOccupancy)), candidates: [...candidates] };
  }

  async get(tenantId: string, id: string): Promise<BindingView> {
    const view = await this.repository.findView(id, tenantId);
    if (!view) throw new NotFoundError('No binding with that id');
    return view;
  }

  /** Admin reads: any tenant's bindings, in the order of `ids`. */
  async getMany(ids: string[]): Promise<BindingView[]> {
    return this.repository.findViews(ids);
  }

  async findByOrder(tenantId: string, orderId: string): Promise<BindingView> {
    const view = await this.repository.findViewByOrder(tenantId, orderId);
    if (!view) throw new NotFoundError('No binding for that orderId');
    return view;
  }

  /** Moves `expiresAt` forward by `days` or to `until`, never past creation + MAX_WINDOW_DAYS. */
  async extend(tenantId: string, id: string, input: ExtendInput, by: ExtendedBy = 'platform'): Promise<BindingView> {
    if ((input.days === undefined) === (input.until === undefined)) {
      throw new ValidationFailedError('Send exactly one of "days" or "until"', [
        { field: 'days', message: 'exactly one of days or until' },
      ]);
    }
    // ISO 8601 allows forms Date cannot read (week dates, 20261231, 00Z); an Invalid Date must not reach SQL.
    const until = input.until !== undefined ? new Date(input.until) : undefined;
    if (until && Number.isNaN(until.getTime())) {
      throw new ValidationFailedError('"until" must be a date and time such as 2026-12-31T00:00:00Z', [
        { field: 'until', message: 'not a date and time Veil can read; use e.g. 2026-12-31T00:00:00Z' },
      ]);
    }
    const now = this.clock.now();
    await this.dataSource.transaction(async (tx) => {
      const [row] = await queryRows<{ status: string; expires_at: Date; window_cap_at: Date }>(
        tx,
        `SELECT status, expires_at, window_cap_at FROM binding WHERE id = $1 AND tenant_id = $2 FOR UPDATE`,
        [id, tenantId],
      );
      if (!row) throw new NotFoundError('No binding with that id');
      if (row.status !== 'active' || row.expires_at <= now)
        throw new BindingEndedError(
          'The binding has ended and cannot be extended; a new window needs a checkout with a new orderId',
        );
      // Days are compared before any date is made from them: 100000 days is past the cap, not an Invalid Date.
      const daysLeft = (row.window_cap_at.getTime() - row.expires_at.getTime()) / DAY_MS;
      const pastCap = input.days !== undefined ? input.days > daysLeft : until! > row.window_cap_at;
      if (pastCap) {
        throw new ExtensionLimitError(`The window can reach ${row.window_cap_at.toISOString()} at most`, [
          { field: input.days !== undefined ? 'days' : 'until', message: `latest allowed: ${row.window_cap_at.toISOString()}` },
        ]);
      }
      const target = input.days !== undefined ? addDays(row.expires_at, input.days) : until!;
      if (target <= row.expires_at) {
        throw new ValidationFailedError('"until" must be later than the current expiresAt', [
          { field: 'until', message: `must be after ${row.expires_at.toISOString()}` },
        ]);
      }
      await queryRows(tx, `UPDATE binding SET expires_at = $2, updated_at = $3 WHERE id = $1`, [id, target, now]);
      await this.outbox.append(tx, {
        tenantId,
        bindingId: id,
        type: 'binding.extended',
        data: { by, previousExpiresAt: row.expires_at.toISOString(), expiresAt: target.toISOString() },
        at: now,
      });
    });
    return this.get(tenantId, id);
  }

  async setMarketingConsent(tenantId: string, id: string, consent: boolean): Promise<BindingView> {
    const now = this.clock.now();
    const rows = await queryRows<{ id: string }>(
      this.dataSource,
      `UPDATE binding SET marketing_consent = $3, updated_at = $4 WHERE id = $1 AND tenant_id = $2 RETURNING id`,
      [id, tenantId, consent, now],
    );
    if (rows.length === 0) throw new NotFoundError('No binding with that id');
    return this.get(tenantId, id);
  }

  /**
   * Names a counterpart. The binding's own `caller` named now is promoted to the role. A conflict (the
   * phone is active on the relay number in another binding) stays 409, as the contract says, but each
   * one tells whether a phone is on a shared number, so conflicts are counted per tenant, audited, and
   * past COUNTERPART_CONFLICTS_PER_HOUR adding counterparts is refused (429) whatever the phone.
   */
  async addCounterpart(
    tenantId: string,
    id: string,
    input: { phone: string; role: CounterpartRole; country?: string },
  ): Promise<BindingView> {
    this.limits.assertMayAddCounterpart(tenantId);
    const phone = parsePhone(input.phone, 'phone', input.country);
    await this.refuseRelayNumbers([{ field: 'phone', phone }]);
    const now = this.clock.now();
    try {
      // The binding row lock also orders this against routing's insert of a first-time caller (which
      // takes the row FOR SHARE): either that caller is here to promote, or it arrives after the naming.
      const { promoted } = await this.dataSource.transaction(async (tx) => {
        await this.lockActive(tx, tenantId, id, now);
        return this.repository.addCounterpart(id, input.role, this.seal(phone), now, tx);
      });
      this.logger.log(`binding ${id}: ${input.role} ${phone.masked} ${promoted ? 'promoted from caller' : 'added'}`);
    } catch (error) {
      const constraint = uniqueViolation(error);
      if (constraint !== 'ux_participant_relay_phone_active' && constraint !== 'ux_participant_binding_phone_active') throw error;
      await this.counterpartConflict(tenantId, id, input.role, phone);
      throw new CounterpartConflictError('That phone already has an active binding on this relay number', [
        { field: 'phone', message: 'already routed through this relay number' },
      ]);
    }
    return this.get(tenantId, id);
  }

  private async counterpartConflict(tenantId: string, id: string, role: CounterpartRole, phone: PhoneNumber): Promise<void> {
    const conflictsThisHour = this.limits.counterpartConflict(tenantId);
    const [binding] = await queryRows<{ relay_e164: string }>(
      this.dataSource,
      `SELECT n.e164 AS relay_e164 FROM binding b JOIN relay_number n ON n.id = b.relay_number_id WHERE b.id = $1`,
      [id],
    );
    // The relay number is Veil's own; the phone appears masked only.
    await this.audit.record(
      'counterpart.conflict',
      'binding',
      id,
      { tenantId, relayNumber: binding?.relay_e164 ?? null, role, phoneMasked: phone.masked, conflictsThisHour },
      `tenant:${tenantId}`,
    );
    this.logger.warn(
      `binding ${id}: counterpart conflict for ${phone.masked} (${conflictsThisHour} this hour for tenant ${tenantId})`,
    );
  }

  async removeCounterpart(tenantId: string, id: string, counterpartId: string): Promise<BindingView> {
    const now = this.clock.now();
    await this.dataSource.transaction(async (tx) => {
      const binding = await this.lockActive(tx, tenantId, id, now);
      // The binding ends by its cap at the latest; from then the usual former-party period runs.
      const forgetAfter = addDays(binding.window_cap_at, this.config.formerPartyDays);
      if (!(await this.repository.removeCounterpart(id, counterpartId, now, forgetAfter, tx))) {
        throw new NotFoundError('No counterpart with that id on this binding');
      }
    });
    return this.get(tenantId, id);
  }

  /** Ends the binding now. Closing a closed binding answers it again; an expired one cannot be closed. */
  async close(tenantId: string | null, id: string): Promise<{ binding: BindingView; closedNow: boolean }> {
    const now = this.clock.now();
    const closedNow = await this.dataSource.transaction(async (tx) => {
      const [row] = await queryRows<{ status: string; expires_at: Date }>(
        tx,
        `SELECT status, expires_at FROM binding WHERE id = $1 AND ($2::uuid IS NULL OR tenant_id = $2) FOR UPDATE`,
        [id, tenantId],
      );
      if (!row) throw new NotFoundError('No binding with that id');
      if (row.status === 'closed') return false;
      if (row.status !== 'active' || row.expires_at <= now) throw new BindingEndedError('The binding has already expired');
      await this.repository.endBindings(tx, [id], 'closed', now, this.config.quarantineDays, this.config.formerPartyDays);
      return true;
    });
    if (closedNow) this.logger.log(`binding ${id} closed`);
    return { binding: (await this.repository.findView(id, tenantId))!, closedNow };
  }

  /** One sweeper batch; returns how many bindings it expired. */
  async expireDue(now: Date, limit: number, scope: BatchScope = ANY_ROW): Promise<number> {
    const ended = await this.repository.expireDue(now, limit, this.config.quarantineDays, this.config.formerPartyDays, scope);
    if (ended.length > 0) this.logger.log(`expired ${ended.length} binding(s)`);
    return ended.length;
  }

  private async lockActive(tx: import('typeorm').EntityManager, tenantId: string, id: string, now: Date) {
    const [row] = await queryRows<{ status: string; expires_at: Date; window_cap_at: Date }>(
      tx,
      `SELECT status, expires_at, window_cap_at FROM binding WHERE id = $1 AND tenant_id = $2 FOR UPDATE`,
      [id, tenantId],
    );
    if (!row) throw new NotFoundError('No binding with that id');
    if (row.status !== 'active' || row.expires_at <= now) throw new BindingEndedError('The binding has ended');
    return row;
  }

  /**
   * A party's phone must be a person's, never one of Veil's own relay numbers (retired ones are the
   * carrier's again): forwarding to a relay number loops, and would make Veil dial itself.
   */
  private async refuseRelayNumbers(phones: { field: string; phone: PhoneNumber }[]): Promise<void> {
    const ours = new Set(await this.repository.relayNumbersAmong(phones.map((p) => p.phone.e164)));
    const refused = phones.filter((p) => ours.has(p.phone.e164));
    if (refused.length === 0) return;
    throw new ValidationFailedError(
      `${refused.map((p) => p.field).join(', ')}: a relay number of this service cannot be a party's phone; give the person's own phone`,
      refused.map((p) => ({ field: p.field, message: 'is one of the relay numbers of this service, not a personal phone' })),
    );
  }

  /**
   * The same order again: the same binding if the buyer matches, else a conflict. Once purged, the buyer
   * cannot be compared any more, and the order cannot be answered either way.
   */
  private async replay(existing: BindingView, buyer: PhoneNumber): Promise<BindingView> {
    if (existing.purgedAt !== null) {
      throw new BindingPurgedError(
        "This orderId's binding has ended and its data was purged; a new window needs a checkout with a new orderId",
      );
    }
    const hash = await this.repository.buyerHash(existing.id);
    if (!hash || !hash.equals(this.cipher.hash(buyer.e164))) {
      throw new OrderConflictError('This orderId already has a binding for another buyer');
    }
    return existing;
  }

  private initialExpiry(input: CreateBindingInput, now: Date, windowCapAt: Date): Date {
    if (input.afterSalesEndsAt !== undefined && input.windowDays !== undefined) {
      throw new ValidationFailedError('Send afterSalesEndsAt or windowDays, not both', [
        { field: 'windowDays', message: 'not allowed together with afterSalesEndsAt' },
      ]);
    }
    if (input.afterSalesEndsAt !== undefined) {
      const at = new Date(input.afterSalesEndsAt);
      if (Number.isNaN(at.getTime()) || at <= now) {
        throw new ValidationFailedError('afterSalesEndsAt must be in the future', [
          { field: 'afterSalesEndsAt', message: 'must be in the future' },
        ]);
      }
      if (at > windowCapAt) {
        throw new ValidationFailedError(`afterSalesEndsAt must be within ${this.config.maxWindowDays} days`, [
          { field: 'afterSalesEndsAt', message: `at most ${windowCapAt.toISOString()}` },
        ]);
      }
      return at;
    }
    const days = input.windowDays ?? this.config.defaultWindowDays;
    if (days > this.config.maxWindowDays) {
      throw new ValidationFailedError(`windowDays must be at most ${this.config.maxWindowDays}`, [
        { field: 'windowDays', message: `at most ${this.config.maxWindowDays}` },
      ]);
    }
    return addDays(now, days);
  }

  private seal(phone: PhoneNumber): SealedPhone {
    return {
      hash: this.cipher.hash(phone.e164),
      encrypted: this.cipher.encrypt(phone.e164),
      masked: phone.masked,
    };
  }
}

/** The API's binding: masked numbers only. `status` is what routing sees, whether or not the sweeper ran. */
export function toBindingResponse(view: BindingView, now: Date) {
  const status = view.status === 'active' && view.expiresAt <= now ? 'expired' : view.status;
  return {
    id: view.id,
    orderId: view.orderId,
    mode: view.mode,
    status,
    relayNumber: view.relayNumber,
    ...(view.extension !== null ? { extension: view.extension, ...extensionForms(view.relayNumber, view.extension) } : {}),
    buyerPhoneMasked: view.buyer.phoneMasked,
    counterparts: view.counterparts.map((c) => ({
      id: c.id,
      role: c.role,
      phoneMasked: c.phoneMasked,
      lastContactAt: c.lastContactAt?.toISOString() ?? null,
    })),
    marketingConsent: view.marketingConsent,
    expiresAt: view.expiresAt.toISOString(),
    maxExpiresAt: view.windowCapAt.toISOString(),
    endedAt: view.endedAt?.toISOString() ?? null,
    purged: view.purgedAt !== null,
    carrierOptOut: view.carrierOptOut,
    createdAt: view.createdAt.toISOString(),
    updatedAt: view.updatedAt.toISOString(),
  };
}
