import type { MigrationInterface, QueryRunner } from 'typeorm';

/** One record per call and per text, with masked numbers only. Keyed by the carrier's id for retries. */
export class CreateRecords1767312000000 implements MigrationInterface {
  name = 'CreateRecords1767312000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE call_record (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider_sid text NOT NULL,
        binding_id uuid REFERENCES binding (id) ON DELETE SET NULL,
        tenant_id uuid REFERENCES tenant (id) ON DELETE SET NULL,
        relay_number text NOT NULL,
        direction text NOT NULL,
        from_role text NOT NULL,
        to_role text,
        from_masked text NOT NULL,
        to_masked text,
        outcome text NOT NULL,
        reason text,
        duration_seconds integer,
        started_at timestamptz NOT NULL,
        ended_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_call_record_provider_sid UNIQUE (provider_sid),
        CONSTRAINT ck_call_record_direction CHECK (direction IN ('to_buyer', 'from_buyer', 'none')),
        CONSTRAINT ck_call_record_outcome CHECK (outcome IN ('connected', 'no_answer', 'busy', 'failed', 'not_in_service', 'refused'))
      )`);
    await q.query(`CREATE INDEX ix_call_record_binding ON call_record (binding_id, started_at)`);
    await q.query(`CREATE INDEX ix_call_record_started ON call_record (started_at)`);

    await q.query(`
      CREATE TABLE message_record (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider_sid text NOT NULL,
        binding_id uuid REFERENCES binding (id) ON DELETE SET NULL,
        tenant_id uuid REFERENCES tenant (id) ON DELETE SET NULL,
        relay_number text NOT NULL,
        direction text NOT NULL,
        from_role text NOT NULL,
        to_role text,
        from_masked text NOT NULL,
        to_masked text,
        outcome text NOT NULL,
        reason text,
        reasons text[] NOT NULL DEFAULT '{}',
        -- Only for blocked texts, and only until the binding's real numbers are purged.
        body text,
        delivery_status text,
        received_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_message_record_provider_sid UNIQUE (provider_sid),
        CONSTRAINT ck_message_record_direction CHECK (direction IN ('to_buyer', 'from_buyer', 'none')),
        CONSTRAINT ck_message_record_outcome CHECK (outcome IN ('connected', 'failed', 'not_in_service', 'refused', 'blocked', 'rate_limited')),
        CONSTRAINT ck_message_record_body_only_blocked CHECK (body IS NULL OR outcome = 'blocked')
      )`);
    await q.query(`CREATE INDEX ix_message_record_binding ON message_record (binding_id, received_at)`);
    await q.query(`CREATE INDEX ix_message_record_received ON message_record (received_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE message_record`);
    await q.query(`DROP TABLE call_record`);
  }
}
