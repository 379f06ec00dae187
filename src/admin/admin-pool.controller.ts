import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { parseUuid } from '../common/uuid.js';
import { ListNumbersQuery, ProvisionNumbersDto } from '../numbers/number.dto.js';
import { NumberService, toNumberResponse } from '../numbers/number.service.js';
import { AdminGuard } from '../tenants/admin.guard.js';
import { CreateTenantDto } from '../tenants/tenant.dto.js';
import { TenantService, toTenantResponse } from '../tenants/tenant.service.js';
import { AuditService } from './audit.service.js';

/** The number pool and the tenants: the platform's, not a tenant's. Relay numbers are not personal data. */
@Controller('v1/admin')
@UseGuards(AdminGuard)
export class AdminPoolController {
  constructor(
    private readonly numbers: NumberService,
    private readonly tenants: TenantService,
    private readonly audit: AuditService,
  ) {}

  @Get('numbers')
  async listNumbers(@Query() query: ListNumbersQuery) {
    return { numbers: (await this.numbers.list(query)).map(toNumberResponse) };
  }

  @Post('numbers')
  @HttpCode(201)
  async provision(@Body() body: ProvisionNumbersDto) {
    const country = body.country.toUpperCase();
    const added = await this.numbers.provision({ ...body, country });
    await this.audit.record('numbers.provisioned', 'relay_number', null, {
      country,
      areaCode: body.areaCode ?? null,
      pool: body.pool,
      requested: body.count,
      added: added.map((n) => n.e164),
    });
    return { requested: body.count, numbers: added.map(toNumberResponse) };
  }

  @Delete('numbers/:id')
  async retire(@Param('id') id: string) {
    const number = await this.numbers.retire(parseUuid(id));
    await this.audit.record('number.retired', 'relay_number', number.id, { e164: number.e164, pool: number.pool });
    return toNumberResponse(number);
  }

  @Get('tenants')
  async listTenants() {
    return { tenants: (await this.tenants.list()).map(toTenantResponse) };
  }

  /** The API key is in this answer only; we keep its hash. */
  @Post('tenants')
  @HttpCode(201)
  async createTenant(@Body() body: CreateTenantDto) {
    const { tenant, apiKey } = await this.tenants.create(body.name);
    await this.audit.record('tenant.created', 'tenant', tenant.id, { name: tenant.name, apiKeyPrefix: tenant.apiKeyPrefix });
    return { id: tenant.id, name: tenant.name, apiKey, createdAt: tenant.createdAt.toISOString() };
  }
}
