import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When the carrier confirmed a retired number released. A retired number without it is still billed at
 * the carrier (the release failed): `npm run numbers:sync` retries it. Numbers retired before this
 * column existed were released then, so they count as released.
 */
export class AddCarrierReleasedAt1768300300000 implements MigrationInterface {
  name = 'AddCarrierReleasedAt1768300300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE relay_number ADD COLUMN carrier_released_at timestamptz`);
    await q.query(`UPDATE relay_number SET carrier_released_at = retired_at WHERE status = 'retired'`);
    await q.query(`
      CREATE INDEX ix_relay_number_unreleased ON relay_number (retired_at)
      WHERE status = 'retired' AND carrier_released_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_relay_number_unreleased`);
    await q.query(`ALTER TABLE relay_number DROP COLUMN carrier_released_at`);
  }
}
