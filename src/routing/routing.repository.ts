import { Injectable } from '@nestjs/common';
import type { BindingMode } from '../bindings/binding.entity.js';
import type { ParticipantRole } from '../bindings/participant.entity.js';
import { HotPathPool } from '../database/hot-path-pool.js';
import {
  CAMPAIGN_COLUMNS,
  campaignBlocksSql,
  campaignFiguresSql,
  campaignStateOf,
  countTextSql,
  stampsSql,
  type CampaignState,
  type SenderState,
  type TextCounting,
} from '../policy/policy.repository.js';
import type { ExtensionFacts, RoutingFacts } from './routing.rules.js';

interface LookupRow {
  fresh: boolean;
  relay_id: string | null;
  relay_e164: string;
  pool: BindingMode;
  relay_status: string;
  match_id: string | null;
  match_role: ParticipantRole | null;
  match_binding_id: string | null;
  match_tenant_id: string | null;
  match_status: string | null;
  match_expires_at: Date | null;
  match_marketing_consent: boolean | null;
  former: boolean;
  dedicated_id: string | null;
  dedicated_tenant_id: string | null;
  dedicated_expires_at: Date | null;
  buyer_id: string | null;
  buyer_enc: string | null;
  buyer_masked: string | null;
  target_id: string | null;
  target_role: ParticipantRole | null;
  target_enc: string | null;
  target_masked: string | null;
  buyer_hash: Buffer | null;
  carrier_blocked: boolean | null;
  text_counted: boolean | null;
  text_count: number | null;
  text_opted_out: boolean | null;
  campaign_buyers: number | null;
  copies_promotional: boolean | null;
  reporters: number | null;
  reported_promotional: boolean | null;
}

export interface Lookup {
  /** False when another delivery of the same webhook claimed it first: nothing was counted or moved. */
  fresh: boolean;
  facts: RoutingFacts;
  /** The sender's text state after counting this text; null when nothing was counted. */
  textState: SenderState | null;
  /** A counted text's campaign figures; null when it was not counted or has no bands. */
  campaign: CampaignState | null;
  /** A text: whether the carrier blocks the phone it would go to in `carrierScope` (nothing was counted then). */
  carrierBlocked: boolean;
}

/** What the lookup needs to know of a text (null for a call). */
export interface LookupText {
  counting: TextCounting | null;
  /** The carrier's opt-out scope of X (its Messaging Service, or X). */
  carrierScope: string;
}

// Rule 3 (a counterpart reaches the buyer) as far as the row can tell: the only texts the policy counts,
// once the carrier block (checked first) has let them through.
const COUNTS_TEXT = `($5::boolean AND l.match_role <> 'buyer' AND l.buyer_enc IS NOT NULL AND l.relay_status <> 'retired'
                      AND NOT l.carrier_blocked)`;

const CHECKED_CAMPAIGN = {
  sender: '$2',
  buyer: 'l.buyer_hash',
  bands: '$10',
  now: '$4',
  windowDays: '$14',
  promotional: '$13',
  reportMinBuyers: '$15',
  campaignMinBuyers: '$16',
};

const COUNTED_TEXT = {
  row: 't',
  counting: COUNTS_TEXT,
  now: '$4',
  perHourLimit: '$6',
  marketing: '$7',
  marketingConsent: 'l.match_marketing_consent',
  // The campaign check below blocks the text: its sender does not become the last texter.
  heldBack: `(SELECT coalesce(bool_or(${campaignBlocksSql({ ...CHECKED_CAMPAIGN, state: 'c', marketingConsent: 'l.match_marketing_consent' })}), false)
                FROM campaign c)`,
};

