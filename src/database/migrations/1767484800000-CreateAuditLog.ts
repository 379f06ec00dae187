import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every admin action that changes something, with when and what changed. */
export class CreateAuditLog1767484800000 implements MigrationInterface {
  name = 'CreateAuditLog1767484800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_log (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        at timestamptz NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        target_type text NOT NULL,
        target_id text,
        details jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX ix_audit_log_at ON audit_log (at DESC)`);
    // The overview's hourly history and per-day counts read bindings by creation time.
    await q.query(`CREATE INDEX ix_binding_created ON binding (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_binding_created`);
    await q.query(`DROP TABLE audit_log`);
  }
}
