import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Opt-outs per counterpart, the per-(sender, relay number) text counter, and the reminder mark. */
export class AddBuyerProtection1767398400000 implements MigrationInterface {
  name = 'AddBuyerProtection1767398400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE participant ADD COLUMN opted_out_at timestamptz`);
    await q.query(`ALTER TABLE participant ADD COLUMN last_text_at timestamptz`);
    // A fixed hourly window per participant; one atomic UPDATE counts and decides.
    await q.query(`ALTER TABLE participant ADD COLUMN sms_window_started_at timestamptz`);
    await q.query(`ALTER TABLE participant ADD COLUMN sms_window_count integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE binding ADD COLUMN reminder_sent_at timestamptz`);
    await q.query(`
      CREATE INDEX ix_binding_reminder_due ON binding (expires_at)
      WHERE status = 'active' AND reminder_sent_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_binding_reminder_due`);
    await q.query(`ALTER TABLE binding DROP COLUMN reminder_sent_at`);
    await q.query(`ALTER TABLE participant DROP COLUMN sms_window_count`);
    await q.query(`ALTER TABLE participant DROP COLUMN sms_window_started_at`);
    await q.query(`ALTER TABLE participant DROP COLUMN last_text_at`);
    await q.query(`ALTER TABLE participant DROP COLUMN opted_out_at`);
  }
}
