import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type Repository } from 'typeorm';
import { Clock } from '../common/clock.js';
import { KeyLimitError, NotFoundError } from '../common/errors.js';
import { queryRows } from '../database/sql.js';
import { Tenant } from './tenant.entity.js';

export interface CreatedTenant {
  tenant: Tenant;
  /** Shown once; only its hash is stored. */
  apiKey: string;
  keyId: string;
}

export interface ApiKeyView {
  id: string;
  prefix: string;
  createdAt: Date;
}

export interface CreatedKey extends ApiKeyView {
  /** Shown once; only its hash is stored. */
  apiKey: string;
}

/** Keys in force at once per tenant: the one in use and its successor, during a rotation. */
export const MAX_ACTIVE_KEYS = 2;

@Injectable()
export class TenantService {
  constructor(
    @InjectRepository(Tenant) private readonly tenants: Repository<Tenant>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async create(name: string, locale: 'en' | 'zh' | null = null): Promise<CreatedTenant> {
    return this.dataSource.transaction(async (tx) => {
      const tenant = await tx.save(tx.create(Tenant, { name, locale }));
      const key = await this.insertKey(tx, tenant.id);
      return { tenant, apiKey: key.apiKey, keyId: key.id };
    });
  }

  /**
   * The tenant of a key in force. Asked of the database on every request, without a cache, so that a
   * revoked key stops working at once on every instance: one lookup by a unique index. API keys are
   * 256-bit random, so a fast hash suffices: nothing to brute-force.
   */
  async findByApiKey(apiKey: string): Promise<Tenant | null> {
    return this.tenants
      .createQueryBuilder('t')
      .innerJoin('tenant_api_key', 'k', 'k.tenant_id = t.id')
      .where('k.key_hash = :hash AND k.revoked_at IS NULL', { hash: hashApiKey(apiKey) })
      .getOne();
  }

  async exists(id: string): Promise<boolean> {
    return this.tenants.exists({ where: { id } });
  }

  async findByName(name: string): Promise<Tenant | null> {
    return this.tenants.findOne({ where: { name } });
  }

  async list(): Promise<Tenant[]> {
    return this.tenants.find({ order: { createdAt: 'ASC' } });
  }

  /** Each tenant's keys in force, oldest first. */
  async activeKeys(): Promise<Map<string, ApiKeyView[]>> {
    const rows = await queryRows<{ id: string; tenant_id: string; key_prefix: string; created_at: Date }>(
      this.dataSource,
      `SELECT id, tenant_id, key_prefix, created_at FROM tenant_api_key WHERE revoked_at IS NULL ORDER BY created_at, id`,
    );
    const keys = new Map<string, ApiKeyView[]>();
    for (const row of rows) {
      const list = keys.get(row.tenant_id) ?? [];
      list.push({ id: row.id, prefix: row.key_prefix, createdAt: row.created_at });
      keys.set(row.tenant_id, list);
    }
    return keys;
  }

  /** A second key (shown once). A tenant holds at most MAX_ACTIVE_KEYS at once: revoke one first. */
  async addKey(tenantId: string): Promise<CreatedKey> {
    return this.dataSource.transaction(async (tx) => {
      // The tenant row, locked, orders two concurrent additions: the second sees the first's key.
      const [tenant] = await queryRows<{ id: string }>(tx, `SELECT id FROM tenant WHERE id = $1 FOR UPDATE`, [tenantId]);
      if (!tenant) throw new NotFoundError('No tenant with that id');
      const [{ n }] = (await queryRows<{ n: number }>(
        tx,
        `SELECT count(*)::int AS n FROM tenant_api_key WHERE tenant_id = $1 AND revoked_at IS NULL`,
        [tenantId],
      )) as [{ n: number }];
      if (n >= MAX_ACTIVE_KEYS) {
        throw new KeyLimitError(`A tenant holds at most ${MAX_ACTIVE_KEYS} keys at once: revoke one first`);
      }
      return this.insertKey(tx, tenantId);
    });
  }

  /** Revokes a key; from the commit on, no instance accepts it (findByApiKey has no cache). */
  async revokeKey(tenantId: string, keyId: string): Promise<ApiKeyView & { revokedAt: Date }> {
    const [row] = await queryRows<{ id: string; key_prefix: string; created_at: Date; revoked_at: Date }>(
      this.dataSource,
      `UPDATE tenant_api_key SET revoked_at = $3 WHERE id = $2 AND tenant_id = $1 AND revoked_at IS NULL
       RETURNING id, key_prefix, created_at, revoked_at`,
      [tenantId, keyId, this.clock.now()],
    );
    if (!row) throw new NotFoundError('No key in force with that id for this tenant');
    return { id: row.id, prefix: row.key_prefix, createdAt: row.created_at, revokedAt: row.revoked_at };
  }

  private async insertKey(tx: EntityManager, tenantId: string): Promise<CreatedKey> {
    const apiKey = `veil_${randomBytes(32).toString('base64url')}`;
    const [row] = (await queryRows<{ id: string; created_at: Date }>(
      tx,
      `INSERT INTO tenant_api_key (tenant_id, key_hash, key_prefix, created_at) VALUES ($1, $2, $3, $4) RETURNING id, created_at`,
      [tenantId, hashApiKey(apiKey), apiKey.slice(0, 9), this.clock.now()],
    )) as [{ id: string; created_at: Date }];
    return { id: row.id, prefix: apiKey.slice(0, 9), createdAt: row.created_at, apiKey };
  }
}

export function hashApiKey(apiKey: string): Buffer {
  return createHash('sha256').update(apiKey).digest();
}

export function toKeyResponse(key: ApiKeyView) {
  return { id: key.id, prefix: key.prefix, createdAt: key.createdAt.toISOString() };
}

/** A tenant with its keys in force (prefixes only). `apiKeyPrefix` is the newest key's. */
export function toTenantResponse(tenant: Tenant, keys: ApiKeyView[] = []) {
  return {
    id: tenant.id,
    name: tenant.name,
    apiKeyPrefix: keys.at(-1)?.prefix ?? null,
    keys: keys.map(toKeyResponse),
    createdAt: tenant.createdAt.toISOString(),
  };
}
