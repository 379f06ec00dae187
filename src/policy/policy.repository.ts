import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { HotPathPool } from '../database/hot-path-pool.js';
import { queryRows } from '../database/sql.js';
import { EventOutbox } from '../events/event-outbox.js';
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
  /**
   * The text's campaign bands (none for an empty body). With bands, the campaign check still has to pass
   * the text: the routing lookup runs it in the same statement (CAMPAIGN_* below), COUNT_TEXT leaves the
   * last-texter mark and the reply target to TRACK_TEXT; either way a blocked copy never becomes either.
   */
  bands: string[];
  /** What the campaign check needs besides the bands. */
  campaign: CampaignCheck;
}

/** The campaign check's inputs for one text (MessagePolicy.decideCampaign's figures). */
export interface CampaignCheck {
  /** Stable per carrier message, so a redelivered text is stored once. */
  textId: string;
  /** The classifier's lower (report) threshold. */
  promotional: boolean;
  windowDays: number;
  reportMinBuyers: number;
  campaignMinBuyers: number;
}

/** What the campaign statement learns about a text about to be forwarded to a buyer. */
export interface CampaignState {
  /** Distinct buyers who got a copy from this sender within the window, this one included. */
  buyers: number;
  /** Some earlier copy looked promotional (copies differ in names and numbers, and so a little in score). */
  copiesPromotional: boolean;
  /** Distinct other buyers who reported a copy, and whether a reported copy looked promotional. */
  reporters: number;
  reportedPromotional: boolean;
  marketingConsent: boolean;
}

/** CAMPAIGN_COLUMNS as the driver returns them. */
export interface CampaignRow {
  buyers: number;
  copies_promotional: boolean;
  reporters: number;
  reported_promotional: boolean;
}

export function campaignStateOf(row: CampaignRow): Omit<CampaignState, 'marketingConsent'> {
  return {
    buyers: row.buyers,
    copiesPromotional: row.copies_promotional,
    reporters: row.reporters,
    reportedPromotional: row.reported_promotional,
  };
}

export interface TextToTrack {
  senderId: string;
  bands: string[];
  campaign: CampaignCheck;
  now: Date;
}

