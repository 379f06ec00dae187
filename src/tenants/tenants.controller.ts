import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { AdminGuard } from './admin.guard.js';
import { CreateTenantDto } from './tenant.dto.js';
import { TenantService, toTenantResponse } from './tenant.service.js';

@Controller('v1/admin/tenants')
@UseGuards(AdminGuard)
export class TenantsController {
  constructor(private readonly tenants: TenantService) {}

  @Post()
  @HttpCode(201)
  async create(@Body() body: CreateTenantDto) {
    const { tenant, apiKey } = await this.tenants.create(body.name);
    return { id: tenant.id, name: tenant.name, apiKey, createdAt: tenant.createdAt.toISOString() };
  }

  @Get()
  async list() {
    return { tenants: (await this.tenants.list()).map(toTenantResponse) };
  }
}
