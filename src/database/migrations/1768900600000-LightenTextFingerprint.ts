import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every text forwarded from a counterpart to a buyer writes its eight campaign bands to
 * text_fingerprint inside the routing statement, so each index and check on the table is paid eight
 * times per text. The foreign key to binding ran a trigger and locked the binding row for each band:
 * the sweeper now deletes a binding's fingerprints with the binding (lifecycle `deleteEnded`), and a
 * fingerprint outlives nothing (CAMPAIGN_WINDOW_DAYS). Bands arrive in time order: a BRIN index serves
 * the sweeper's "older than the window" at almost no insert cost.
 */
export class LightenTextFingerprint1768900600000 implements MigrationInterface {
  name = 'LightenTextFingerprint1768900600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE text_fingerprint DROP CONSTRAINT text_fingerprint_binding_id_fkey`);
    await q.query(`DROP INDEX ix_text_fingerprint_seen`);
    await q.query(`CREATE INDEX ix_text_fingerprint_seen ON text_fingerprint USING brin (seen_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_text_fingerprint_seen`);
    await q.query(`CREATE INDEX ix_text_fingerprint_seen ON text_fingerprint (seen_at)`);
    await q.query(`DELETE FROM text_fingerprint f WHERE NOT EXISTS (SELECT 1 FROM binding b WHERE b.id = f.binding_id)`);
    await q.query(
      `ALTER TABLE text_fingerprint ADD CONSTRAINT text_fingerprint_binding_id_fkey
         FOREIGN KEY (binding_id) REFERENCES binding (id) ON DELETE CASCADE`,
    );
  }
}