/** A buyer's report as admins see it: masked sender, no buyer number, no body. */
export interface ReportRow {
  id: string;
  reportedAt: Date;
  bindingId: string | null;
  orderId: string | null;
  tenantId: string | null;
  /** 'sender': an unreachable sender (sender ID, short code, withheld). */
  senderRole: CounterpartRole | 'sender';
  senderMasked: string;
  promotional: boolean;
  /** Distinct buyers whose standing reports match this one's text, this one's own included unless undone. */
  reporters: number;
  undoneAt: Date | null;
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
export function countTextSql(sql: TextCountingSql): string {
  const { row, counting, now } = sql;
  const inWindow = `${row}.sms_window_started_at > ${now}::timestamptz - interval '1 hour'`;
  return `
      sms_window_count = CASE WHEN ${counting} THEN ${windowCountSql(sql)} ELSE ${row}.sms_window_count END,
      sms_window_started_at = CASE WHEN ${counting} THEN CASE WHEN ${inWindow} THEN ${row}.sms_window_started_at ELSE ${now} END
                                   ELSE ${row}.sms_window_started_at END,
      last_text_at = CASE WHEN ${counting} AND ${stampsSql(sql)} THEN ${now} ELSE ${row}.last_text_at END`;
}

/**
 * Whether counting this text stamps its sender as the last texter and reply target now: it will be
 * forwarded as far as the counting can tell, and the campaign check neither blocks it in the same
 * statement nor is still to come (TRACK_TEXT stamps then).
 */
export function stampsSql(sql: TextCountingSql): string {
  return `(${forwardsSql(sql)} AND NOT ${sql.heldBack}::boolean)`;
}

export interface TextCountingSql {
  row: string;
  counting: string;
  now: string;
  perHourLimit: string;
  marketing: string;
  marketingConsent: string;
  /**
   * True when the stamp is not this count's to make: the campaign check blocks the text in the same
   * statement (the routing lookup), or TRACK_TEXT decides it later (COUNT_TEXT, a text with bands).
   */
  heldBack: string;
}

/** The row's count once this text is counted in its hourly window. */
function windowCountSql({ row, now }: TextCountingSql): string {
  return `CASE WHEN ${row}.sms_window_started_at > ${now}::timestamptz - interval '1 hour' THEN ${row}.sms_window_count + 1 ELSE 1 END`;
}

/**
 * Whether the counted text will be forwarded (MessagePolicy.decideCounted's condition): only then does
 * its sender become the buyer's last texter (an opt-out applies to them) and reply target.
 */
export function forwardsSql(sql: TextCountingSql): string {
  const { row } = sql;
  return `(${row}.opted_out_at IS NULL AND ${windowCountSql(sql)} <= ${sql.perHourLimit}
           AND (NOT ${sql.marketing}::boolean OR ${sql.marketingConsent}))`;
}

const NEW_CALLER_TEXT = {
  row: 'p',
  counting: 'true',
  now: '$2',
  perHourLimit: '$3',
  marketing: '$4',
  marketingConsent: 'b.marketing_consent',
  heldBack: '$5',
};

// A text from a party routing did not know before (rule 5's new `caller`): counted on its own, and the
// caller becomes the reply target only when it is forwarded.
const COUNT_TEXT = {
  name: 'veil_policy_count_text_v4',
  text: `
  UPDATE participant p SET ${countTextSql(NEW_CALLER_TEXT)},
         last_contact_at = CASE WHEN ${stampsSql(NEW_CALLER_TEXT)} THEN $2 ELSE p.last_contact_at END
    FROM binding b
   WHERE p.id = $1 AND b.id = p.binding_id
  RETURNING p.sms_window_count AS count, p.opted_out_at IS NOT NULL AS opted_out, b.marketing_consent`,
};

const UNREACHABLE_TEXT = {
  row: 's',
  counting: 'true',
  now: '$3',
  perHourLimit: '$4',
  marketing: '$5',
  marketingConsent: '(SELECT marketing_consent FROM binding WHERE id = $1)',
  // No campaign is tracked for a sender no one can reach back.
  heldBack: 'false',
};

// A text from a sender no one can reach back (a sender ID, a short code, a withheld number): counted per
// (binding, keyed hash of (X, sender string)) in a row of its own, since it is never a counterpart.
const COUNT_UNREACHABLE_TEXT = {
  name: 'veil_policy_count_unreachable_text_v1',
  text: `
  INSERT INTO unreachable_sender AS s (binding_id, pair_hash, sms_window_started_at, sms_window_count, last_text_at, created_at)
  SELECT b.id, $2, $3, 1, CASE WHEN 1 <= $4 AND (NOT $5::boolean OR b.marketing_consent) THEN $3::timestamptz END, $3
    FROM binding b WHERE b.id = $1
  ON CONFLICT ON CONSTRAINT pk_unreachable_sender DO UPDATE SET ${countTextSql(UNREACHABLE_TEXT)}
  RETURNING s.sms_window_count AS count, s.opted_out_at IS NOT NULL AS opted_out, ${UNREACHABLE_TEXT.marketingConsent} AS marketing_consent`,
};

/**
 * The campaign figures of a text from sender `sender` to buyer `buyer` with bands `bands`: the distinct
 * other buyers who got a copy within the window (this one included, hence "1 +": a statement does not see
 * its own CTE's INSERT), whether an earlier copy looked promotional, and the distinct other buyers who
 * reported a copy and whether a reported copy looked promotional. A FROM-list item, by
 * ix_text_fingerprint_sender_band and ix_buyer_report_sender. Parallel copies may miss each other,
 * which only delays a block by as many copies.
 */
export function campaignFiguresSql(c: CampaignSql): string {
  const since = `${c.now}::timestamptz - make_interval(days => ${c.windowDays})`;
  return `LATERAL (
      SELECT count(DISTINCT f.buyer_hash)::int AS n, coalesce(bool_or(f.promotional), false) AS promotional
        FROM text_fingerprint f
       WHERE f.sender_hash = ${c.sender} AND f.band = ANY(${c.bands}::bigint[]) AND f.buyer_hash <> ${c.buyer}
         AND f.seen_at > ${since}) copies
    CROSS JOIN LATERAL (
      SELECT count(DISTINCT r.reporter_hash)::int AS n, coalesce(bool_or(r.promotional), false) AS promotional
        FROM buyer_report r
       WHERE r.sender_hash = ${c.sender} AND r.undone_at IS NULL AND r.bands && ${c.bands}::bigint[]
         AND r.reporter_hash <> ${c.buyer} AND r.reported_at > ${since}) reports`;
}

/** The columns of CampaignState, from campaignFiguresSql's `copies` and `reports`. */
export const CAMPAIGN_COLUMNS = `1 + copies.n AS buyers, copies.promotional AS copies_promotional,
           reports.n AS reporters, reports.promotional AS reported_promotional`;

/**
 * MessagePolicy.campaignVerdict's block, in SQL, over CAMPAIGN_COLUMNS of `state`: reported by enough
 * buyers, or without marketing consent a reported promotional copy or a promotional campaign.
 */
export function campaignBlocksSql(c: CampaignSql & { state: string; marketingConsent: string }): string {
  const s = c.state;
  return `(${s}.reporters >= ${c.reportMinBuyers} OR (NOT ${c.marketingConsent} AND (
             (${s}.reporters > 0 AND ${s}.reported_promotional)
             OR (${s}.buyers >= ${c.campaignMinBuyers} AND (${c.promotional}::boolean OR ${s}.copies_promotional)))))`;
}

export interface CampaignSql {
  sender: string;
  buyer: string;
  bands: string;
  now: string;
  windowDays: string;
  promotional: string;
  reportMinBuyers: string;
  campaignMinBuyers: string;
}

const TRACKED = {
  sender: 'p.sender_hash',
  buyer: 'p.buyer_hash',
  bands: '$3',
  now: '$5',
  windowDays: '$6',
  promotional: '$4',
  reportMinBuyers: '$7',
  campaignMinBuyers: '$8',
};

// The campaign check for a text the routing lookup did not count (a new `caller`'s, counted by
// COUNT_TEXT): stores the text's bands and, in the same round trip, reads its campaign figures. A
// redelivered text has the same text_id and is stored once.
// COUNT_TEXT left the sender's last-texter mark and reply target alone; `stamped` sets them when the
// verdict forwards the text, so a blocked copy never becomes what the buyer's STOP or reply acts on.
// (A counterpart's text is checked inside the routing lookup instead, with the same SQL.)
const TRACK_TEXT = {
  name: 'veil_policy_track_text_v3',
  text: `
  WITH parties AS (
    SELECT s.phone_hash AS sender_hash, b.phone_hash AS buyer_hash, s.binding_id, bd.marketing_consent
      FROM participant s
      JOIN participant b ON b.binding_id = s.binding_id AND b.role = 'buyer'
      JOIN binding bd ON bd.id = s.binding_id
     WHERE s.id = $1 AND s.phone_hash IS NOT NULL AND b.phone_hash IS NOT NULL
  ), stored AS (
    INSERT INTO text_fingerprint (text_id, band, sender_hash, buyer_hash, binding_id, promotional, seen_at)
    SELECT $2, band, p.sender_hash, p.buyer_hash, p.binding_id, $4, $5
      FROM parties p, unnest($3::bigint[]) AS band
    ON CONFLICT DO NOTHING
  ), state AS (
    SELECT ${CAMPAIGN_COLUMNS}, p.marketing_consent
      FROM parties p CROSS JOIN ${campaignFiguresSql(TRACKED)}
  ), stamped AS (
    UPDATE participant t SET last_text_at = $5, last_contact_at = $5
      FROM state s
     WHERE t.id = $1 AND NOT ${campaignBlocksSql({ ...TRACKED, state: 's', marketingConsent: 's.marketing_consent' })}
  )
  SELECT * FROM state`,
};

const REPORT_COLUMNS = `
  r.id, r.reported_at, r.binding_id, b.order_id, b.tenant_id, r.sender_role, r.sender_masked, r.promotional, r.undone_at,
  (SELECT count(DISTINCT o.reporter_hash) FROM buyer_report o
    WHERE o.sender_hash = r.sender_hash AND o.undone_at IS NULL AND (o.id = r.id OR o.bands && r.bands))::int AS reporters`;

interface ReportDbRow {
  id: string;
  reported_at: Date;
  binding_id: string | null;
  order_id: string | null;
  tenant_id: string | null;
  sender_role: CounterpartRole | 'sender';
  sender_masked: string;
  promotional: boolean;
  undone_at: Date | null;
  reporters: number;
}

const toReportRow = (r: ReportDbRow): ReportRow => ({
  id: r.id,
  reportedAt: r.reported_at,
  bindingId: r.binding_id,
  orderId: r.order_id,
  tenantId: r.tenant_id,
  senderRole: r.sender_role,
  senderMasked: r.sender_masked,
  promotional: r.promotional,
  reporters: r.reporters,
  undoneAt: r.undone_at,
});

/** Whom a buyer's opt-out or START acts on: a counterpart's row or an unreachable sender's. */
type SenderRef = { kind: 'participant'; id: string; role: CounterpartRole } | { kind: 'unreachable'; pairHash: Buffer };

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
    private readonly outbox: EventOutbox,
  ) {}

  async countText(text: TextToCount): Promise<SenderState | null> {
    const [row] = await this.hotPath.query<{ count: number; opted_out: boolean; marketing_consent: boolean }>(COUNT_TEXT, [
      text.senderId,
      text.now,
      text.perHourLimit,
      text.marketing,
      text.bands.length > 0,
    ]);
    return row ? { optedOut: row.opted_out, textsThisHour: row.count, marketingConsent: row.marketing_consent } : null;
  }

  async countUnreachableText(
    text: TextCounting & { bindingId: string; pairHash: Buffer; now: Date },
  ): Promise<SenderState | null> {
    const [row] = await this.hotPath.query<{ count: number; opted_out: boolean; marketing_consent: boolean }>(
      COUNT_UNREACHABLE_TEXT,
      [text.bindingId, text.pairHash, text.now, text.perHourLimit, text.marketing],
    );
    return row ? { optedOut: row.opted_out, textsThisHour: row.count, marketingConsent: row.marketing_consent } : null;
  }

  async tenantLocale(tenantId: string): Promise<string | null> {
    const [row] = await queryRows<{ locale: string | null }>(this.dataSource, `SELECT locale FROM tenant WHERE id = $1`, [
      tenantId,
    ]);
    return row?.locale ?? null;
  }

  /**
   * Opts out the sender whose text last reached the buyer (a counterpart or an unreachable sender) and
   * withdraws marketing consent. `role` null: nobody has texted the buyer yet.
   */
  async optOut(bindingId: string, now: Date): Promise<{ role: CounterpartRole | 'sender' | null; orderId: string }> {
    return this.dataSource.transaction(async (tx) => {
      const { last, orderId } = await this.optOutLastSender(tx, bindingId, now);
      return { role: last ? roleOf(last) : null, orderId };
    });
  }

  /** The opt-out itself, with its event, inside the caller's transaction (STOP and SPAM alike). */
  private async optOutLastSender(
    tx: EntityManager,
    bindingId: string,
    now: Date,
  ): Promise<{ last: SenderRef | null; orderId: string; tenantId: string }> {
    const [binding] = await queryRows<{ order_id: string; tenant_id: string }>(
      tx,
      `UPDATE binding SET marketing_consent = false, updated_at = $2 WHERE id = $1 RETURNING order_id, tenant_id`,
      [bindingId, now],
    );
    const last = await this.latest(tx, bindingId, 'last_text_at');
    if (last) await this.setOptedOut(tx, bindingId, last, now);
    await this.outbox.append(tx, {
      tenantId: binding!.tenant_id,
      bindingId,
      type: 'buyer.opted_out',
      // Whom the buyer stopped: a counterpart (by id and role) or an unreachable sender; null: nobody yet.
      data: {
        counterpartId: last?.kind === 'participant' ? last.id : null,
        role: last ? roleOf(last) : null,
        marketingConsent: false,
      },
      at: now,
    });
    return { last, orderId: binding!.order_id, tenantId: binding!.tenant_id };
  }

  async trackText(text: TextToTrack): Promise<CampaignState | null> {
    const [row] = await this.hotPath.query<CampaignRow & { marketing_consent: boolean }>(TRACK_TEXT, [
      text.senderId,
      text.campaign.textId,
      text.bands,
      text.campaign.promotional,
      text.now,
      text.campaign.windowDays,
      text.campaign.reportMinBuyers,
      text.campaign.campaignMinBuyers,
    ]);
    return row ? { ...campaignStateOf(row), marketingConsent: row.marketing_consent } : null;
  }

  /**
   * SPAM/举报: the same opt-out, and, when the sender is a counterpart, a report against the last text
   * forwarded from it on this binding, carrying that text's bands (none if older than the fingerprints'
   * window). A report against an unreachable sender (sender ID, short code, withheld) is recorded with
   * that sender's keyed hash and no bands: no campaign is tracked for such senders.
   */
  async report(bindingId: string, now: Date): Promise<{ role: CounterpartRole | 'sender' | null; orderId: string }> {
    return this.dataSource.transaction(async (tx) => {
      const { last, orderId, tenantId } = await this.optOutLastSender(tx, bindingId, now);
      if (last?.kind === 'participant') {
        const [report] = await queryRows<{ id: string; promotional: boolean }>(
          tx,
          `INSERT INTO buyer_report (binding_id, sender_participant_id, sender_role, sender_masked, sender_hash,
                                     reporter_hash, bands, promotional, reported_at)
           SELECT $1, s.id, s.role, s.phone_masked, s.phone_hash, b.phone_hash,
                  coalesce(array_agg(f.band) FILTER (WHERE f.band IS NOT NULL), '{}'), coalesce(bool_or(f.promotional), false), $3
             FROM participant s
             JOIN participant b ON b.binding_id = s.binding_id AND b.role = 'buyer'
             LEFT JOIN text_fingerprint f ON f.text_id = (SELECT text_id FROM text_fingerprint
                                                           WHERE binding_id = $1 AND sender_hash = s.phone_hash
                                                           ORDER BY seen_at DESC LIMIT 1)
            WHERE s.id = $2 AND s.phone_hash IS NOT NULL AND b.phone_hash IS NOT NULL
            GROUP BY s.id, s.role, s.phone_masked, s.phone_hash, b.phone_hash
           RETURNING id, promotional`,
          [bindingId, last.id, now],
        );
        if (report) {
          await this.outbox.append(tx, {
            tenantId,
            bindingId,
            type: 'text.reported',
            data: { reportId: report.id, counterpartId: last.id, role: last.role, promotional: report.promotional },
            at: now,
          });
        }
      } else if (last) {
        // An unreachable sender: recorded by the keyed hash its opt-out uses, shown to admins as its
        // latest forwarded text's record shows it (a sender ID or short code; "sender ID" if that record
        // is not written yet). No bands: it never counts against other buyers' texts.
        const [report] = await queryRows<{ id: string }>(
          tx,
          `INSERT INTO buyer_report (binding_id, sender_participant_id, sender_role, sender_masked, sender_hash,
                                     reporter_hash, bands, promotional, reported_at)
           SELECT $1, NULL, 'sender',
                  coalesce((SELECT m.from_masked FROM message_record m
                             WHERE m.binding_id = $1 AND m.direction = 'to_buyer' AND m.from_role = 'stranger'
                               AND m.outcome = 'connected'
                             ORDER BY m.received_at DESC, m.id DESC LIMIT 1), 'sender ID'),
                  $2, b.phone_hash, '{}', false, $3
             FROM participant b
            WHERE b.binding_id = $1 AND b.role = 'buyer' AND b.phone_hash IS NOT NULL
           RETURNING id`,
          [bindingId, last.pairHash, now],
        );
        if (report) {
          await this.outbox.append(tx, {
            tenantId,
            bindingId,
            type: 'text.reported',
            data: { reportId: report.id, counterpartId: null, role: 'sender', promotional: false },
            at: now,
          });
        }
      }
      return { role: last ? roleOf(last) : null, orderId };
    });
  }

  async listReports(page: number, pageSize: number): Promise<{ items: ReportRow[]; total: number }> {
    const rows = await queryRows<ReportDbRow>(
      this.dataSource,
      `SELECT ${REPORT_COLUMNS} FROM buyer_report r LEFT JOIN binding b ON b.id = r.binding_id
        ORDER BY r.reported_at DESC, r.id LIMIT $1 OFFSET $2`,
      [pageSize, (page - 1) * pageSize],
    );
    const [{ total }] = await queryRows<{ total: number }>(
      this.dataSource,
      `SELECT count(*)::int AS total FROM buyer_report`,
      [],
    );
    return { items: rows.map(toReportRow), total: total! };
  }

  /** Undoes a report (it no longer counts for anyone); undoing it again changes nothing. Null: no such report. */
  async undoReport(id: string, now: Date): Promise<{ report: ReportRow; undoneNow: boolean } | null> {
    const [undone] = await queryRows<{ id: string }>(
      this.dataSource,
      `UPDATE buyer_report SET undone_at = $2 WHERE id = $1 AND undone_at IS NULL RETURNING id`,
      [id, now],
    );
    const [row] = await queryRows<ReportDbRow>(
      this.dataSource,
      `SELECT ${REPORT_COLUMNS} FROM buyer_report r LEFT JOIN binding b ON b.id = r.binding_id WHERE r.id = $1`,
      [id],
    );
    return row ? { report: toReportRow(row), undoneNow: undone !== undefined } : null;
  }

  /** START: undoes the buyer's last opt-out on the binding (one sender, the most recently opted out). */
  async optIn(bindingId: string): Promise<{ role: CounterpartRole | 'sender' | null; orderId: string }> {
    return this.dataSource.transaction(async (tx) => {
      const last = await this.latest(tx, bindingId, 'opted_out_at');
      if (last) await this.setOptedOut(tx, bindingId, last, null);
      const [binding] = await queryRows<{ order_id: string }>(tx, `SELECT order_id FROM binding WHERE id = $1`, [bindingId]);
      return { role: last ? roleOf(last) : null, orderId: binding!.order_id };
    });
  }

  /** The binding's sender with the latest `column`, counterparts and unreachable senders alike. */
  private async latest(tx: EntityManager, bindingId: string, column: 'last_text_at' | 'opted_out_at'): Promise<SenderRef | null> {
    const [row] = await queryRows<{ id: string | null; role: CounterpartRole | null; pair_hash: Buffer | null }>(
      tx,
      `SELECT id, role, pair_hash FROM (
         SELECT id::text AS id, role, NULL::bytea AS pair_hash, ${column} AS at FROM participant
          WHERE binding_id = $1 AND role <> 'buyer' AND active AND ${column} IS NOT NULL
         UNION ALL
         SELECT NULL, NULL, pair_hash, ${column} FROM unreachable_sender WHERE binding_id = $1 AND ${column} IS NOT NULL) s
        ORDER BY at DESC LIMIT 1`,
      [bindingId],
    );
    if (!row) return null;
    return row.id ? { kind: 'participant', id: row.id, role: row.role! } : { kind: 'unreachable', pairHash: row.pair_hash! };
  }

  private async setOptedOut(tx: EntityManager, bindingId: string, sender: SenderRef, at: Date | null): Promise<void> {
    if (sender.kind === 'participant') {
      await queryRows(tx, `UPDATE participant SET opted_out_at = $2 WHERE id = $1`, [sender.id, at]);
    } else {
      await queryRows(tx, `UPDATE unreachable_sender SET opted_out_at = $3 WHERE binding_id = $1 AND pair_hash = $2`, [
        bindingId,
        sender.pairHash,
        at,
      ]);
    }
  }
}

const roleOf = (sender: SenderRef): CounterpartRole | 'sender' => (sender.kind === 'participant' ? sender.role : 'sender');