// One round trip: the claim of this webhook delivery (a redelivery, on any instance, finds the carrier's
// id taken and changes nothing), the number, F's active row on it (the unique routing key), whether F is
// a former party, X's dedicated binding, the buyer to reach, the counterpart a buyer would reach, and, for
// a text ($11: the carrier's opt-out scope), whether the carrier blocks the phone the text would go to.
// When F is a party of a live binding (rules 2 and 3: a connect), the counterpart's lastContactAt moves
// in the same statement, so it is written before the answer at no extra round trip. A text the carrier
// blocks moves and counts nothing (the policy's first check). A counterpart's text to the buyer is
// counted for the text policy on the same row write and, when it has campaign bands ($10), checked for
// campaigns: the copies and reports of it are read, and its fingerprint stored once it passes the
// sender's own checks; lastContactAt (the reply target) and the last-texter mark move only when it will
// be forwarded on every count, the campaign's included.
// An unreachable caller has no hash ($2, $3 null): no row and no former party.
const LOOKUP_AND_TOUCH = {
  name: 'veil_route_lookup_v5',
  text: `
  WITH claim AS (
    INSERT INTO webhook_delivery (sid, token, claimed_at)
    SELECT $8, $9, $4 WHERE $8::text IS NOT NULL
    ON CONFLICT DO NOTHING RETURNING sid)
  , fresh AS (SELECT $8::text IS NULL OR EXISTS (SELECT 1 FROM claim) AS fresh)
  , lookup AS (
    SELECT n.id AS relay_id, n.e164 AS relay_e164, n.pool, n.status AS relay_status,
           p.id AS match_id, p.role AS match_role, p.binding_id AS match_binding_id,
           mb.tenant_id AS match_tenant_id, mb.status AS match_status, mb.expires_at AS match_expires_at,
           mb.marketing_consent AS match_marketing_consent,
           EXISTS (SELECT 1 FROM former_party f WHERE f.pair_hash = $3 AND f.forget_after > $4) AS former,
           d.id AS dedicated_id, d.tenant_id AS dedicated_tenant_id, d.expires_at AS dedicated_expires_at,
           buyer.id AS buyer_id, buyer.phone_enc AS buyer_enc, buyer.phone_masked AS buyer_masked, buyer.phone_hash AS buyer_hash,
           bt.id AS target_id, bt.role AS target_role, bt.phone_enc AS target_enc, bt.phone_masked AS target_masked,
           ($11::text IS NOT NULL AND EXISTS (
             SELECT 1 FROM carrier_block cb
              WHERE cb.scope = $11 AND cb.phone_hash = CASE WHEN p.role = 'buyer' THEN bt.phone_hash ELSE buyer.phone_hash END
           )) AS carrier_blocked
      FROM relay_number n
      -- The (X, phone) routing key; counterparts of extension bindings are keyed by (X, E, phone) instead.
      LEFT JOIN participant p ON p.relay_number_id = n.id AND p.phone_hash = $2 AND p.active AND NOT p.keyed_by_extension
      LEFT JOIN binding mb ON mb.id = p.binding_id
      LEFT JOIN binding d ON n.pool = 'dedicated' AND d.relay_number_id = n.id AND d.status = 'active' AND d.mode = 'dedicated'
      LEFT JOIN participant buyer ON buyer.binding_id = COALESCE(mb.id, d.id) AND buyer.role = 'buyer'
      LEFT JOIN LATERAL (
        SELECT c.id, c.role, c.phone_enc, c.phone_masked, c.phone_hash FROM participant c
         WHERE p.role = 'buyer' AND c.binding_id = p.binding_id AND c.active AND c.role <> 'buyer'
           AND (c.last_contact_at IS NOT NULL OR c.role = 'merchant')
         ORDER BY c.last_contact_at DESC NULLS LAST, c.created_at
         LIMIT 1) bt ON true
     WHERE n.e164 = $1)
  , live AS (
    SELECT l.* FROM lookup l
     WHERE l.match_id IS NOT NULL AND l.match_status = 'active' AND l.match_expires_at > $4
       AND (SELECT fresh FROM fresh))
  , campaign AS (
    SELECT ${CAMPAIGN_COLUMNS}
      FROM live l CROSS JOIN ${campaignFiguresSql(CHECKED_CAMPAIGN)}
     WHERE ${COUNTS_TEXT} AND cardinality($10::bigint[]) > 0 AND l.buyer_hash IS NOT NULL)
  , touched AS (
    UPDATE participant t SET
      last_contact_at = CASE WHEN ${COUNTS_TEXT} AND NOT ${stampsSql(COUNTED_TEXT)} THEN t.last_contact_at ELSE $4 END,
      ${countTextSql(COUNTED_TEXT)}
      FROM live l
     WHERE t.id = CASE WHEN l.match_role = 'buyer' THEN l.target_id ELSE l.match_id END
       AND NOT ($5::boolean AND l.carrier_blocked)
     RETURNING ${COUNTS_TEXT} AS counted, t.sms_window_count AS count, t.opted_out_at IS NOT NULL AS opted_out,
               t.opted_out_at IS NULL AND t.sms_window_count <= $6 AND (NOT $7::boolean OR l.match_marketing_consent) AS passes,
               l.buyer_hash, l.match_binding_id)
  -- The fingerprint of a text that passed the sender's own checks, blocked as a campaign or not (TRACK_TEXT's rule).
  , stored AS (
    INSERT INTO text_fingerprint (text_id, band, sender_hash, buyer_hash, binding_id, promotional, seen_at)
    SELECT $12, band, $2, tc.buyer_hash, tc.match_binding_id, $13, $4
      FROM touched tc, unnest($10::bigint[]) AS band
     WHERE tc.counted AND tc.passes AND tc.buyer_hash IS NOT NULL
    ON CONFLICT DO NOTHING)
  SELECT f.fresh, l.*, tc.counted AS text_counted, tc.count AS text_count, tc.opted_out AS text_opted_out,
         c.buyers AS campaign_buyers, c.copies_promotional, c.reporters, c.reported_promotional
    FROM fresh f LEFT JOIN lookup l ON true LEFT JOIN touched tc ON true LEFT JOIN campaign c ON true`,
};

