import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The carrier keeps its own copy of every call and text (real numbers in them, media for MMS). When
 * Veil purges a binding it deletes those too: each carrier record to delete is a row here, worked off
 * with retries. `forward_sid` keeps the id of the text Twilio sent when it forwarded one (known from
 * its delivery callback), which holds the buyer's number and would otherwise stay at the carrier.
 */
export class CreateCarrierErasure1768300400000 implements MigrationInterface {
  name = 'CreateCarrierErasure1768300400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE message_record ADD COLUMN forward_sid text`);
    await q.query(`ALTER TABLE binding ADD COLUMN carrier_erasure_queued_at timestamptz`);
    await q.query(`
      CREATE INDEX ix_binding_carrier_erasure_due ON binding (purged_at)
      WHERE purged_at IS NOT NULL AND carrier_erasure_queued_at IS NULL`);
    await q.query(`
      CREATE TABLE carrier_erasure (
        provider_sid text PRIMARY KEY,
        -- No foreign key: the binding may be deleted (RECORD_RETENTION_DAYS) before the carrier answers.
        binding_id uuid NOT NULL,
        kind text NOT NULL,
        state text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        last_error text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT ck_carrier_erasure_kind CHECK (kind IN ('call', 'message')),
        CONSTRAINT ck_carrier_erasure_state CHECK (state IN ('pending', 'done', 'refused', 'failed'))
      )`);
    await q.query(`CREATE INDEX ix_carrier_erasure_due ON carrier_erasure (next_attempt_at) WHERE state = 'pending'`);
    await q.query(`CREATE INDEX ix_carrier_erasure_binding ON carrier_erasure (binding_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE carrier_erasure`);
    await q.query(`DROP INDEX ix_binding_carrier_erasure_due`);
    await q.query(`ALTER TABLE binding DROP COLUMN carrier_erasure_queued_at`);
    await q.query(`ALTER TABLE message_record DROP COLUMN forward_sid`);
  }
}
