import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Indexes for the shared checkout's first-fit pick, which otherwise scans all participants ever and sorts the pool. */
export class AddSharedPickIndexes1767571200000 implements MigrationInterface {
  name = 'AddSharedPickIndexes1767571200000';

  async up(q: QueryRunner): Promise<void> {
    // The numbers on which the checkout's phones are active now: a few rows, whatever the history.
    await q.query(`CREATE INDEX ix_participant_phone_active ON participant (phone_hash, relay_number_id) WHERE active`);
    // Available shared numbers already in first-fit order (creation, then number): the pick stops at the first fit.
    await q.query(`
      CREATE INDEX ix_relay_number_shared_first_fit ON relay_number (calling_code, created_at, e164)
      WHERE status = 'available' AND pool = 'shared'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_relay_number_shared_first_fit`);
    await q.query(`DROP INDEX ix_participant_phone_active`);
  }
}
