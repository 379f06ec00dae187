import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A tenant may hold two API keys at once (rotation without downtime): keys get a table of their own,
 * hashed as before, with a revocation time. The tenant's one key moves into it; the tenant row keeps
 * neither hash nor prefix.
 */
export class CreateTenantApiKey1768700000001 implements MigrationInterface {
  name = 'CreateTenantApiKey1768700000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tenant_api_key (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
        key_hash bytea NOT NULL,
        key_prefix text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        CONSTRAINT uq_tenant_api_key_key_hash UNIQUE (key_hash)
      )`);
    await q.query(`CREATE INDEX ix_tenant_api_key_tenant ON tenant_api_key (tenant_id) WHERE revoked_at IS NULL`);
    await q.query(
      `INSERT INTO tenant_api_key (tenant_id, key_hash, key_prefix, created_at) SELECT id, api_key_hash, api_key_prefix, created_at FROM tenant`,
    );
    await q.query(`ALTER TABLE tenant DROP COLUMN api_key_hash, DROP COLUMN api_key_prefix`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tenant ADD COLUMN api_key_hash bytea, ADD COLUMN api_key_prefix text`);
    // Each tenant gets back its oldest key still in force (or its oldest, when all were revoked).
    await q.query(`
      UPDATE tenant t SET api_key_hash = k.key_hash, api_key_prefix = k.key_prefix
        FROM (SELECT DISTINCT ON (tenant_id) tenant_id, key_hash, key_prefix FROM tenant_api_key
               ORDER BY tenant_id, revoked_at IS NOT NULL, created_at) k
       WHERE k.tenant_id = t.id`);
    await q.query(`ALTER TABLE tenant ALTER COLUMN api_key_hash SET NOT NULL, ALTER COLUMN api_key_prefix SET NOT NULL`);
    await q.query(`DROP TABLE tenant_api_key`);
    await q.query(`ALTER TABLE tenant ADD CONSTRAINT uq_tenant_api_key_hash UNIQUE (api_key_hash)`);
  }
}
