import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events to the platform. `event_outbox` holds each event from the transaction of the change it reports
 * until the endpoint took it (then it is deleted) or 24 h of retries failed; `binding.event_seq` numbers a binding's events
 * in commit order (a delivered event is deleted: the outbox holds only what is owed), since the UPDATE that takes the next number also locks the binding until the commit.
 * `tenant_webhook` is a tenant's one endpoint: its signing secrets (encrypted with the data key: Veil
 * needs them to sign), the delivery lease that lets one instance at a time deliver a tenant's events,
 * and the endpoint's health. No foreign key from the outbox to the binding: `binding.deleted` outlives it.
 */
export class CreateEventOutbox1768700000000 implements MigrationInterface {
  name = 'CreateEventOutbox1768700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE binding ADD COLUMN event_seq bigint NOT NULL DEFAULT 0`);
    await q.query(`
      CREATE TABLE tenant_webhook (
        tenant_id uuid PRIMARY KEY REFERENCES tenant (id) ON DELETE CASCADE,
        url text NOT NULL,
        events text[],
        secret_enc text NOT NULL,
        previous_secret_enc text,
        previous_secret_until timestamptz,
        lease_owner text,
        lease_until timestamptz,
        last_success_at timestamptz,
        last_failure_at timestamptz,
        consecutive_failures int NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_tenant_webhook_url CHECK (length(url) BETWEEN 8 AND 2048)
      )`);
    await q.query(`
      CREATE TABLE event_outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        pos bigserial NOT NULL,
        tenant_id uuid NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
        binding_id uuid,
        order_id text,
        type text NOT NULL,
        seq bigint NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        attempts int NOT NULL DEFAULT 0,
        -- Set by a replay: the 24 h of retries count from then rather than from created_at.
        retry_since timestamptz,
        failed_at timestamptz,
        last_error text
      )`);
    // The worker's question: this tenant's pending events, in the order they were written.
    await q.query(`CREATE INDEX ix_event_outbox_pending ON event_outbox (tenant_id, pos) WHERE failed_at IS NULL`);
    // "Is an earlier event of this binding still pending?", asked for every candidate.
    await q.query(`CREATE INDEX ix_event_outbox_binding_pending ON event_outbox (binding_id, seq) WHERE failed_at IS NULL`);
    await q.query(`CREATE INDEX ix_event_outbox_failed ON event_outbox (tenant_id, failed_at) WHERE failed_at IS NOT NULL`);
    // "Has this tenant anything due?", asked for every endpoint without a lease at each poll.
    await q.query(`CREATE INDEX ix_event_outbox_tenant_due ON event_outbox (tenant_id, due_at) WHERE failed_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE event_outbox`);
    await q.query(`DROP TABLE tenant_webhook`);
    await q.query(`ALTER TABLE binding DROP COLUMN event_seq`);
  }
}
