import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Extension mode: a text to an extension number that names no extension gets one hint per sender per
 * day. `extension_hint` remembers who got today's, by the keyed hash of (number, sender): no number is
 * stored, and rows older than a day are deleted by the statement that adds one.
 */
export class CreateExtensionHint1768800100000 implements MigrationInterface {
  name = 'CreateExtensionHint1768800100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE extension_hint (
        pair_hash bytea NOT NULL,
        day date NOT NULL,
        CONSTRAINT pk_extension_hint PRIMARY KEY (pair_hash, day)
      )`);
    await q.query(`CREATE INDEX ix_extension_hint_day ON extension_hint (day)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE extension_hint`);
  }
}
