import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Campaign detection and buyer reports. `text_fingerprint` holds, for a few days, one row per band of
 * each text forwarded from a counterpart to a buyer: keyed hashes only (the sender's and the buyer's
 * phone hashes, the band's HMAC), never a body. `buyer_report` is a buyer's SPAM/举报 against the last
 * text forwarded to them, with that text's bands, so later copies to other buyers can be matched; it
 * goes with its binding (RECORD_RETENTION_DAYS after the end), like the binding's records.
 */
export class CreateCampaignTracking1768600000000 implements MigrationInterface {
  name = 'CreateCampaignTracking1768600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE text_fingerprint (
        text_id uuid NOT NULL,
        band bigint NOT NULL,
        sender_hash bytea NOT NULL,
        buyer_hash bytea NOT NULL,
        binding_id uuid NOT NULL REFERENCES binding (id) ON DELETE CASCADE,
        promotional boolean NOT NULL,
        seen_at timestamptz NOT NULL,
        CONSTRAINT pk_text_fingerprint PRIMARY KEY (text_id, band)
      )`);
    // The campaign count: copies of one band from one sender, recent ones.
    await q.query(`CREATE INDEX ix_text_fingerprint_sender_band ON text_fingerprint (sender_hash, band, seen_at)`);
    // A report finds the last text forwarded on its binding; the retention sweep deletes by age.
    await q.query(`CREATE INDEX ix_text_fingerprint_binding ON text_fingerprint (binding_id, seen_at)`);
    await q.query(`CREATE INDEX ix_text_fingerprint_seen ON text_fingerprint (seen_at)`);
    await q.query(`
      CREATE TABLE buyer_report (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        binding_id uuid NOT NULL REFERENCES binding (id) ON DELETE CASCADE,
        sender_participant_id uuid REFERENCES participant (id) ON DELETE SET NULL,
        sender_role text NOT NULL,
        sender_masked text NOT NULL,
        sender_hash bytea NOT NULL,
        reporter_hash bytea NOT NULL,
        bands bigint[] NOT NULL,
        promotional boolean NOT NULL,
        reported_at timestamptz NOT NULL,
        undone_at timestamptz,
        CONSTRAINT ck_buyer_report_role CHECK (sender_role IN ('merchant', 'courier', 'caller'))
      )`);
    await q.query(`CREATE INDEX ix_buyer_report_sender ON buyer_report (sender_hash) WHERE undone_at IS NULL`);
    await q.query(`CREATE INDEX ix_buyer_report_reported ON buyer_report (reported_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE buyer_report`);
    await q.query(`DROP TABLE text_fingerprint`);
  }
}
