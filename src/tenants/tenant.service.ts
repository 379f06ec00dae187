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

@Injectable()
export class TenantService {
  constructor(@InjectRepository(Tenant) private readonly tenants: Repository<Tenant>) {}

  async create(name: string): Promise<CreatedTenant> {
    const apiKey = `veil_${randomBytes(32).toString('base64url')}`;
    const tenant = await this.tenants.save(
      this.tenants.create({ name, apiKeyHash: hashApiKey(apiKey), apiKeyPrefix: apiKey.slice(0, 9) }),
    );
    return { tenant, apiKey };
  }

  /** API keys are 256-bit random, so a fast hash suffices: nothing to brute-force. */
  async findByApiKey(apiKey: string): Promise<Tenant | null> {
    return this.tenants.findOne({ where: { apiKeyHash: hashApiKey(apiKey) } });
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