// Only onto a binding still live when the row is written: the lookup came first, and the binding may
// have ended since. FOR SHARE waits for a close or expiry in progress and then re-reads its row, so no
// active party lands on a binding already ended. (An expiry batch whose snapshot predates this insert's
// commit may still miss the new row; the purge ends such a party.) Nothing inserted: null.
// A call makes the new caller the reply target at once; a text only once the policy forwards it ($8).
const ADD_CALLER = {
  name: 'veil_route_add_caller_v4',
  text: `INSERT INTO participant (binding_id, relay_number_id, role, phone_hash, phone_enc, pair_hash, phone_masked, active, last_contact_at, created_at)
         SELECT b.id, $2, 'caller', $3, $4, $5, $6, true, CASE WHEN $8 THEN $7::timestamptz END, $7
           FROM binding b WHERE b.id = $1 AND b.status = 'active' AND b.expires_at > $7
            FOR SHARE
         ON CONFLICT (relay_number_id, phone_hash) WHERE active AND NOT keyed_by_extension
           DO UPDATE SET last_contact_at = CASE WHEN $8 THEN EXCLUDED.created_at ELSE participant.last_contact_at END
         RETURNING id`,
};

// Extension mode, once E is entered: the claim of this delivery of the `<Gather>` action (a redelivery,
// on any instance, finds it taken and changes nothing), the number, the binding holding (X, E) (live,
// or ended and resting) and its tenant's locale, F's active row on it, whether F is a former party of
// (X, E), whether F is locked out of extension prompts ($7, the guessing key), and the buyer. One round
// trip, by ux_binding_extension_held and ux_participant_binding_phone_active.
const EXTENSION_LOOKUP = {
  name: 'veil_route_extension_lookup_v2',
  text: `
  WITH claim AS (
    INSERT INTO webhook_delivery (sid, token, claimed_at)
    SELECT $6, $8, $5 WHERE $6::text IS NOT NULL
    ON CONFLICT DO NOTHING RETURNING sid)
  , fresh AS (SELECT $6::text IS NULL OR EXISTS (SELECT 1 FROM claim) AS fresh)
  , lookup AS (
  SELECT n.id AS relay_id, n.e164 AS relay_e164, n.pool, n.status AS relay_status,
         b.id AS binding_id, b.tenant_id, b.status AS binding_status, b.expires_at, t.locale,
         p.id AS match_id, p.role AS match_role,
         EXISTS (SELECT 1 FROM former_party f WHERE f.pair_hash = $4 AND f.forget_after > $5) AS former,
         EXISTS (SELECT 1 FROM extension_lockout x WHERE x.caller_key = $7 AND x.until > $5) AS locked,
         buyer.id AS buyer_id, buyer.phone_enc AS buyer_enc, buyer.phone_masked AS buyer_masked
    FROM relay_number n
    LEFT JOIN binding b ON b.relay_number_id = n.id AND b.extension = $2 AND b.extension_held
    LEFT JOIN tenant t ON t.id = b.tenant_id
    LEFT JOIN participant p ON p.binding_id = b.id AND p.phone_hash = $3 AND p.active
    LEFT JOIN participant buyer ON buyer.binding_id = b.id AND buyer.role = 'buyer' AND buyer.active
   WHERE n.e164 = $1)
  SELECT f.fresh, l.* FROM fresh f LEFT JOIN lookup l ON true`,
};

