import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { Tenant } from './tenant.entity.js';

export interface CreatedTenant {
  tenant: Tenant;
  /** Shown once; only its hash is stored. */
  apiKey: string;
}

const KEY_CACHE_MS = 60_000;
const KEY_CACHE_SIZE = 10_000;

@Injectable()
export class TenantService {
  private readonly keyCache = new Map<string, { tenant: Tenant; until: number }>();

  constructor(@InjectRepository(Tenant) private readonly tenants: Repository<Tenant>) {}

  async create(name: string, locale: 'en' | 'zh' | null = null): Promise<CreatedTenant> {
    const apiKey = `veil_${randomBytes(32).toString('base64url')}`;
    const tenant = await this.tenants.save(
      this.tenants.create({ name, apiKeyHash: hashApiKey(apiKey), apiKeyPrefix: apiKey.slice(0, 9), locale }),
    );
    return { tenant, apiKey };
  }

  /**
   * API keys are 256-bit random, so a fast hash suffices: nothing to brute-force. Known keys are cached
   * for a minute (keys are never reassigned, and there is no revocation yet), which takes a query off
   * every tenant request; unknown keys always ask the database.
   */
  async findByApiKey(apiKey: string): Promise<Tenant | null> {
    const hash = hashApiKey(apiKey);
    const cacheKey = hash.toString('base64');
    const cached = this.keyCache.get(cacheKey);
    if (cached && cached.until > Date.now()) return cached.tenant;
    const tenant = await this.tenants.findOne({ where: { apiKeyHash: hash } });
    if (tenant) {
      if (this.keyCache.size >= KEY_CACHE_SIZE) this.keyCache.delete(this.keyCache.keys().next().value!);
      this.keyCache.set(cacheKey, { tenant, until: Date.now() + KEY_CACHE_MS });
    }
    return tenant;
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
}

export function hashApiKey(apiKey: string): Buffer {
  return createHash('sha256').update(apiKey).digest();
}

export function toTenantResponse(tenant: Tenant) {
  return { id: tenant.id, name: tenant.name, apiKeyPrefix: tenant.apiKeyPrefix, createdAt: tenant.createdAt.toISOString() };
}
