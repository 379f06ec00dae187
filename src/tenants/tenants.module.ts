import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminGuard } from './admin.guard.js';
import { Tenant } from './tenant.entity.js';
import { TenantGuard } from './tenant.guard.js';
import { TenantService } from './tenant.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Tenant])],
  providers: [TenantService, TenantGuard, AdminGuard],
  exports: [TenantService, TenantGuard, AdminGuard],
})
export class TenantsModule {}