interface ExtensionRow {
  fresh: boolean;
  relay_id: string | null;
  relay_e164: string;
  pool: BindingMode;
  relay_status: string;
  binding_id: string | null;
  tenant_id: string | null;
  binding_status: string | null;
  expires_at: Date | null;
  locale: string | null;
  match_id: string | null;
  match_role: ParticipantRole | null;
  former: boolean;
  locked: boolean;
  buyer_id: string | null;
  buyer_enc: string | null;
  buyer_masked: string | null;
}

// Rule 5 in extension mode: the caller becomes a `caller` of the binding (X, E) names, keyed by (X, E,
// phone). A named counterpart or an earlier caller keeps its row and role. A call ($7) makes them the
// reply target at once; a text only once the policy forwards it. Only onto a binding still live (FOR
// SHARE, as ADD_CALLER).
const ADD_EXTENSION_CALLER = {
  name: 'veil_route_add_extension_caller_v1',
  text: `INSERT INTO participant (binding_id, relay_number_id, role, phone_hash, phone_enc, pair_hash, phone_masked, active,
                                  last_contact_at, created_at, keyed_by_extension)
         SELECT b.id, b.relay_number_id, 'caller', $2, $3, $4, $5, true, CASE WHEN $7 THEN $6::timestamptz END, $6, true
           FROM binding b WHERE b.id = $1 AND b.status = 'active' AND b.expires_at > $6
            FOR SHARE
         ON CONFLICT (binding_id, phone_hash) WHERE active AND keyed_by_extension
           DO UPDATE SET last_contact_at = CASE WHEN $7 THEN EXCLUDED.created_at ELSE participant.last_contact_at END
         RETURNING id`,
};

// Extension mode, a text without an extension: the extensions of the live bindings on X that name F as
// a counterpart (two are enough to know it is ambiguous).
const SOLE_EXTENSION = {
  name: 'veil_route_sole_extension_v1',
  text: `SELECT b.extension FROM relay_number n
           JOIN participant p ON p.relay_number_id = n.id AND p.phone_hash = $2 AND p.active AND p.keyed_by_extension
           JOIN binding b ON b.id = p.binding_id AND b.status = 'active' AND b.expires_at > $3
          WHERE n.e164 = $1
          LIMIT 2`,
};

// One hint a day per (X, sender): true when this is the first today. Yesterday's and older rows go.
const CLAIM_HINT = {
  name: 'veil_route_extension_hint_v1',
  text: `WITH gone AS (DELETE FROM extension_hint WHERE day < $2::date - 1)
         INSERT INTO extension_hint (pair_hash, day) VALUES ($1, $2::date) ON CONFLICT DO NOTHING RETURNING true AS first`,
};

// Extension mode's guessing bounds (DESIGN: three misses in ten minutes lock a caller out for an hour).
const EXTENSION_MISS = {
  name: 'veil_route_extension_miss_v1',
  text: `WITH added AS (INSERT INTO extension_miss (caller_key, at) VALUES ($1, $2))
         , recent AS (SELECT count(*) + 1 AS n FROM extension_miss WHERE caller_key = $1 AND at > $2::timestamptz - interval '10 minutes')
         , locked AS (
           INSERT INTO extension_lockout (caller_key, until) SELECT $1, $2::timestamptz + interval '1 hour' FROM recent WHERE n >= 3
           ON CONFLICT (caller_key) DO UPDATE SET until = EXCLUDED.until RETURNING until)
         SELECT EXISTS (SELECT 1 FROM locked) AS locked`,
};
// One more distinct extension on X today, unless the caller has reached `limit` others already ($5).
const EXTENSION_REACH = {
  name: 'veil_route_extension_reach_v1',
  text: `WITH seen AS (
           SELECT count(*) FILTER (WHERE extension <> $4) AS others, COALESCE(bool_or(extension = $4), false) AS again
             FROM extension_reach WHERE caller_key = $1 AND relay_number_id = $2 AND day = $3::date)
         , added AS (
           INSERT INTO extension_reach (caller_key, relay_number_id, day, extension)
           SELECT $1, $2, $3::date, $4 FROM seen WHERE NOT again AND others < $5
           ON CONFLICT DO NOTHING)
         SELECT again OR others < $5 AS allowed FROM seen`,
};

export interface ExtensionLookup {
  /** False when another delivery of the same `<Gather>` action claimed it first: count and change nothing. */
  fresh: boolean;
  /** The guessing key is locked out of extension prompts now. */
  locked: boolean;
  /** The locale of the tenant whose binding (X, E) names, if it set one. */
  locale: string | null;
  facts: ExtensionFacts;
}

