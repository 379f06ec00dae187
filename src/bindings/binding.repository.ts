import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { BindingMode, BindingStatus } from './binding.entity.js';
import type { CounterpartRole, ParticipantRole } from './participant.entity.js';
import { queryRows, scopeSql, unflushedTransaction, type BatchScope } from '../database/sql.js';
import { pairHashSql } from '../common/phone-cipher.service.js';
import { AppConfig } from '../config/app.config.js';
import { EventOutbox, isoSql, type EventType } from '../events/event-outbox.js';

/** A phone ready to store: never the plaintext, only its ciphertext, keyed hashes and masked form. */
export interface SealedPhone {
  hash: Buffer;
  encrypted: string;
  masked: string;
}

export interface NewParty {
  role: ParticipantRole;
  phone: SealedPhone;
}

export interface PartyView {
  id: string;
  role: ParticipantRole;
  phoneMasked: string;
  lastContactAt: Date | null;
  createdAt: Date;
}

export interface BindingView {
  id: string;
  tenantId: string;
  orderId: string;
  mode: BindingMode;
  status: BindingStatus;
  relayNumberId: string;
  relayNumber: string;
  /** Extension mode: E on the relay number; null in the other modes. */
  extension: string | null;
  marketingConsent: boolean;
  expiresAt: Date;
  windowCapAt: Date;
  endedAt: Date | null;
  purgedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  buyer: PartyView;
  counterparts: PartyView[];
  /** The buyer opted out at the carrier in this binding's scope: texts to them cannot be delivered. */
  carrierOptOut: boolean;
}

export interface NewBinding {
  tenantId: string;
  orderId: string;
  mode: BindingMode;
  callingCode: string;
  marketingConsent: boolean;
  expiresAt: Date;
  windowCapAt: Date;
  parties: NewParty[];
  now: Date;
  /** Extension mode: the live bindings one number may hold, and random extensions to try in order. */
  extension?: { capacity: number; candidates: string[] };
  /** Shared: pass over numbers on which one of the phones has a carrier block (scope per number). */
  avoidCarrierBlocks?: boolean;
}

interface BindingRow {
  id: string;
  tenant_id: string;
  order_id: string;
  mode: BindingMode;
  status: BindingStatus;
  relay_number_id: string;
  relay_e164: string;
  extension: string | null;
  marketing_consent: boolean;
  expires_at: Date;
  window_cap_at: Date;
  ended_at: Date | null;
  purged_at: Date | null;
  created_at: Date;
  updated_at: Date;
  parties: { id: string; role: ParticipantRole; phoneMasked: string; lastContactAt: string | null; createdAt: string }[] | null;
  carrier_opt_out: boolean;
}

/**
 * The carrier's opt-out scope of a binding's relay number, as SQL: the Messaging Service SID (checked
 * by config against MG + hex, so safe as a literal) or the number itself.
 */
function carrierScopeSql(messagingServiceSid: string | null, relayColumn: string): string {
  return messagingServiceSid ? `'${messagingServiceSid}'` : relayColumn;
}

const viewSelect = (scope: string) => `
  SELECT b.id, b.tenant_id, b.order_id, b.mode, b.status, b.relay_number_id, n.e164 AS relay_e164, b.extension,
         b.marketing_consent, b.expires_at, b.window_cap_at, b.ended_at, b.purged_at, b.created_at, b.updated_at,
         (SELECT json_agg(json_build_object('id', p.id, 'role', p.role, 'phoneMasked', p.phone_masked,
                                            'lastContactAt', p.last_contact_at, 'createdAt', p.created_at)
                          ORDER BY p.created_at, p.id)
            FROM participant p WHERE p.binding_id = b.id AND p.removed_at IS NULL) AS parties,
         EXISTS (SELECT 1 FROM participant bp JOIN carrier_block cb ON cb.phone_hash = bp.phone_hash
                  WHERE bp.binding_id = b.id AND bp.role = 'buyer' AND cb.scope = ${scope}) AS carrier_opt_out
    FROM binding b JOIN relay_number n ON n.id = b.relay_number_id`;

