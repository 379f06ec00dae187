import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminGuard } from './admin.guard.js';
import { RateLimitGuard } from './rate-limit.guard.js';
import { RateLimitService } from './rate-limit.service.js';
import { Tenant } from './tenant.entity.js';
import { TenantGuard } from './tenant.guard.js';
import { TenantService } from './tenant.service.js';

/** Tenants and their API keys, the tenant and admin guards, and the API's rate limits. */
@Module({
  imports: [TypeOrmModule.forFeature([Tenant])],
  providers: [TenantService, TenantGuard, AdminGuard, RateLimitService, { provide: APP_GUARD, useClass: RateLimitGuard }],
  exports: [TenantService, TenantGuard, AdminGuard, RateLimitService],
})
export class TenantsModule {}
