import { Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { BindingService, toBindingResponse } from '../bindings/binding.service.js';
import type { BindingView } from '../bindings/binding.repository.js';
import { Clock } from '../common/clock.js';
import { NotFoundError } from '../common/errors.js';
import { ApiErrors } from '../common/openapi.js';
import { parseUuid } from '../common/uuid.js';
import { TenantService } from '../tenants/tenant.service.js';
import { AdminBindingPageDto, AdminBindingResponseDto, ExtensionOccupancyResponseDto } from './admin-response.dto.js';
import { AdminBindingsQuery, AdminRecordsQuery, PageQuery } from './admin.dto.js';
import { AdminQueryRepository, type ExtensionLimits } from './admin-query.repository.js';
import { AdminApiController } from './admin-api.decorator.js';
import { AuditService } from '../common/audit.service.js';
import { AppConfig } from '../config/app.config.js';

const DEFAULT_PAGE_SIZE = 20;
/** The overview lists this many extension numbers, the most occupied first (all of them: GET extensions). */
const OVERVIEW_EXTENSION_NUMBERS = 10;

/** What admins watch: the overview, bindings across tenants, call and text records, the audit log. */
@AdminApiController()
export class AdminActivityController {
  constructor(
    private readonly queries: AdminQueryRepository,
    private readonly bindings: BindingService,
    private readonly tenants: TenantService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  @Get('overview')
  @ApiOperation({ summary: 'Pools, bindings, calls and texts at a glance (the dashboard)' })
  @ApiOkResponse({
    description:
      'Figures per pool and country, bindings by status, the last day of calls and texts; `headroom.extension` (the ' +
      'extension forecast per country) and `extensions.busiest` (the most occupied extension numbers)',
  })
  async overview() {
    const now = this.clock.now();
    const [overview, extensions] = await Promise.all([
      this.queries.overview(now),
      this.queries.extensionOccupancy(now, this.extensionLimits()),
    ]);
    const { numbers, forecast, ...limits } = extensions;
    const busiest = [...numbers]
      .sort((a, b) => b.live - a.live || b.quarantined - a.quarantined)
      .slice(0, OVERVIEW_EXTENSION_NUMBERS);
    return {
      ...overview,
      headroom: { ...overview.headroom, extension: forecast },
      extensions: { ...limits, numberCount: numbers.length, busiest },
    };
  }

  @Get('extensions')
  @ApiOperation({ summary: 'Extension pool occupancy: each number against the cap, and a forecast per country' })
  @ApiOkResponse({
    description: 'Live and resting extensions per number, the cap, and when the pool fills',
    type: ExtensionOccupancyResponseDto,
  })
  extensions() {
    return this.queries.extensionOccupancy(this.clock.now(), this.extensionLimits());
  }

  private extensionLimits(): ExtensionLimits {
    return {
      digits: this.config.extensionDigits,
      occupancy: this.config.extensionOccupancy,
      quarantineDays: this.config.quarantineDays,
    };
  }

  @Get('bindings')
  @ApiOperation({ summary: 'Bindings across tenants, newest first' })
  @ApiOkResponse({ description: 'One page of bindings', type: AdminBindingPageDto })
  @ApiErrors({ 400: '`validation_failed`: a bad filter or page' })
  async listBindings(@Query() query: AdminBindingsQuery) {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const now = this.clock.now();
    const { ids, total } = await this.queries.bindingIds(
      { status: query.status, orderId: query.orderId, tenantId: query.tenant },
      page,
      pageSize,
      now,
    );
    return { items: await this.withTenantNames(await this.bindings.getMany(ids)), page, pageSize, total };
  }

  @Get('bindings/:id')
  @ApiOperation({ summary: 'One binding with its calls and texts' })
  @ApiOkResponse({ description: '`{ binding, calls, texts }` (masked numbers only)' })
  @ApiErrors({ 400: '`validation_failed`: not a uuid', 404: '`not_found`: no binding with that id' })
  async getBinding(@Param('id') id: string) {
    const [view] = await this.bindings.getMany([parseUuid(id)]);
    if (!view) throw new NotFoundError('No binding with that id');
    const [calls, texts] = await Promise.all([
      this.queries.records('call', { bindingId: view.id }, 1, 100),
      this.queries.records('sms', { bindingId: view.id }, 1, 100),
    ]);
    return { binding: (await this.withTenantNames([view]))[0], calls: calls.items, texts: texts.items };
  }

  @Post('bindings/:id/close')
  @HttpCode(200)
  @ApiOperation({ summary: "Close any tenant's binding now (audited)" })
  @ApiOkResponse({ description: 'The binding, status `closed`', type: AdminBindingResponseDto })
  @ApiErrors({
    400: '`validation_failed`: not a uuid',
    404: '`not_found`: no binding with that id',
    409: '`binding_ended`: it had already expired',
  })
  async closeBinding(@Param('id') id: string) {
    const { binding: view, closedNow } = await this.bindings.close(null, parseUuid(id));
    if (closedNow)
      await this.audit.record('binding.closed', 'binding', view.id, { orderId: view.orderId, tenantId: view.tenantId });
    return (await this.withTenantNames([view]))[0];
  }

  @Get('records')
  @ApiOperation({ summary: 'Call or text records (masked numbers), newest first' })
  @ApiOkResponse({ description: '`{ items, page, pageSize, total }`' })
  @ApiErrors({ 400: '`validation_failed`: a bad filter or page' })
  records(@Query() query: AdminRecordsQuery) {
    return this.queries.records(
      query.kind ?? 'call',
      { outcome: query.outcome, bindingId: query.bindingId },
      query.page ?? 1,
      query.pageSize ?? DEFAULT_PAGE_SIZE,
    );
  }

  @Get('audit')
  @ApiOperation({ summary: 'What admins did: provisioning, retirements, tenants, closes' })
  @ApiOkResponse({ description: '`{ items, total, page, pageSize }`' })
  @ApiErrors({ 400: '`validation_failed`: a bad page' })
  async auditLog(@Query() query: PageQuery) {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    return { ...(await this.audit.list(page, pageSize)), page, pageSize };
  }

  private async withTenantNames(views: BindingView[]) {
    const names = new Map((await this.tenants.list()).map((t) => [t.id, t.name]));
    const now = this.clock.now();
    return views.map((view) => ({
      ...toBindingResponse(view, now),
      tenantId: view.tenantId,
      tenantName: names.get(view.tenantId) ?? null,
    }));
  }
}
