import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ended bindings are deleted RECORD_RETENTION_DAYS after their end, purged or not (ix_binding_purge
 * covers only the unpurged ones), so the sweeper finds them by `ended_at` without a scan.
 */
export class AddBindingEndedIndex1768000000000 implements MigrationInterface {
  name = 'AddBindingEndedIndex1768000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_binding_ended ON binding (ended_at) WHERE status <> 'active'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_binding_ended`);
  }
}
