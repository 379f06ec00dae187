import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Clock } from '../common/clock.js';
import { ApiErrors, ApiExampleBody, JSON_BODY, RATE_LIMITED, TENANT_AUTH } from '../common/openapi.js';
import { parseUuid } from '../common/uuid.js';
import type { Tenant } from '../tenants/tenant.entity.js';
import { MetricsService } from '../health/metrics.service.js';
import { RateLimit } from '../tenants/rate-limit.guard.js';
import { CurrentTenant, TenantGuard } from '../tenants/tenant.guard.js';
import { RecordQueryService } from '../records/record-query.service.js';
import { BindingRecordsResponseDto } from '../records/record-response.dto.js';
import {
  AddCounterpartDto,
  BindingRecordsQuery,
  CreateBindingDto,
  ExtendBindingDto,
  FindBindingQuery,
  UpdateBindingDto,
} from './binding.dto.js';
import { BindingResponseDto } from './binding-response.dto.js';
import { BindingService, toBindingResponse } from './binding.service.js';

const BINDING = { type: BindingResponseDto };
const VALIDATION = '`validation_failed` (or `malformed_json`): the body or a parameter is invalid';
const NOT_FOUND = "`not_found`: no such binding for this tenant (other tenants' bindings included)";

@ApiTags('bindings')
@ApiBearerAuth(TENANT_AUTH)
@ApiErrors({
  401: '`unauthorized`: missing or unknown API key',
  415: JSON_BODY,
  429: `${RATE_LIMITED}; per API key (TENANT_RATE_PER_MINUTE), and after too many failures of one key from an address (FAILED_AUTH_PER_MINUTE) or of any keys from it (FAILED_AUTH_PER_SOURCE_PER_MINUTE)`,
  503: '`database_unavailable`: try again shortly',
})
@Controller('v1/bindings')
@RateLimit('tenant')
@UseGuards(TenantGuard)
export class BindingsController {
  constructor(
    private readonly bindings: BindingService,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
    private readonly history: RecordQueryService,
  ) {}

  /** 201 for a new binding, 200 when the same order and buyer come again. */
  @Post()
  @ApiOperation({ summary: 'Checkout: a relay number for an order (idempotent on orderId)' })
  @ApiExampleBody(
    CreateBindingDto,
    'An order with its merchant, on the default window (add windowDays or afterSalesEndsAt, not both)',
    {
      orderId: 'A1001',
      buyerPhone: '+14155552671',
      mode: 'dedicated',
      counterparts: [{ phone: '+12125550100', role: 'merchant' }],
      marketingConsent: false,
    },
  )
  @ApiCreatedResponse({ description: 'A new binding', ...BINDING })
  @ApiOkResponse({ description: 'The same orderId and buyer again: the same binding', ...BINDING })
  @ApiErrors({
    400: `${VALIDATION}; also a phone that is one of Veil's own relay numbers`,
    409:
      "`order_conflict`: this orderId already has another buyer; `binding_purged`: this orderId's binding ended and its " +
      'real numbers were purged (RETENTION_DAYS), so it can be neither answered nor compared: check out with a new orderId',
    422: "`no_pool_for_country`: no relay number of this mode was ever added for the buyer's calling code (add numbers; waiting will not help)",
    503: '`pool_exhausted`: no free relay number for this country and mode (or `database_unavailable`)',
  })
  async create(@CurrentTenant() tenant: Tenant, @Body() body: CreateBindingDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const { binding, created } = await this.metrics.countCheckout(this.bindings.create(tenant.id, body));
    void reply.status(created ? 201 : 200);
    return toBindingResponse(binding, this.clock.now());
  }

  @Get()
  @ApiOperation({ summary: "The binding of one of the tenant's orders" })
  @ApiOkResponse({ description: 'The binding', ...BINDING })
  @ApiErrors({ 400: VALIDATION, 404: NOT_FOUND })
  async findByOrder(@CurrentTenant() tenant: Tenant, @Query() query: FindBindingQuery) {
    return toBindingResponse(await this.bindings.findByOrder(tenant.id, query.orderId), this.clock.now());
  }

  @Get(':id')
  @ApiOperation({ summary: 'A binding by id' })
  @ApiOkResponse({ description: 'The binding', ...BINDING })
  @ApiErrors({ 400: VALIDATION, 404: NOT_FOUND })
  async get(@CurrentTenant() tenant: Tenant, @Param('id') id: string) {
    return toBindingResponse(await this.bindings.get(tenant.id, parseUuid(id)), this.clock.now());
  }

