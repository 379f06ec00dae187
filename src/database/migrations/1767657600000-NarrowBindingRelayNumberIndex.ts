import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every reader of `ix_binding_relay_number` asks for a number's active bindings, yet it held an entry for
 * every binding ever, and ending a binding (a status change, never HOT) and purging it each added one
 * more. Active bindings only: ended and purged rows write one index entry fewer, and the index stays small.
 * Relay numbers are retired, never deleted, so the foreign key's checks do not need it.
 */
export class NarrowBindingRelayNumberIndex1767657600000 implements MigrationInterface {
  name = 'NarrowBindingRelayNumberIndex1767657600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_binding_relay_number`);
    await q.query(`CREATE INDEX ix_binding_relay_number ON binding (relay_number_id) WHERE status = 'active'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_binding_relay_number`);
    await q.query(`CREATE INDEX ix_binding_relay_number ON binding (relay_number_id)`);
  }
}
