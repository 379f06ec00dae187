import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { HotPathPool } from '../database/hot-path-pool.js';
import { queryRows } from '../database/sql.js';
import type { CounterpartRole } from '../bindings/participant.entity.js';

export interface SenderState {
  optedOut: boolean;
  /** Texts from this sender on this relay number in the current hourly window, this one included. */
  textsThisHour: number;
  marketingConsent: boolean;
}

/** What a statement needs to count a text and decide whether its sender becomes the last texter. */
export interface TextCounting {
  /** The hourly limit: a text over it is counted but not forwarded. */
  perHourLimit: number;
  /** The classifier's verdict on the body, known before the database is asked. */
  marketing: boolean;
}

export interface TextToCount extends TextCounting {
  senderId: string;
  now: Date;
}

/**
 * The SET list that counts a text from party row `row` in its hourly window and, when the text will be
 * forwarded, stamps the sender as the buyer's last texter (a STOP applies to them). The stamp's condition
 * is MessagePolicy.decideCounted's: forwarded = not opted out, within the limit, and not marketing unless the
 * buyer consented. `counting` false leaves the row's text state as it is. One definition for the two
 * statements that count: the routing lookup (a counterpart's text, in the same round trip) and COUNT_TEXT.
 */
export function countTextSql(sql: {
  row: string;
  counting: string;
  now: string;
  perHourLimit: string;
  marketing: string;
  marketingConsent: string;
}): string {
  const { row, counting, now } = sql;
  const inWindow = `${row}.sms_window_started_at > ${now}::timestamptz - interval '1 hour'`;
  const count = `CASE WHEN ${inWindow} THEN ${row}.sms_window_count + 1 ELSE 1 END`;
  return `
      sms_window_count = CASE WHEN ${counting} THEN ${count} ELSE ${row}.sms_window_count END,
      sms_window_started_at = CASE WHEN ${counting} THEN CASE WHEN ${inWindow} THEN ${row}.sms_window_started_at ELSE ${now} END
                                   ELSE ${row}.sms_window_started_at END,
      last_text_at = CASE WHEN ${counting} AND ${row}.opted_out_at IS NULL AND ${count} <= ${sql.perHourLimit}
                               AND (NOT ${sql.marketing}::boolean OR ${sql.marketingConsent})
                          THEN ${now} ELSE ${row}.last_text_at END`;
}

// A text from a party routing did not know before (rule 5's new `caller`): counted on its own.
const COUNT_TEXT = {
  name: 'veil_policy_count_text_v2',
  text: `
  UPDATE participant p SET ${countTextSql({ row: 'p', counting: 'true', now: '$2', perHourLimit: '$3', marketing: '$4', marketingConsent: 'b.marketing_consent' })}
    FROM binding b
   WHERE p.id = $1 AND b.id = p.binding_id
  RETURNING p.sms_window_count AS count, p.opted_out_at IS NOT NULL AS opted_out, b.marketing_consent`,
};

/**
 * The policy's state lives on the party rows, so several instances agree without coordination. The
 * per-text write goes through the webhook path's pool (prepared, asynchronous commit): a crash can lose
 * the last fraction of a second of counts, which the hourly limit tolerates.
 */
@Injectable()
export class PolicyRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hotPath: HotPathPool,
  ) {}

  async countText(text: TextToCount): Promise<SenderState | null> {
    const [row] = await this.hotPath.query<{ count: number; opted_out: boolean; marketing_consent: boolean }>(COUNT_TEXT, [
      text.senderId,
      text.now,
      text.perHourLimit,
      text.marketing,
    ]);
    return row ? { optedOut: row.opted_out, textsThisHour: row.count, marketingConsent: row.marketing_consent } : null;
  }

  /** Opts out the counterpart who last texted the buyer and withdraws marketing consent. */
  async optOut(
    bindingId: string,
    now: Date,
  ): Promise<{ role: CounterpartRole; orderId: string } | { role: null; orderId: string }> {
    return this.dataSource.transaction(async (tx) => {
      const [binding] = await queryRows<{ order_id: string }>(
        tx,
        `UPDATE binding SET marketing_consent = false, updated_at = $2 WHERE id = $1 RETURNING order_id`,
        [bindingId, now],
      );
      const [last] = await queryRows<{ role: CounterpartRole }>(
        tx,
        `UPDATE participant SET opted_out_at = $2
          WHERE id = (SELECT id FROM participant
                       WHERE binding_id = $1 AND role <> 'buyer' AND active AND last_text_at IS NOT NULL
                       ORDER BY last_text_at DESC LIMIT 1)
          RETURNING role`,
        [bindingId, now],
      );
      return { role: last?.role ?? null, orderId: binding!.order_id };
    });
  }

  /** START: every counterpart of the binding may text the buyer again. */
  async optIn(bindingId: string): Promise<{ restored: number; orderId: string }> {
    const restored = await queryRows<{ id: string }>(
      this.dataSource,
      `UPDATE participant SET opted_out_at = NULL WHERE binding_id = $1 AND opted_out_at IS NOT NULL RETURNING id`,
      [bindingId],
    );
    const [binding] = await queryRows<{ order_id: string }>(this.dataSource, `SELECT order_id FROM binding WHERE id = $1`, [
      bindingId,
    ]);
    return { restored: restored.length, orderId: binding!.order_id };
  }
}
