import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The carrier's own opt-outs, mirrored: after a STOP word (or a 21610 on a send) Twilio refuses every
 * text from the scope (the Messaging Service, or the relay number when there is none) to that phone.
 * Keyed hashes only, no number: a block outlives the bindings it was seen on, as the carrier's does.
 */
export class CreateCarrierBlock1768300200000 implements MigrationInterface {
  name = 'CreateCarrierBlock1768300200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE carrier_block (
        -- A Messaging Service SID (MG…) or a relay number (E.164): Veil's, never a person's.
        scope text NOT NULL,
        phone_hash bytea NOT NULL,
        source text NOT NULL,
        blocked_at timestamptz NOT NULL,
        CONSTRAINT pk_carrier_block PRIMARY KEY (scope, phone_hash),
        CONSTRAINT ck_carrier_block_source CHECK (source IN ('keyword', 'send_error'))
      )`);
    // Checkout asks which scopes a phone is blocked in.
    await q.query(`CREATE INDEX ix_carrier_block_phone ON carrier_block (phone_hash)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE carrier_block`);
  }
}