export interface DeliveryClaim {
  sid: string;
  token: string | null;
}

/** The routing lookup and the writes routing depends on, all done before the answer, on prepared statements. */
@Injectable()
export class RoutingRepository {
  constructor(private readonly pool: HotPathPool) {}

  /**
   * `claim`: the delivery's CallSid / MessageSid and idempotency token; null claims nothing (always fresh).
   * `text`: null for a call; for a text, its carrier scope and, unless it is a carrier word, its counting.
   */
  async lookup(
    relayE164: string,
    caller: { hash: Buffer; pairHash: Buffer } | null,
    now: Date,
    text: LookupText | null,
    claim: DeliveryClaim | null,
  ): Promise<Lookup> {
    const counting = text?.counting ?? null;
    const [row] = await this.pool.query<LookupRow>(LOOKUP_AND_TOUCH, [
      relayE164,
      caller?.hash ?? null,
      caller?.pairHash ?? null,
      now,
      counting !== null,
      counting?.perHourLimit ?? 0,
      counting?.marketing ?? false,
      claim?.sid ?? null,
      claim?.token ?? null,
      counting?.bands ?? [],
      text?.carrierScope ?? null,
      counting?.campaign.textId ?? null,
      counting?.campaign.promotional ?? false,
      counting?.campaign.windowDays ?? 0,
      counting?.campaign.reportMinBuyers ?? 0,
      counting?.campaign.campaignMinBuyers ?? 0,
    ]);
    if (!row!.relay_id) {
      return {
        fresh: row!.fresh,
        facts: {
          now,
          callerReachable: caller !== null,
          relay: null,
          match: null,
          formerParty: false,
          dedicatedBinding: null,
          buyer: null,
          buyerTarget: null,
        },
        textState: null,
        campaign: null,
        carrierBlocked: false,
      };
    }
    const textState: SenderState | null = row.text_counted
      ? { textsThisHour: row.text_count!, optedOut: row.text_opted_out!, marketingConsent: row.match_marketing_consent! }
      : null;
    const campaign: CampaignState | null =
      row.text_counted && row.campaign_buyers !== null
        ? {
            ...campaignStateOf({
              buyers: row.campaign_buyers,
              copies_promotional: row.copies_promotional!,
              reporters: row.reporters!,
              reported_promotional: row.reported_promotional!,
            }),
            marketingConsent: row.match_marketing_consent!,
          }
        : null;
    return {
      fresh: row.fresh,
      facts: toFacts(row, now, caller !== null),
      textState,
      campaign,
      carrierBlocked: row.carrier_blocked === true,
    };
  }

  /**
   * Extension mode: the facts for (X, E, F); `caller` null for an unreachable caller (no row, no former
   * party). `guardKey`: who the guessing bounds count (null: not checked); `claim`: the delivery of the
   * `<Gather>` action to claim (null claims nothing: always fresh).
   */
  async lookupExtension(
    relayE164: string,
    extension: string,
    caller: { hash: Buffer; pairHash: Buffer } | null,
    now: Date,
    guardKey: Buffer | null = null,
    claim: DeliveryClaim | null = null,
  ): Promise<ExtensionLookup> {
    const [row] = await this.pool.query<ExtensionRow>(EXTENSION_LOOKUP, [
      relayE164,
      extension,
      caller?.hash ?? null,
      caller?.pairHash ?? null,
      now,
      claim?.sid ?? null,
      guardKey,
      claim?.token ?? null,
    ]);
    const none = {
      now,
      callerReachable: caller !== null,
      relay: null,
      binding: null,
      match: null,
      formerParty: false,
      buyer: null,
    };
    if (!row?.relay_id) return { fresh: row?.fresh ?? true, locked: false, locale: null, facts: none };
    return {
      fresh: row.fresh,
      locked: row.locked,
      locale: row.locale,
      facts: {
        now,
        callerReachable: caller !== null,
        relay: { id: row.relay_id, e164: row.relay_e164, pool: row.pool, status: row.relay_status },
        binding: row.binding_id
          ? { id: row.binding_id, tenantId: row.tenant_id!, status: row.binding_status!, expiresAt: row.expires_at! }
          : null,
        match: row.match_id ? { participantId: row.match_id, role: row.match_role! } : null,
        formerParty: row.former,
        buyer:
          row.buyer_id && row.buyer_enc
            ? { participantId: row.buyer_id, role: 'buyer', phoneEnc: row.buyer_enc, phoneMasked: row.buyer_masked! }
            : null,
      },
    };
  }

