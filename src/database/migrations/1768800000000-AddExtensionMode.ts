import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Extension mode: one relay number X from the `extension` pool serves many bindings, each keyed by an
 * extension E. `binding.extension_held` marks the pair (X, E) as taken while the binding is active and
 * through its quarantine (`extension_free_at`); a partial unique index lets the database decide which
 * concurrent checkout gets a pair. `relay_number.extension_live` counts the active bindings on X so that
 * a checkout can bound them (EXTENSION_OCCUPANCY) under the row lock of X. Counterparts of extension
 * bindings are keyed by (X, E, phone), not (X, phone): a courier may carry many orders on one X, so they
 * leave the (X, phone) routing key; the buyer stays in it, so one buyer holds at most one active
 * extension binding per X.
 */
export class AddExtensionMode1768800000000 implements MigrationInterface {
  name = 'AddExtensionMode1768800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE relay_number DROP CONSTRAINT ck_relay_number_pool`);
    await q.query(
      `ALTER TABLE relay_number ADD CONSTRAINT ck_relay_number_pool CHECK (pool IN ('dedicated', 'shared', 'extension'))`,
    );
    await q.query(`ALTER TABLE relay_number ADD COLUMN extension_live integer NOT NULL DEFAULT 0`);
    await q.query(`
      ALTER TABLE relay_number ADD CONSTRAINT ck_relay_number_extension_live
        CHECK (extension_live >= 0 AND (extension_live = 0 OR pool = 'extension'))`);
    // The extension pick: fill the oldest number first, so the pool in use stays near live orders / capacity.
    await q.query(`
      CREATE INDEX ix_relay_number_extension_pick ON relay_number (calling_code, created_at, e164)
      WHERE status = 'available' AND pool = 'extension'`);

    await q.query(`ALTER TABLE binding DROP CONSTRAINT ck_binding_mode`);
    await q.query(`ALTER TABLE binding ADD CONSTRAINT ck_binding_mode CHECK (mode IN ('dedicated', 'shared', 'extension'))`);
    await q.query(`ALTER TABLE binding ADD COLUMN extension text`);
    await q.query(`ALTER TABLE binding ADD COLUMN extension_held boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE binding ADD COLUMN extension_free_at timestamptz`);
    // A checkout that found no free extension inserts a NULL one and fails here, undoing its count on X.
    await q.query(`
      ALTER TABLE binding ADD CONSTRAINT ck_binding_extension
        CHECK ((mode = 'extension') = (extension IS NOT NULL) AND (extension IS NULL OR extension ~ '^[0-9]{4,6}$'))`);
    await q.query(`
      ALTER TABLE binding ADD CONSTRAINT ck_binding_extension_held
        CHECK ((NOT extension_held OR extension IS NOT NULL) AND (mode <> 'extension' OR status <> 'active' OR extension_held))`);
    // (X, E) names one binding among the live and quarantined ones on X, whatever the application does.
    await q.query(`CREATE UNIQUE INDEX ux_binding_extension_held ON binding (relay_number_id, extension) WHERE extension_held`);
    await q.query(
      `CREATE INDEX ix_binding_extension_free ON binding (extension_free_at) WHERE extension_held AND status <> 'active'`,
    );

    await q.query(`ALTER TABLE participant ADD COLUMN keyed_by_extension boolean NOT NULL DEFAULT false`);
    await q.query(`DROP INDEX ux_participant_relay_phone_active`);
    await q.query(`
      CREATE UNIQUE INDEX ux_participant_relay_phone_active ON participant (relay_number_id, phone_hash)
      WHERE active AND NOT keyed_by_extension`);
    // Within one extension binding a phone still appears once.
    await q.query(`
      CREATE UNIQUE INDEX ux_participant_binding_phone_active ON participant (binding_id, phone_hash)
      WHERE active AND keyed_by_extension`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ux_participant_binding_phone_active`);
    await q.query(`DROP INDEX ux_participant_relay_phone_active`);
    await q.query(
      `CREATE UNIQUE INDEX ux_participant_relay_phone_active ON participant (relay_number_id, phone_hash) WHERE active`,
    );
    await q.query(`ALTER TABLE participant DROP COLUMN keyed_by_extension`);
    await q.query(`DROP INDEX ix_binding_extension_free`);
    await q.query(`DROP INDEX ux_binding_extension_held`);
    await q.query(`ALTER TABLE binding DROP CONSTRAINT ck_binding_extension_held`);
    await q.query(`ALTER TABLE binding DROP CONSTRAINT ck_binding_extension`);
    await q.query(`ALTER TABLE binding DROP COLUMN extension_free_at`);
    await q.query(`ALTER TABLE binding DROP COLUMN extension_held`);
    await q.query(`ALTER TABLE binding DROP COLUMN extension`);
    await q.query(`ALTER TABLE binding DROP CONSTRAINT ck_binding_mode`);
    // Fails while extension bindings exist: down() never turns them into bindings of another mode.
    await q.query(`ALTER TABLE binding ADD CONSTRAINT ck_binding_mode CHECK (mode IN ('dedicated', 'shared'))`);
    await q.query(`DROP INDEX ix_relay_number_extension_pick`);
    await q.query(`ALTER TABLE relay_number DROP CONSTRAINT ck_relay_number_extension_live`);
    await q.query(`ALTER TABLE relay_number DROP COLUMN extension_live`);
    // Fails while extension numbers exist: retire and delete them first.
    await q.query(`ALTER TABLE relay_number DROP CONSTRAINT ck_relay_number_pool`);
    await q.query(`ALTER TABLE relay_number ADD CONSTRAINT ck_relay_number_pool CHECK (pool IN ('dedicated', 'shared'))`);
  }
}