/**
 * What a party's former-party hash is keyed on: X, or (X, E) in extension mode, where rule 4 is checked
 * only once E is known (`n` is the relay number, `b` the binding).
 */
const PAIR_KEY_SQL = `n.e164 || COALESCE(',' || b.extension, '')`;

/**
 * The SQL that carries the binding invariants: allocation, idempotent creation, ending. Uniqueness is
 * the database's job (constraints named in the migration); callers retry on the violations it raises.
 */
@Injectable()
export class BindingRepository {
  private readonly scope: string;
  private readonly viewSql: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: EventOutbox,
    config: AppConfig,
  ) {
    this.scope = carrierScopeSql(config.twilioMessagingServiceSid, 'n.e164');
    this.viewSql = viewSelect(this.scope);
  }

  async findView(
    id: string,
    tenantId: string | null,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<BindingView | null> {
    const rows = await queryRows<BindingRow>(
      manager,
      `${this.viewSql} WHERE b.id = $1 AND ($2::uuid IS NULL OR b.tenant_id = $2)`,
      [id, tenantId],
    );
    return rows[0] ? toView(rows[0]) : null;
  }

  /**
   * Whether an extension checkout for this buyer would find a number with room now: the pick of
   * `allocateAndInsert`, read afresh. Its pick refuses when the number it chose filled up while it waited
   * for the number's row lock, though another number may still have room.
   */
  async extensionRoom(callingCode: string, capacity: number, buyerHash: Buffer): Promise<boolean> {
    const rows = await queryRows<{ found: boolean }>(
      this.dataSource,
      `SELECT EXISTS (SELECT 1 FROM relay_number
                       WHERE pool = 'extension' AND status = 'available' AND calling_code = $1 AND extension_live < $2
                         AND id <> ALL (ARRAY(SELECT p.relay_number_id FROM participant p
                                               WHERE p.active AND p.phone_hash = $3::bytea AND NOT p.keyed_by_extension))) AS found`,
      [callingCode, capacity, buyerHash],
    );
    return rows[0]!.found;
  }

  /** Whether the pool of this mode has any number for the calling code, busy or not (retired ones aside). */
  async hasPool(mode: BindingMode, callingCode: string): Promise<boolean> {
    const rows = await queryRows<{ found: boolean }>(
      this.dataSource,
      `SELECT EXISTS (SELECT 1 FROM relay_number WHERE pool = $1 AND calling_code = $2 AND status <> 'retired') AS found`,
      [mode, callingCode],
    );
    return rows[0]!.found;
  }

  async findViewByOrder(tenantId: string, orderId: string): Promise<BindingView | null> {
    const rows = await queryRows<BindingRow>(this.dataSource, `${this.viewSql} WHERE b.tenant_id = $1 AND b.order_id = $2`, [
      tenantId,
      orderId,
    ]);
    return rows[0] ? toView(rows[0]) : null;
  }

  async findViews(ids: string[]): Promise<BindingView[]> {
    if (ids.length === 0) return [];
    const rows = await queryRows<BindingRow>(this.dataSource, `${this.viewSql} WHERE b.id = ANY($1::uuid[])`, [ids]);
    const byId = new Map(rows.map((row) => [row.id, toView(row)]));
    return ids.map((id) => byId.get(id)).filter((view): view is BindingView => view !== undefined);
  }

  /** Which of these E.164 numbers are relay numbers Veil holds (retired ones are no longer Veil's). */
  async relayNumbersAmong(e164s: string[]): Promise<string[]> {
    const rows = await queryRows<{ e164: string }>(
      this.dataSource,
      `SELECT e164 FROM relay_number WHERE e164 = ANY($1::text[]) AND status <> 'retired'`,
      [e164s],
    );
    return rows.map((r) => r.e164);
  }

  async buyerHash(bindingId: string): Promise<Buffer | null> {
    const rows = await queryRows<{ phone_hash: Buffer | null }>(
      this.dataSource,
      `SELECT phone_hash FROM participant WHERE binding_id = $1 AND role = 'buyer'`,
      [bindingId],
    );
    return rows[0]?.phone_hash ?? null;
  }

  /**
   * Checkout in one statement (one round trip, one commit): pick a relay number, insert the binding and
   * its parties, and answer the view. Returns null when the pool has no number that fits. Raises the
   * database's unique violations to the caller: `uq_binding_tenant_order` (the order exists),
   * `ux_participant_relay_phone_active` or `ux_binding_dedicated_active` (a concurrent checkout took the
   * number: try again, the next attempt sees it committed); in extension mode `ux_binding_extension_held`
   * (a concurrent checkout took the same (X, E)) or `ck_binding_extension` (none of the candidates was
   * free on X): try again with new candidates. Either way the statement, with its count on X, is undone.
   */
  async allocateAndInsert(input: NewBinding): Promise<BindingView | null> {
    // Dedicated: take the least recently released number, skipping rows another checkout holds.
    // Shared: first fit over a fixed order (creation, then number), the lowest number on which none of
    // these phones is active; keeps the pool in use near its lower bound, the most active bindings any
    // one phone has. KEY SHARE lets checkouts share the row while a retire (FOR UPDATE) excludes them.
    // Extension: the oldest number with room under the occupancy cap; its row lock (the count) orders the
    // checkouts on one number, and the count is checked again after the wait.
    const pick =
      input.mode === 'extension'
        ? `UPDATE relay_number SET extension_live = extension_live + 1, updated_at = $10
             WHERE id = (SELECT id FROM relay_number
                          WHERE pool = 'extension' AND status = 'available' AND calling_code = $1 AND extension_live < $13
                            -- The buyer is in the (X, phone) routing key: one active extension binding per X.
                            AND id <> ALL (ARRAY(SELECT p.relay_number_id FROM participant p
                                                  WHERE p.active AND p.phone_hash = ($12::bytea[])[1] AND NOT p.keyed_by_extension))
                          ORDER BY created_at, e164
                          LIMIT 1)
               AND status = 'available' AND extension_live < $13
             RETURNING id, e164`
        : input.mode === 'dedicated'
          ? `UPDATE relay_number SET status = 'in_use', updated_at = $10
             WHERE id = (SELECT id FROM relay_number
                          WHERE pool = 'dedicated' AND status = 'available' AND calling_code = $1
                          ORDER BY available_since, e164
                          LIMIT 1 FOR UPDATE SKIP LOCKED)
             RETURNING id, e164`
          : // The numbers these phones are on, read once (a few rows by ix_participant_phone_active), rather
            // than probed once per candidate; candidates come in first-fit order from ix_relay_number_shared_first_fit.
            `SELECT n.id, n.e164 FROM relay_number n
            WHERE n.pool = 'shared' AND n.status = 'available' AND n.calling_code = $1
              AND n.id <> ALL (ARRAY(SELECT p.relay_number_id FROM participant p
                                      WHERE p.active AND p.phone_hash = ANY($12::bytea[])))
              ${
                input.avoidCarrierBlocks
                  ? `AND n.e164 <> ALL (ARRAY(SELECT cb.scope FROM carrier_block cb WHERE cb.phone_hash = ANY($12::bytea[])))`
                  : ''
              }
            ORDER BY n.created_at, n.e164
            LIMIT 1
            FOR KEY SHARE OF n`;
    // The first candidate no live or quarantined binding on X holds; none: NULL, which ck_binding_extension refuses.
    const extension =
      input.mode === 'extension'
        ? `(SELECT u.e FROM unnest($14::text[]) WITH ORDINALITY AS u(e, i)
             WHERE NOT EXISTS (SELECT 1 FROM binding x WHERE x.relay_number_id = n.id AND x.extension = u.e AND x.extension_held)
             ORDER BY u.i LIMIT 1), true`
        : 'NULL, false';
    const rows = await queryRows<BindingRow>(
      this.dataSource,
      `WITH n AS (${pick})
       , hook AS (
         SELECT 1 FROM tenant_webhook WHERE tenant_id = $2 AND (events IS NULL OR 'binding.created' = ANY(events)))
       , b AS (
         INSERT INTO binding (tenant_id, order_id, mode, status, relay_number_id, marketing_consent, expires_at, window_cap_at,
                              created_at, updated_at, event_seq, extension, extension_held)
         SELECT $2, $3, $4, 'active', n.id, $5, $6, $7, $10, $10, (SELECT count(*) FROM hook), ${extension} FROM n
         RETURNING *)
       , p AS (
         INSERT INTO participant (binding_id, relay_number_id, role, phone_hash, phone_enc, pair_hash, phone_masked, active, created_at,
                                  keyed_by_extension)
         SELECT b.id, n.id, u.role, u.phone_hash, u.phone_enc, ${pairHashSql(PAIR_KEY_SQL, 'u.phone_hash')}, u.phone_masked, true, $10,
                b.mode = 'extension' AND u.role <> 'buyer'
           FROM b, n, unnest($11::text[], $12::bytea[], $8::text[], $9::text[]) AS u(role, phone_hash, phone_enc, phone_masked)
         RETURNING id, role, phone_masked, created_at)
       -- binding.created, in the checkout's own statement; its sequence number (1) was set on the insert.
       , ev AS (
         INSERT INTO event_outbox (tenant_id, binding_id, order_id, type, seq, payload, created_at, due_at)
         SELECT b.tenant_id, b.id, b.order_id, 'binding.created', 1,
                jsonb_build_object('mode', b.mode, 'relayNumber', n.e164, 'extension', b.extension, 'expiresAt', ${isoSql('b.expires_at')}, 'maxExpiresAt', ${isoSql('b.window_cap_at')},
                  'marketingConsent', b.marketing_consent,
                  'buyerPhoneMasked', (SELECT phone_masked FROM p WHERE role = 'buyer'),
                  'counterparts', COALESCE((SELECT jsonb_agg(jsonb_build_object('id', id, 'role', role, 'phoneMasked', phone_masked))
                                              FROM p WHERE role <> 'buyer'), '[]'::jsonb)),
                $10, $10
           FROM b, n WHERE b.event_seq = 1)
       SELECT b.id, b.tenant_id, b.order_id, b.mode, b.status, b.relay_number_id, n.e164 AS relay_e164, b.extension,
              b.marketing_consent, b.expires_at, b.window_cap_at, b.ended_at, b.purged_at, b.created_at, b.updated_at,
              (SELECT json_agg(json_build_object('id', p.id, 'role', p.role, 'phoneMasked', p.phone_masked,
                                                 'lastContactAt', NULL, 'createdAt', p.created_at)) FROM p) AS parties,
              EXISTS (SELECT 1 FROM carrier_block cb
                       WHERE cb.scope = ${this.scope} AND cb.phone_hash = ($12::bytea[])[array_position($11::text[], 'buyer')])
                AS carrier_opt_out
         FROM b, n`,
      [
        input.callingCode,
        input.tenantId,
        input.orderId,
        input.mode,
        input.marketingConsent,
        input.expiresAt,
        input.windowCapAt,
        input.parties.map((p) => p.phone.encrypted),
        input.parties.map((p) => p.phone.masked),
        input.now,
        input.parties.map((p) => p.role),
        input.parties.map((p) => p.phone.hash),
        ...(input.extension ? [input.extension.capacity, input.extension.candidates] : []),
      ],
    );
    return rows[0] ? toView(rows[0]) : null;
  }

  /**
   * Names a counterpart. A phone that is already this binding's own `caller` (it called the dedicated
   * number first) is promoted to the named role on the same row; any other phone active on the number
   * raises `ux_participant_relay_phone_active`. Answers whether a caller was promoted.
   */
  async addCounterpart(
    bindingId: string,
    role: CounterpartRole,
    phone: SealedPhone,
    now: Date,
    tx: EntityManager,
  ): Promise<{ promoted: boolean }> {
    const [row] = await queryRows<{ promoted: boolean }>(
      tx,
      `WITH promoted AS (
         UPDATE participant SET role = $2
          WHERE binding_id = $1 AND phone_hash = $3::bytea AND role = 'caller' AND active AND removed_at IS NULL
          RETURNING id)
       , added AS (
         INSERT INTO participant (binding_id, relay_number_id, role, phone_hash, phone_enc, pair_hash, phone_masked, active, created_at,
                                  keyed_by_extension)
         SELECT b.id, n.id, $2, $3::bytea, $4, ${pairHashSql(PAIR_KEY_SQL, '$3::bytea')}, $5, true, $6, b.mode = 'extension'
           FROM binding b JOIN relay_number n ON n.id = b.relay_number_id
          WHERE b.id = $1 AND NOT EXISTS (SELECT 1 FROM promoted)
          RETURNING id)
       SELECT EXISTS (SELECT 1 FROM promoted) AS promoted`,
      [bindingId, role, phone.hash, phone.encrypted, phone.masked, now],
    );
    return { promoted: row?.promoted ?? false };
  }

  /** Removes a counterpart; routing keeps recognising them on this number as a former party. */
  async removeCounterpart(
    bindingId: string,
    counterpartId: string,
    now: Date,
    forgetAfter: Date,
    tx: EntityManager,
  ): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(
      tx,
      `WITH removed AS (
         UPDATE participant SET active = false, removed_at = $3
          WHERE id = $2 AND binding_id = $1 AND role <> 'buyer' AND removed_at IS NULL
          RETURNING id, pair_hash)
       , kept AS (
         INSERT INTO former_party (pair_hash, forget_after)
         SELECT pair_hash, $4 FROM removed WHERE pair_hash IS NOT NULL
         ON CONFLICT (pair_hash) DO UPDATE SET forget_after = GREATEST(former_party.forget_after, EXCLUDED.forget_after))
       SELECT id FROM removed`,
      [bindingId, counterpartId, now, forgetAfter],
    );
    return rows.length > 0;
  }

  /** Ends the given active bindings (a client's close) in one statement: see endBindingsSql. */
  async endBindings(
    tx: EntityManager,
    ids: string[],
    status: Exclude<BindingStatus, 'active'>,
    now: Date,
    quarantineDays: number,
    formerPartyDays: number,
  ): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await queryRows<{ id: string }>(tx, endBindingsSql('SELECT unnest($1::uuid[])'), [
      ids,
      status,
      now,
      quarantineDays,
      formerPartyDays,
    ]);
    const ended = rows.map((r) => r.id);
    await this.appendEnded(tx, ended, status === 'closed' ? 'binding.closed' : 'binding.expired', now);
    return ended;
  }

  /** The event of bindings just ended, in the transaction that ended them. */
  private async appendEnded(tx: EntityManager, ids: string[], type: EventType, now: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.outbox.appendSelected(
      tx,
      `SELECT tenant_id, id AS binding_id, $2::text AS type,
              jsonb_build_object('status', status, 'endedAt', ${isoSql('ended_at')}, 'expiresAt', ${isoSql('expires_at')}) AS data,
              $3::timestamptz AS at, 1 AS ord
         FROM binding WHERE id = ANY($1::uuid[])`,
      [ids, type, now],
    );
  }

  /**
   * One sweeper batch, one statement: claims up to `limit` bindings past `expiresAt` (within `scope`),
   * skipping rows another instance is ending, and ends them.
   */
  async expireDue(
    now: Date,
    limit: number,
    quarantineDays: number,
    formerPartyDays: number,
    scope: BatchScope,
  ): Promise<string[]> {
    // A batch lost in a crash leaves its bindings due, and the next sweep ends them again with the same
    // end time (routing already refuses them by `expiresAt`).
    return unflushedTransaction(this.dataSource, async (tx) => {
      const rows = await queryRows<{ id: string }>(
        tx,
        endBindingsSql(
          `SELECT id FROM binding WHERE status = 'active' AND expires_at <= $3 AND ${scopeSql('id', 6)}
            ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        ),
        [limit, 'expired', now, quarantineDays, formerPartyDays, scope.exclude, scope.only],
      );
      const ids = rows.map((r) => r.id);
      await this.appendEnded(tx, ids, 'binding.expired', now);
      return ids;
    });
  }
}

/**
 * Ends the active bindings `ids` selects ($1 is its own; $2 the new status, $3 now, $4 quarantine days,
 * $5 former-party days) in one statement. A binding ends at its expiry or now, whichever came first;
 * from then the parties stop being routable, their (number, phone) hashes are kept as former parties for
 * FORMER_PARTY_DAYS from the end, and dedicated numbers rest in quarantine; an extension binding's pair
 * (X, E) rests instead (held until `extension_free_at`) and X counts one live binding fewer. Answers the
 * ids it ended.
 */
function endBindingsSql(ids: string): string {
  return `
    WITH ended AS (
      UPDATE binding SET status = $2, ended_at = LEAST(expires_at, $3), updated_at = $3,
             extension_free_at = CASE WHEN extension_held THEN LEAST(expires_at, $3) + make_interval(days => $4::int) END
       WHERE id IN (${ids}) AND status = 'active'
       RETURNING id, relay_number_id, mode, ended_at)
    , parties AS (
      UPDATE participant p SET active = false
        FROM ended e WHERE p.binding_id = e.id AND p.active
       RETURNING p.pair_hash, e.ended_at)
    , kept AS (
      INSERT INTO former_party (pair_hash, forget_after)
      SELECT pair_hash, max(ended_at) + make_interval(days => $5::int) FROM parties
       WHERE pair_hash IS NOT NULL GROUP BY pair_hash
      ON CONFLICT (pair_hash) DO UPDATE SET forget_after = GREATEST(former_party.forget_after, EXCLUDED.forget_after))
    , rested AS (
      UPDATE relay_number n SET status = 'quarantined', quarantine_until = e.ended_at + make_interval(days => $4::int), updated_at = $3
        FROM ended e WHERE n.id = e.relay_number_id AND e.mode = 'dedicated' AND n.status = 'in_use')
    , freed AS (
      UPDATE relay_number n SET extension_live = n.extension_live - e.count, updated_at = $3
        FROM (SELECT relay_number_id, count(*)::int AS count FROM ended WHERE mode = 'extension' GROUP BY relay_number_id) e
       WHERE n.id = e.relay_number_id)
    SELECT id FROM ended`;
}

function toView(row: BindingRow): BindingView {
  const parties = (row.parties ?? []).map((p) => ({
    id: p.id,
    role: p.role,
    phoneMasked: p.phoneMasked,
    lastContactAt: p.lastContactAt ? new Date(p.lastContactAt) : null,
    createdAt: new Date(p.createdAt),
  }));
  return {
    id: row.id,
    tenantId: row.tenant_id,
    orderId: row.order_id,
    mode: row.mode,
    status: row.status,
    relayNumberId: row.relay_number_id,
    relayNumber: row.relay_e164,
    extension: row.extension,
    marketingConsent: row.marketing_consent,
    expiresAt: row.expires_at,
    windowCapAt: row.window_cap_at,
    endedAt: row.ended_at,
    purgedAt: row.purged_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    buyer: parties.find((p) => p.role === 'buyer')!,
    counterparts: parties.filter((p) => p.role !== 'buyer'),
    carrierOptOut: row.carrier_opt_out,
  };
}