  @Get(':id/records')
  @ApiOperation({
    summary: "The binding's own calls or texts, newest first, 50 a page: masked numbers, outcomes, reasons; never a body",
  })
  @ApiOkResponse({ description: 'A page of records, newest first', type: BindingRecordsResponseDto })
  @ApiErrors({ 400: VALIDATION, 404: NOT_FOUND })
  async records(@CurrentTenant() tenant: Tenant, @Param('id') id: string, @Query() query: BindingRecordsQuery) {
    const binding = await this.bindings.get(tenant.id, parseUuid(id));
    return this.history.forBinding(binding.id, query.kind, query.page ?? 1);
  }

  @Patch(':id')
  @ApiOperation({ summary: "Change the buyer's marketing consent" })
  @ApiExampleBody(UpdateBindingDto, 'The buyer withdrew consent', { marketingConsent: false })
  @ApiOkResponse({ description: 'The binding', ...BINDING })
  @ApiErrors({ 400: VALIDATION, 404: NOT_FOUND })
  async update(@CurrentTenant() tenant: Tenant, @Param('id') id: string, @Body() body: UpdateBindingDto) {
    return toBindingResponse(
      await this.bindings.setMarketingConsent(tenant.id, parseUuid(id), body.marketingConsent),
      this.clock.now(),
    );
  }

  @Post(':id/extend')
  @HttpCode(200)
  @ApiOperation({ summary: 'Extend the after-sales window (by days, or until a date)' })
  @ApiExampleBody(ExtendBindingDto, 'A week more (or {"until": "<ISO 8601>"})', { days: 7 })
  @ApiOkResponse({ description: 'The extended binding', ...BINDING })
  @ApiErrors({
    400: `${VALIDATION}; only malformed input (days not a whole number of at least 1, until not a date)`,
    404: NOT_FOUND,
    409: '`binding_ended`: the binding is closed or expired; a new window needs a checkout with a new orderId',
    422: "`extension_limit`: past the tenant's cap (maxExpiresAt, named in the message), however many days",
  })
  async extend(@CurrentTenant() tenant: Tenant, @Param('id') id: string, @Body() body: ExtendBindingDto) {
    return toBindingResponse(await this.bindings.extend(tenant.id, parseUuid(id), body), this.clock.now());
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close a binding now (order cancelled or done early); closing again answers 200' })
  @ApiOkResponse({ description: 'The binding, status `closed`', ...BINDING })
  @ApiErrors({ 400: VALIDATION, 404: NOT_FOUND, 409: '`binding_ended`: the binding had already expired' })
  async close(@CurrentTenant() tenant: Tenant, @Param('id') id: string) {
    return toBindingResponse((await this.bindings.close(tenant.id, parseUuid(id))).binding, this.clock.now());
  }

  @Post(':id/counterparts')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Name a counterpart (merchant, courier) who may reach the buyer',
    description: "The binding's own `caller` (someone who called the dedicated number first) named now is promoted to the role.",
  })
  @ApiExampleBody(AddCounterpartDto, 'The courier', { phone: '+13105550142', role: 'courier' })
  @ApiCreatedResponse({ description: 'The binding with the new counterpart', ...BINDING })
  @ApiErrors({
    400: `${VALIDATION}; also a phone that is one of Veil's own relay numbers`,
    404: NOT_FOUND,
    409: '`counterpart_conflict`: this phone is already on the relay number in another active binding; or `binding_ended`',
    429: `${RATE_LIMITED}; per API key, and per tenant past COUNTERPART_CONFLICTS_PER_HOUR conflicts (audited)`,
  })
  async addCounterpart(@CurrentTenant() tenant: Tenant, @Param('id') id: string, @Body() body: AddCounterpartDto) {
    return toBindingResponse(await this.bindings.addCounterpart(tenant.id, parseUuid(id), body), this.clock.now());
  }

  @Delete(':id/counterparts/:counterpartId')
  @ApiOperation({ summary: 'Remove a counterpart' })
  @ApiOkResponse({ description: 'The binding without that counterpart', ...BINDING })
  @ApiErrors({ 400: VALIDATION, 404: '`not_found`: no such binding or counterpart for this tenant' })
  async removeCounterpart(
    @CurrentTenant() tenant: Tenant,
    @Param('id') id: string,
    @Param('counterpartId') counterpartId: string,
  ) {
    return toBindingResponse(
      await this.bindings.removeCounterpart(tenant.id, parseUuid(id), parseUuid(counterpartId)),
      this.clock.now(),
    );
  }
}
