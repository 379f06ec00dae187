import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per binding whose reminder has been attempted: the attempt is written (and committed) before
 * the carrier is called, so a crash between sending and marking leaves a `sending` row that is settled
 * by looking the message up at the carrier, never by sending again. No lock on the binding is involved.
 */
export class CreateReminder1768300100000 implements MigrationInterface {
  name = 'CreateReminder1768300100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reminder (
        binding_id uuid PRIMARY KEY REFERENCES binding (id) ON DELETE CASCADE,
        state text NOT NULL,
        attempts integer NOT NULL,
        attempt_at timestamptz NOT NULL,
        -- While sending: until when the attempt belongs to the instance that claimed it.
        lease_until timestamptz,
        -- While waiting to retry: when.
        next_attempt_at timestamptz,
        -- SHA-256 of the text, written before it goes out: how the carrier's log is searched for it.
        body_hash bytea,
        provider_sid text,
        error_code integer,
        updated_at timestamptz NOT NULL,
        CONSTRAINT ck_reminder_state CHECK (state IN ('sending', 'retry', 'sent', 'failed')),
        CONSTRAINT ck_reminder_sending_lease CHECK ((state = 'sending') = (lease_until IS NOT NULL)),
        CONSTRAINT ck_reminder_retry_at CHECK ((state = 'retry') = (next_attempt_at IS NOT NULL)),
        CONSTRAINT ck_reminder_attempts CHECK (attempts >= 1)
      )`);
    await q.query(`CREATE INDEX ix_reminder_sending ON reminder (lease_until) WHERE state = 'sending'`);
    await q.query(`CREATE INDEX ix_reminder_retry ON reminder (next_attempt_at) WHERE state = 'retry'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reminder`);
  }
}
