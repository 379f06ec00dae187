import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminGuard } from './admin.guard.js';
import { Tenant } from './tenant.entity.js';
import { TenantGuard } from './tenant.guard.js';
import { TenantService } from './tenant.service.js';
import { TenantsController } from './tenants.controller.js';

@Module({
  imports: [TypeOrmModule.forFeature([Tenant])],
  controllers: [TenantsController],
  providers: [TenantService, TenantGuard, AdminGuard],
  exports: [TenantService, TenantGuard, AdminGuard],
})
export class TenantsModule {}
