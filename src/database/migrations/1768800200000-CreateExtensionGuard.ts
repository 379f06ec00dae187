import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Extension mode: guessing bounds, in PostgreSQL so that they hold across instances. A caller is keyed
 * by the keyed hash of their number (every extension number), a withheld caller by the keyed hash of
 * (number, "withheld") (one withheld enumerator must not lock out every withheld courier everywhere).
 * `extension_miss`: wrong or ended extensions entered; three in ten minutes write an
 * `extension_lockout` for an hour. `extension_reach`: the distinct extensions a caller reached on one
 * number in one day. No number is stored; the sweeper deletes rows after a day.
 */
export class CreateExtensionGuard1768800200000 implements MigrationInterface {
  name = 'CreateExtensionGuard1768800200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE extension_miss (caller_key bytea NOT NULL, at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX ix_extension_miss_caller ON extension_miss (caller_key, at)`);
    await q.query(`CREATE INDEX ix_extension_miss_at ON extension_miss (at)`);
    await q.query(`CREATE TABLE extension_lockout (caller_key bytea PRIMARY KEY, until timestamptz NOT NULL)`);
    await q.query(`
      CREATE TABLE extension_reach (
        caller_key bytea NOT NULL,
        relay_number_id uuid NOT NULL,
        day date NOT NULL,
        extension text NOT NULL,
        CONSTRAINT pk_extension_reach PRIMARY KEY (caller_key, relay_number_id, day, extension)
      )`);
    await q.query(`CREATE INDEX ix_extension_reach_day ON extension_reach (day)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE extension_reach`);
    await q.query(`DROP TABLE extension_lockout`);
    await q.query(`DROP TABLE extension_miss`);
  }
}
