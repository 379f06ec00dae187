import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app.config.js';
import { formatDate } from '../common/clock.js';
import { maskPhone } from '../common/phone.js';
import { PhoneCipher } from '../common/phone-cipher.service.js';
import { ANY_ROW, queryRows, scopeSql, type BatchScope } from '../database/sql.js';
import { RecordService } from '../records/record.service.js';
import { TelephonyProvider } from '../telephony/telephony.provider.js';

interface DueReminder {
  id: string;
  tenant_id: string;
  order_id: string;
  expires_at: Date;
  relay_e164: string;
  buyer_enc: string;
  buyer_masked: string;
}

// Each batch holds its rows locked while it sends, so keep it small.
export const REMINDER_BATCH = 50;

const DUE = `b.status = 'active' AND b.reminder_sent_at IS NULL
            AND b.expires_at > $1 AND b.expires_at <= $1::timestamptz + make_interval(days => $2::int)
            AND p.phone_enc IS NOT NULL`;

/** A batch's outcome: reminders sent, and the bindings whose reminder failed (left unmarked for a retry). */
export interface ReminderBatch {
  sent: number;
  failed: { id: string; error: unknown }[];
}

/**
 * REMINDER_DAYS_BEFORE the end, the buyer gets one text from the relay number saying when it stops and
 * how to keep it. Once per binding across instances and restarts: the row stays locked (SKIP LOCKED for
 * the others) from claim to `reminder_sent_at`, which commits with the send.
 */
@Injectable()
export class ReminderService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly telephony: TelephonyProvider,
    private readonly cipher: PhoneCipher,
    private readonly records: RecordService,
    private readonly config: AppConfig,
  ) {}

  /** One batch of the due reminders within `scope`. */
  async sendDue(now: Date, scope: BatchScope = ANY_ROW): Promise<ReminderBatch> {
    if (this.config.reminderDaysBefore === 0) return { sent: 0, failed: [] };
    return this.dataSource.transaction(async (tx) => {
      const due = await queryRows<DueReminder>(
        tx,
        `SELECT b.id, b.tenant_id, b.order_id, b.expires_at, n.e164 AS relay_e164, p.phone_enc AS buyer_enc, p.phone_masked AS buyer_masked
           FROM binding b
           JOIN relay_number n ON n.id = b.relay_number_id
           JOIN participant p ON p.binding_id = b.id AND p.role = 'buyer'
          WHERE ${DUE} AND ${scopeSql('b.id', 4)}
          ORDER BY b.expires_at
          LIMIT $3
          FOR UPDATE OF b SKIP LOCKED`,
        [now, this.config.reminderDaysBefore, REMINDER_BATCH, scope.exclude, scope.only],
      );
      let sent = 0;
      const failed: ReminderBatch['failed'] = [];
      for (const reminder of due) {
        const body =
          `Order ${reminder.order_id}: this relay number stops forwarding on ${formatDate(reminder.expires_at)}. ` +
          `Reply EXTEND to keep it ${this.config.extensionStepDays} more days.`;
        // A savepoint each, so that one reminder's failed write leaves the batch's others committed.
        await tx.query('SAVEPOINT reminder');
        try {
          const { sid } = await this.telephony.sendSms({
            from: reminder.relay_e164,
            to: this.cipher.decrypt(reminder.buyer_enc),
            body,
          });
          await queryRows(tx, `UPDATE binding SET reminder_sent_at = $2 WHERE id = $1`, [reminder.id, now]);
          await this.records.recordMessage(
            {
              providerSid: sid,
              bindingId: reminder.id,
              tenantId: reminder.tenant_id,
              relayNumber: reminder.relay_e164,
              direction: 'to_buyer',
              fromRole: 'relay',
              toRole: 'buyer',
              fromMasked: maskPhone(reminder.relay_e164),
              toMasked: reminder.buyer_masked,
              outcome: 'connected',
              reason: 'reminder',
              reasons: [],
              body: null,
              at: now,
            },
            tx,
          );
          await tx.query('RELEASE SAVEPOINT reminder');
          sent += 1;
        } catch (error) {
          // Not marked: the sweeper sets it aside and tries again later.
          await tx.query('ROLLBACK TO SAVEPOINT reminder');
          failed.push({ id: reminder.id, error });
        }
      }
      return { sent, failed };
    });
  }

  /** The bindings the next batch would remind, without claiming them. */
  async due(now: Date, exclude: string[], limit: number): Promise<string[]> {
    if (this.config.reminderDaysBefore === 0) return [];
    const rows = await queryRows<{ id: string }>(
      this.dataSource,
      `SELECT b.id FROM binding b JOIN participant p ON p.binding_id = b.id AND p.role = 'buyer'
        WHERE ${DUE} AND b.id <> ALL($3::uuid[]) ORDER BY b.expires_at LIMIT $4`,
      [now, this.config.reminderDaysBefore, exclude, limit],
    );
    return rows.map((r) => r.id);
  }
}
