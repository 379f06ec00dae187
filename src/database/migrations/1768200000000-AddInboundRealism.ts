import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the real network sends: texts from senders no one can reach back (alphanumeric IDs, short codes,
 * withheld numbers) with their own counter and opt-out, redelivered webhooks answered once, MMS media
 * counts, the buyer's key press that bridges a screened call, and a tenant's language.
 */
export class AddInboundRealism1768200000000 implements MigrationInterface {
  name = 'AddInboundRealism1768200000000';

  async up(q: QueryRunner): Promise<void> {
    // Per (binding, keyed hash of (X, sender string)): never a counterpart, so never a routing key.
    await q.query(`
      CREATE TABLE unreachable_sender (
        binding_id uuid NOT NULL REFERENCES binding (id) ON DELETE CASCADE,
        pair_hash bytea NOT NULL,
        sms_window_started_at timestamptz,
        sms_window_count integer NOT NULL DEFAULT 0,
        opted_out_at timestamptz,
        last_text_at timestamptz,
        created_at timestamptz NOT NULL,
        CONSTRAINT pk_unreachable_sender PRIMARY KEY (binding_id, pair_hash)
      ) WITH (fillfactor = 80)`);
    // The first delivery of a CallSid / MessageSid (or idempotency token) claims it; the answer, encrypted
    // (it names real numbers), serves every redelivery. Short-lived: the sweeper deletes old rows.
    await q.query(`
      CREATE TABLE webhook_delivery (
        sid text NOT NULL,
        token text,
        answer_enc text,
        claimed_at timestamptz NOT NULL,
        CONSTRAINT pk_webhook_delivery PRIMARY KEY (sid),
        CONSTRAINT uq_webhook_delivery_token UNIQUE (token)
      )`);
    await q.query(`CREATE INDEX ix_webhook_delivery_claimed ON webhook_delivery (claimed_at)`);
    await q.query(`ALTER TABLE message_record ADD COLUMN media_count integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE call_record ADD COLUMN accepted_at timestamptz`);
    await q.query(`ALTER TABLE tenant ADD COLUMN locale text`);
    await q.query(`ALTER TABLE tenant ADD CONSTRAINT ck_tenant_locale CHECK (locale IN ('en', 'zh'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tenant DROP CONSTRAINT ck_tenant_locale`);
    await q.query(`ALTER TABLE tenant DROP COLUMN locale`);
    await q.query(`ALTER TABLE call_record DROP COLUMN accepted_at`);
    await q.query(`ALTER TABLE message_record DROP COLUMN media_count`);
    await q.query(`DROP TABLE webhook_delivery`);
    await q.query(`DROP TABLE unreachable_sender`);
  }
}
