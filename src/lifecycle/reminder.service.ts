import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { CarrierOptOutService, CARRIER_OPT_OUT_ERROR } from '../carrier-opt-out/carrier-opt-out.service.js';
import { AppConfig } from '../config/app.config.js';
import { formatDate } from '../common/clock.js';
import { maskPhone } from '../common/phone.js';
import { PhoneCipher } from '../common/phone-cipher.service.js';
import { ANY_ROW, type BatchScope } from '../database/sql.js';
import { MetricsService } from '../health/metrics.service.js';
import { deliveryFailureReason } from '../records/delivery-status.js';
import { RecordService } from '../records/record.service.js';
import { TelephonyProvider, type SendResult } from '../telephony/telephony.provider.js';
import { ReminderRepository, type ClaimedReminder, type ReminderSettlement } from './reminder.repository.js';

export const REMINDER_BATCH = 50;

/** A batch's outcome: reminders sent, the bindings whose handling failed, and how many it took on. */
export interface ReminderBatch {
  sent: number;
  failed: { id: string; error: unknown }[];
  claimed: number;
}
/** An attempt belongs to its instance this long; after it, another instance settles it. */
const LEASE_MS = 10 * 60_000;
/** Attempts in all, the first included; then the reminder is given up. */
export const REMINDER_MAX_ATTEMPTS = 5;
const RETRY_BASE_MS = 5 * 60_000;
const RETRY_MAX_MS = 6 * 3600_000;

/**
 * The carrier's error codes that no retry can change: the buyer opted out at the carrier (21610), the
 * number is a landline (21614, 30006), or not a valid mobile number at all (21211).
 */
export const PERMANENT_SEND_ERRORS = new Set([21610, 21614, 30006, 21211]);

export function retryDelayMs(attempts: number): number {
  return Math.min(RETRY_BASE_MS * 2 ** (attempts - 1), RETRY_MAX_MS);
}

