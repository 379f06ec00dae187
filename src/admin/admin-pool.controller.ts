import { Body, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { ApiErrors, ApiExampleBody } from '../common/openapi.js';
import { parseUuid } from '../common/uuid.js';
import { ListNumbersQuery, ProvisionNumbersDto } from '../numbers/number.dto.js';
import { CarrierSetupService } from '../numbers/carrier-setup.service.js';
import { NumberService, toNumberResponse } from '../numbers/number.service.js';
import { CreateTenantDto } from '../tenants/tenant.dto.js';
import { TenantService, toKeyResponse, toTenantResponse } from '../tenants/tenant.service.js';
import {
  CreatedTenantKeyResponseDto,
  RevokedTenantKeyResponseDto,
  CreatedTenantResponseDto,
  NumberListResponseDto,
  NumberResponseDto,
  ProvisionedNumbersResponseDto,
  TenantListResponseDto,
} from './admin-response.dto.js';
import { AdminApiController } from './admin-api.decorator.js';
import { AuditService } from '../common/audit.service.js';

/** The number pool and the tenants: the platform's, not a tenant's. Relay numbers are not personal data. */
@AdminApiController()
export class AdminPoolController {
  constructor(
    private readonly numbers: NumberService,
    private readonly carrierSetup: CarrierSetupService,
    private readonly tenants: TenantService,
    private readonly audit: AuditService,
  ) {}

  @Get('numbers')
  @ApiOperation({ summary: 'The relay number pool' })
  @ApiOkResponse({ description: 'The numbers', type: NumberListResponseDto })
  @ApiErrors({ 400: '`validation_failed`: a bad filter' })
  async listNumbers(@Query() query: ListNumbersQuery) {
    return { numbers: (await this.numbers.list(query)).map(toNumberResponse) };
  }

  @Post('numbers')
  @HttpCode(201)
  @ApiOperation({ summary: 'Buy relay numbers from the carrier into a pool (audited)' })
  @ApiExampleBody(ProvisionNumbersDto, 'Two US numbers for the dedicated pool', { country: 'US', count: 2, pool: 'dedicated' })
  @ApiCreatedResponse({ description: 'The numbers added', type: ProvisionedNumbersResponseDto })
  @ApiErrors({
    400: '`validation_failed`',
    502: '`provider_error`: the carrier failed',
    503: '`numbers_unavailable`: the carrier has no numbers there (or `database_unavailable`)',
  })
  async provision(@Body() body: ProvisionNumbersDto) {
    const country = body.country.toUpperCase();
    const { added, failures } = await this.numbers.provision({ ...body, country });
    await this.audit.record('numbers.provisioned', 'relay_number', null, {
      country,
      areaCode: body.areaCode ?? null,
      pool: body.pool,
      requested: body.count,
      added: added.map((n) => n.e164),
      failures,
    });
    // What the carrier still needs from the operator (the Messaging Service and its settings).
    const warnings = await this.carrierSetup.check();
    return { requested: body.count, numbers: added.map(toNumberResponse), failures, warnings };
  }

  @Delete('numbers/:id')
  @ApiOperation({ summary: 'Retire a relay number (audited)' })
  @ApiOkResponse({ description: 'The retired number', type: NumberResponseDto })
  @ApiErrors({
    400: '`validation_failed`: not a uuid',
    404: '`not_found`: no number with that id',
    409: '`number_in_use`: it serves an active binding',
  })
  async retire(@Param('id') id: string) {
    const number = await this.numbers.retire(parseUuid(id));
    await this.audit.record('number.retired', 'relay_number', number.id, { e164: number.e164, pool: number.pool });
    return toNumberResponse(number);
  }

  @Get('tenants')
  @ApiOperation({ summary: 'The tenants (API key prefixes only)' })
  @ApiOkResponse({ description: 'The tenants', type: TenantListResponseDto })
  async listTenants() {
    const [tenants, keys] = await Promise.all([this.tenants.list(), this.tenants.activeKeys()]);
    return { tenants: tenants.map((tenant) => toTenantResponse(tenant, keys.get(tenant.id))) };
  }

  /** The API key is in this answer only; we keep its hash. */
  @Post('tenants')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a tenant and its API key (audited)' })
  @ApiExampleBody(CreateTenantDto, 'A new shop platform', { name: 'Acme Shop' })
  @ApiCreatedResponse({ description: 'The tenant with its API key, shown this once', type: CreatedTenantResponseDto })
  @ApiErrors({ 400: '`validation_failed`' })
  async createTenant(@Body() body: CreateTenantDto) {
    const { tenant, apiKey, keyId } = await this.tenants.create(body.name, body.locale ?? null);
    await this.audit.record('tenant.created', 'tenant', tenant.id, { name: tenant.name, apiKeyPrefix: apiKey.slice(0, 9) });
    return { id: tenant.id, name: tenant.name, apiKey, keyId, locale: tenant.locale, createdAt: tenant.createdAt.toISOString() };
  }

  /** A second key for a rotation without downtime; the key is in this answer only. */
  @Post('tenants/:id/keys')
  @HttpCode(201)
  @ApiOperation({ summary: 'A new API key for a tenant (shown once; at most two in force; audited)' })
  @ApiCreatedResponse({ description: 'The key, shown this once', type: CreatedTenantKeyResponseDto })
  @ApiErrors({
    400: '`validation_failed`: not a uuid',
    404: '`not_found`: no tenant with that id',
    409: '`key_limit`: the tenant holds two keys already: revoke one first',
  })
  async addKey(@Param('id') id: string) {
    const tenantId = parseUuid(id);
    const key = await this.tenants.addKey(tenantId);
    await this.audit.record('tenant.key_created', 'tenant', tenantId, { keyId: key.id, prefix: key.prefix });
    return { ...toKeyResponse(key), apiKey: key.apiKey };
  }

  /** From the answer on, no instance accepts the key. */
  @Delete('tenants/:id/keys/:keyId')
  @ApiOperation({ summary: "Revoke a tenant's API key, at once on every instance (audited)" })
  @ApiOkResponse({ description: 'The key, revoked', type: RevokedTenantKeyResponseDto })
  @ApiErrors({
    400: '`validation_failed`: an id is not a uuid',
    404: '`not_found`: no key in force with that id for this tenant',
  })
  async revokeKey(@Param('id') id: string, @Param('keyId') keyId: string) {
    const tenantId = parseUuid(id);
    const key = await this.tenants.revokeKey(tenantId, parseUuid(keyId));
    await this.audit.record('tenant.key_revoked', 'tenant', tenantId, { keyId: key.id, prefix: key.prefix });
    return { ...toKeyResponse(key), revokedAt: key.revokedAt.toISOString() };
  }
}