  /** Extension mode: the caller who reached the buyer through (X, E). Null when the binding ended. */
  async addExtensionCaller(
    bindingId: string,
    caller: { hash: Buffer; encrypted: string; pairHash: Buffer; masked: string },
    now: Date,
    contact: boolean,
  ): Promise<string | null> {
    const [row] = await this.pool.query<{ id: string }>(ADD_EXTENSION_CALLER, [
      bindingId,
      caller.hash,
      caller.encrypted,
      caller.pairHash,
      caller.masked,
      now,
      contact,
    ]);
    return row?.id ?? null;
  }

  /** Extension mode: E of the one live binding on X that names `phoneHash` as a counterpart, else null. */
  async soleExtension(relayE164: string, phoneHash: Buffer, now: Date): Promise<string | null> {
    const rows = await this.pool.query<{ extension: string }>(SOLE_EXTENSION, [relayE164, phoneHash, now]);
    return rows.length === 1 ? rows[0]!.extension : null;
  }

  /** Whether the sender keyed by `pairHash` gets today's hint (the first time today, on any instance). */
  async claimHint(pairHash: Buffer, day: string): Promise<boolean> {
    const rows = await this.pool.query<{ first: boolean }>(CLAIM_HINT, [pairHash, day]);
    return rows.length === 1;
  }

  /** Counts a wrong or ended extension; true when this one locks the caller out. */
  async extensionMiss(callerKey: Buffer, now: Date): Promise<boolean> {
    const [row] = await this.pool.query<{ locked: boolean }>(EXTENSION_MISS, [callerKey, now]);
    return row!.locked;
  }

  /** Whether the caller may reach extension E on X today (and counts it). */
  async extensionReach(
    callerKey: Buffer,
    relayNumberId: string,
    extension: string,
    day: string,
    limit: number,
  ): Promise<boolean> {
    const [row] = await this.pool.query<{ allowed: boolean }>(EXTENSION_REACH, [callerKey, relayNumberId, day, extension, limit]);
    return row!.allowed;
  }

  /** What the screening announcement says: the order, in the tenant's language if it set one. */
  async screening(bindingId: string): Promise<{ orderId: string; locale: string | null } | null> {
    const [row] = await this.pool.query<{ order_id: string; locale: string | null }>(
      {
        name: 'veil_route_screening_v1',
        text: `SELECT b.order_id, t.locale FROM binding b JOIN tenant t ON t.id = b.tenant_id WHERE b.id = $1`,
      },
      [bindingId],
    );
    return row ? { orderId: row.order_id, locale: row.locale } : null;
  }

  /**
   * Rule 5: the stranger becomes a `caller` the buyer can reach back. A concurrent insert wins quietly.
   * Null when the binding ended after the lookup.
   */
  async addCaller(
    bindingId: string,
    relayNumberId: string,
    caller: { hash: Buffer; encrypted: string; pairHash: Buffer; masked: string },
    now: Date,
    contact: boolean,
  ): Promise<string | null> {
    const [row] = await this.pool.query<{ id: string }>(ADD_CALLER, [
      bindingId,
      relayNumberId,
      caller.hash,
      caller.encrypted,
      caller.pairHash,
      caller.masked,
      now,
      contact,
    ]);
    return row?.id ?? null;
  }
}

function toFacts(row: LookupRow, now: Date, callerReachable: boolean): RoutingFacts {
  return {
    now,
    callerReachable,
    relay: { id: row.relay_id!, e164: row.relay_e164, pool: row.pool, status: row.relay_status },
    match: row.match_id
      ? {
          participantId: row.match_id,
          role: row.match_role!,
          bindingId: row.match_binding_id!,
          tenantId: row.match_tenant_id!,
          bindingStatus: row.match_status!,
          expiresAt: row.match_expires_at!,
        }
      : null,
    formerParty: row.former,
    dedicatedBinding: row.dedicated_id
      ? { id: row.dedicated_id, tenantId: row.dedicated_tenant_id!, expiresAt: row.dedicated_expires_at! }
      : null,
    buyer:
      row.buyer_id && row.buyer_enc
        ? { participantId: row.buyer_id, role: 'buyer', phoneEnc: row.buyer_enc, phoneMasked: row.buyer_masked! }
        : null,
    buyerTarget:
      row.target_id && row.target_enc
        ? { participantId: row.target_id, role: row.target_role!, phoneEnc: row.target_enc, phoneMasked: row.target_masked! }
        : null,
  };
}
