import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tenants, the relay number pool, bindings with their parties, and the kept hashes of former parties. */
export class CreateCoreSchema1767225600000 implements MigrationInterface {
  name = 'CreateCoreSchema1767225600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tenant (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        api_key_hash bytea NOT NULL,
        api_key_prefix text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_tenant_api_key_hash UNIQUE (api_key_hash),
        CONSTRAINT ck_tenant_name CHECK (length(name) BETWEEN 1 AND 100)
      )`);

    await q.query(`
      CREATE TABLE relay_number (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        e164 text NOT NULL,
        calling_code text NOT NULL,
        country text NOT NULL,
        area_code text,
        pool text NOT NULL,
        status text NOT NULL DEFAULT 'available',
        capabilities text[] NOT NULL DEFAULT '{voice,sms}',
        provider text NOT NULL,
        provider_sid text,
        quarantine_until timestamptz,
        available_since timestamptz NOT NULL DEFAULT now(),
        retired_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_relay_number_e164 UNIQUE (e164),
        CONSTRAINT ck_relay_number_pool CHECK (pool IN ('dedicated', 'shared')),
        CONSTRAINT ck_relay_number_status CHECK (status IN ('available', 'in_use', 'quarantined', 'retired')),
        CONSTRAINT ck_relay_number_in_use_dedicated CHECK (status <> 'in_use' OR pool = 'dedicated'),
        CONSTRAINT ck_relay_number_quarantine CHECK ((status = 'quarantined') = (quarantine_until IS NOT NULL))
      )`);
    // Allocation scans available numbers of one pool and calling code, least recently used first.
    await q.query(`
      CREATE INDEX ix_relay_number_allocation ON relay_number (pool, calling_code, available_since, e164)
      WHERE status = 'available'`);
    await q.query(`CREATE INDEX ix_relay_number_quarantine ON relay_number (quarantine_until) WHERE status = 'quarantined'`);

    await q.query(`
      CREATE TABLE binding (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant (id),
        order_id text NOT NULL,
        mode text NOT NULL,
        status text NOT NULL DEFAULT 'active',
        relay_number_id uuid NOT NULL REFERENCES relay_number (id),
        marketing_consent boolean NOT NULL DEFAULT false,
        expires_at timestamptz NOT NULL,
        window_cap_at timestamptz NOT NULL,
        ended_at timestamptz,
        purged_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_binding_tenant_order UNIQUE (tenant_id, order_id),
        CONSTRAINT ck_binding_mode CHECK (mode IN ('dedicated', 'shared')),
        CONSTRAINT ck_binding_status CHECK (status IN ('active', 'expired', 'closed')),
        CONSTRAINT ck_binding_ended CHECK ((status = 'active') = (ended_at IS NULL)),
        CONSTRAINT ck_binding_window CHECK (expires_at <= window_cap_at)
      )`);
    // At most one active binding per dedicated number, whatever the application does.
    await q.query(`
      CREATE UNIQUE INDEX ux_binding_dedicated_active ON binding (relay_number_id)
      WHERE status = 'active' AND mode = 'dedicated'`);
    await q.query(`CREATE INDEX ix_binding_active_expires ON binding (expires_at) WHERE status = 'active'`);
    await q.query(`CREATE INDEX ix_binding_purge ON binding (ended_at) WHERE status <> 'active' AND purged_at IS NULL`);
    await q.query(`CREATE INDEX ix_binding_relay_number ON binding (relay_number_id)`);

    await q.query(`
      CREATE TABLE participant (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        binding_id uuid NOT NULL REFERENCES binding (id) ON DELETE CASCADE,
        relay_number_id uuid NOT NULL REFERENCES relay_number (id),
        role text NOT NULL,
        phone_hash bytea,
        phone_enc text,
        phone_masked text NOT NULL,
        -- Keyed hash of (relay number, phone): kept in former_party after the binding ends.
        pair_hash bytea,
        active boolean NOT NULL DEFAULT true,
        last_contact_at timestamptz,
        removed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_participant_role CHECK (role IN ('buyer', 'merchant', 'courier', 'caller')),
        CONSTRAINT ck_participant_active_has_phone CHECK (NOT active OR (phone_hash IS NOT NULL AND phone_enc IS NOT NULL AND pair_hash IS NOT NULL))
      )`);
    // The routing key: no phone appears twice among the active bindings on one relay number.
    await q.query(`
      CREATE UNIQUE INDEX ux_participant_relay_phone_active ON participant (relay_number_id, phone_hash)
      WHERE active`);
    await q.query(`CREATE INDEX ix_participant_binding ON participant (binding_id)`);

    await q.query(`
      CREATE TABLE former_party (
        pair_hash bytea PRIMARY KEY,
        forget_after timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX ix_former_party_forget_after ON former_party (forget_after)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE former_party`);
    await q.query(`DROP TABLE participant`);
    await q.query(`DROP TABLE binding`);
    await q.query(`DROP TABLE relay_number`);
    await q.query(`DROP TABLE tenant`);
  }
}
