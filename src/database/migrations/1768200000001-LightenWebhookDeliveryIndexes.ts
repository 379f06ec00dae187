import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every inbound webhook inserts a claim and later writes its answer, so each index on webhook_delivery
 * is paid twice per request. Claims arrive in time order: a BRIN index serves the sweeper's "older
 * than a day" at almost no insert cost. Only redeliveries that carry Twilio's idempotency token need
 * the token unique: rows without one stay out of that index. A claim is written small and its answer
 * (about ten times larger) comes a moment later: pages filled only to a tenth leave the answer room
 * on the claim's own page, so the update stays HOT (no new index entry).
 */
export class LightenWebhookDeliveryIndexes1768200000001 implements MigrationInterface {
  name = 'LightenWebhookDeliveryIndexes1768200000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_webhook_delivery_claimed`);
    await q.query(`CREATE INDEX ix_webhook_delivery_claimed ON webhook_delivery USING brin (claimed_at)`);
    await q.query(`ALTER TABLE webhook_delivery DROP CONSTRAINT uq_webhook_delivery_token`);
    await q.query(`CREATE UNIQUE INDEX ux_webhook_delivery_token ON webhook_delivery (token) WHERE token IS NOT NULL`);
    await q.query(`ALTER TABLE webhook_delivery SET (fillfactor = 10)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE webhook_delivery RESET (fillfactor)`);
    await q.query(`DROP INDEX ux_webhook_delivery_token`);
    await q.query(`ALTER TABLE webhook_delivery ADD CONSTRAINT uq_webhook_delivery_token UNIQUE (token)`);
    await q.query(`DROP INDEX ix_webhook_delivery_claimed`);
    await q.query(`CREATE INDEX ix_webhook_delivery_claimed ON webhook_delivery (claimed_at)`);
  }
}
