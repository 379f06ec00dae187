import { Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { BindingService, toBindingResponse } from '../bindings/binding.service.js';
import type { BindingView } from '../bindings/binding.repository.js';
import { Clock } from '../common/clock.js';
import { NotFoundError } from '../common/errors.js';
import { parseUuid } from '../common/uuid.js';
import { AdminGuard } from '../tenants/admin.guard.js';
import { TenantService } from '../tenants/tenant.service.js';
import { AdminBindingsQuery, AdminRecordsQuery, PageQuery } from './admin.dto.js';
import { AdminQueryRepository } from './admin-query.repository.js';
import { AuditService } from './audit.service.js';

const DEFAULT_PAGE_SIZE = 20;

/** What admins watch: the overview, bindings across tenants, call and text records, the audit log. */
@Controller('v1/admin')
@UseGuards(AdminGuard)
export class AdminActivityController {
  constructor(
    private readonly queries: AdminQueryRepository,
    private readonly bindings: BindingService,
    private readonly tenants: TenantService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  @Get('overview')
  overview() {
    return this.queries.overview(this.clock.now());
  }

  @Get('bindings')
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
  async closeBinding(@Param('id') id: string) {
    const { binding: view, closedNow } = await this.bindings.close(null, parseUuid(id));
    if (closedNow)
      await this.audit.record('binding.closed', 'binding', view.id, { orderId: view.orderId, tenantId: view.tenantId });
    return (await this.withTenantNames([view]))[0];
  }

  @Get('records')
  records(@Query() query: AdminRecordsQuery) {
    return this.queries.records(
      query.kind ?? 'call',
      { outcome: query.outcome, bindingId: query.bindingId },
      query.page ?? 1,
      query.pageSize ?? DEFAULT_PAGE_SIZE,
    );
  }

  @Get('audit')
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