export function reminderBody(orderId: string, expiresAt: Date, stepDays: number): string {
  return (
    `Order ${orderId}: this relay number stops forwarding on ${formatDate(expiresAt)}. ` +
    `Reply EXTEND to keep it ${stepDays} more days.`
  );
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * REMINDER_DAYS_BEFORE the end, the buyer gets one text from the relay number saying when it stops and
 * how to keep it. At most once, with no lock held while the carrier is called:
 * claim (commit) → write the text's hash (commit) → send → settle (commit). A crash or a lost answer
 * leaves the attempt `sending`; once its lease runs out it is settled by searching the carrier's message
 * log for that text, and sent again only if the carrier never got it. A refusal the carrier will repeat
 * (opted out, landline) ends the reminder; any other failure is retried with backoff, a bounded number
 * of times. Each reminder is settled on its own, so one failing never holds up the others.
 */
@Injectable()
export class ReminderService {
  private readonly logger = new Logger(ReminderService.name);

  constructor(
    private readonly repository: ReminderRepository,
    private readonly telephony: TelephonyProvider,
    private readonly cipher: PhoneCipher,
    private readonly records: RecordService,
    private readonly carrierOptOut: CarrierOptOutService,
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  /**
   * One batch within `scope`: first attempts left open whose lease ran out are settled, then due
   * reminders are claimed and sent. `claimed` counts both, so the sweeper goes on while there is work
   * even when every reminder of a batch failed (they wait for their retry, out of the due set).
   */
  async sendDue(now: Date, scope: BatchScope = ANY_ROW): Promise<ReminderBatch> {
    const batch: ReminderBatch = { sent: 0, failed: [], claimed: 0 };
    if (this.config.reminderDaysBefore === 0) return batch;
    const leaseUntil = new Date(now.getTime() + LEASE_MS);
    const open = await this.repository.claimUnsettled(now, leaseUntil, REMINDER_BATCH, scope);
    for (const reminder of open) await this.guard(batch, reminder, () => this.settleUnknown(reminder, now));
    const due = await this.repository.claimDue(now, this.config.reminderDaysBefore, leaseUntil, REMINDER_BATCH, scope);
    for (const reminder of due) await this.guard(batch, reminder, () => this.send(reminder, now));
    batch.claimed = open.length + due.length;
    return batch;
  }

  /** The bindings the next batch would remind, without claiming them. */
  async due(now: Date, exclude: string[], limit: number): Promise<string[]> {
    if (this.config.reminderDaysBefore === 0) return [];
    return this.repository.due(now, this.config.reminderDaysBefore, exclude, limit);
  }

  private async send(reminder: ClaimedReminder, now: Date): Promise<number> {
    if (!reminder.buyer_enc) return this.finish(reminder, { state: 'failed', errorCode: null }, now, null);
    const buyer = this.cipher.decrypt(reminder.buyer_enc);
    // The buyer opted out at the carrier: the send would be refused (21610), so it is not made.
    if (await this.carrierOptOut.isBlocked(reminder.relay_e164, buyer)) {
      this.metrics.reminder('carrier_blocked');
      return this.finish(reminder, { state: 'failed', errorCode: CARRIER_OPT_OUT_ERROR }, now, null);
    }
    // The end as it stands now, not as the claim read it: a buyer's EXTEND may have committed since.
    // (One that commits while the carrier already has the text cannot be caught without a lock.)
    const current = await this.repository.current(reminder.binding_id);
    if (!current || current.status !== 'active') return this.dropEnded(reminder, now);
    const body = reminderBody(reminder.order_id, current.expires_at, this.config.extensionStepDays);
    await this.repository.markSending(reminder.binding_id, sha256(body), now);
    const result = await this.telephony.sendSms({ from: reminder.relay_e164, to: buyer, body });
    if (result.kind === 'refused' && result.code === CARRIER_OPT_OUT_ERROR) {
      await this.carrierOptOut.recordRefusal(reminder.relay_e164, buyer);
    }
    return this.settleResult(reminder, result, now);
  }

  /** The binding was closed between the claim and the send: there is nothing to remind of, nothing sent. */
  private async dropEnded(reminder: ClaimedReminder, now: Date): Promise<number> {
    const settled = await this.repository.transaction((tx) =>
      this.repository.settle(tx, reminder.binding_id, { state: 'failed', errorCode: null }, now),
    );
    if (settled) this.metrics.reminder('binding_ended');
    return 0;
  }

  private async settleResult(reminder: ClaimedReminder, result: SendResult, now: Date): Promise<number> {
    switch (result.kind) {
      case 'accepted':
        return this.finish(reminder, { state: 'sent', providerSid: result.sid }, now, result.status);
      case 'refused':
        this.logger.warn(
          `reminder for binding ${reminder.binding_id}: attempt ${reminder.attempts} refused (${result.httpStatus}${result.code ? `, error ${result.code}` : ''})`,
        );
        return this.finish(reminder, this.afterFailure(reminder, result.code, now), now, null);
      case 'unknown':
        // Left `sending`: the lease runs out and the carrier's log says whether it went out.
        this.metrics.reminder('unknown');
        this.logger.warn(`reminder for binding ${reminder.binding_id}: outcome unknown (${result.message}); settled later`);
        return 0;
    }
  }

  /** An attempt left open: sent if the carrier's log has the text, else it never went out. */
  private async settleUnknown(reminder: ClaimedReminder, now: Date): Promise<number> {
    if (!reminder.body_hash || !reminder.buyer_enc) {
      // The text was never handed to the carrier (the hash is written first).
      this.metrics.reminder('settled_not_sent');
      return this.finish(reminder, this.afterFailure(reminder, null, now, 0), now, null);
    }
    const found = await this.telephony.findSentMessages({
      from: reminder.relay_e164,
      to: this.cipher.decrypt(reminder.buyer_enc),
      since: reminder.attempt_at,
    });
    const match = found.find((m) => sha256(m.body).equals(reminder.body_hash!));
    if (match) {
      this.metrics.reminder('settled_sent');
      return this.finish(reminder, { state: 'sent', providerSid: match.sid }, now, match.status, match.errorCode);
    }
    // Never reached the carrier: no reason to wait longer than the lease already did.
    this.metrics.reminder('settled_not_sent');
    return this.finish(reminder, this.afterFailure(reminder, null, now, 0), now, null);
  }

  private afterFailure(
    reminder: ClaimedReminder,
    errorCode: number | null,
    now: Date,
    delayMs = retryDelayMs(reminder.attempts),
  ): ReminderSettlement {
    if (errorCode !== null && PERMANENT_SEND_ERRORS.has(errorCode)) return { state: 'failed', errorCode };
    if (reminder.attempts >= REMINDER_MAX_ATTEMPTS) return { state: 'failed', errorCode };
    return { state: 'retry', nextAttemptAt: new Date(now.getTime() + delayMs), errorCode };
  }

  /** Settles the attempt and, when it is final, records it; 1 when a reminder went out. */
  private async finish(
    reminder: ClaimedReminder,
    settlement: ReminderSettlement,
    now: Date,
    deliveryStatus: string | null,
    deliveryErrorCode: number | null = null,
  ): Promise<number> {
    const settled = await this.repository.transaction(async (tx) => {
      if (!(await this.repository.settle(tx, reminder.binding_id, settlement, now))) return false;
      if (settlement.state === 'retry') return true;
      const errorCode = settlement.state === 'failed' ? settlement.errorCode : deliveryErrorCode;
      await this.records.recordMessage(
        {
          // A refused text has no carrier id; the binding names its one reminder.
          providerSid: settlement.state === 'sent' ? settlement.providerSid : `reminder:${reminder.binding_id}`,
          bindingId: reminder.binding_id,
          tenantId: reminder.tenant_id,
          relayNumber: reminder.relay_e164,
          direction: 'to_buyer',
          fromRole: 'relay',
          toRole: 'buyer',
          fromMasked: maskPhone(reminder.relay_e164),
          toMasked: reminder.buyer_masked,
          outcome: settlement.state === 'sent' ? 'connected' : 'failed',
          reason: 'reminder',
          reasons: settlement.state === 'failed' ? [deliveryFailureReason(errorCode) ?? 'not_sent'] : [],
          body: null,
          at: now,
        },
        tx,
        { status: settlement.state === 'sent' ? deliveryStatus : 'failed', errorCode },
      );
      return true;
    });
    if (!settled) return 0;
    this.metrics.reminder(settlement.state);
    if (settlement.state === 'failed') {
      this.logger.warn(
        `reminder for binding ${reminder.binding_id} given up after ${reminder.attempts} attempt(s)${settlement.errorCode ? ` (error ${settlement.errorCode})` : ''}`,
      );
    }
    return settlement.state === 'sent' ? 1 : 0;
  }

  /**
   * A failure inside one reminder (the database, a decryption) goes to the sweeper, which sets the row
   * aside; the others go on. Its attempt stays `sending` and is settled once the lease runs out.
   */
  private async guard(batch: ReminderBatch, reminder: ClaimedReminder, work: () => Promise<number>): Promise<void> {
    try {
      batch.sent += await work();
    } catch (error) {
      batch.failed.push({ id: reminder.binding_id, error });
    }
  }
}
