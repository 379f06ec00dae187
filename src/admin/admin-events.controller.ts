import { Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Clock } from '../common/clock.js';
import { NotFoundError } from '../common/errors.js';
import { ApiErrors } from '../common/openapi.js';
import { parseUuid } from '../common/uuid.js';
import { EventDeliveryRepository } from '../events/event-delivery.repository.js';
import { TenantService } from '../tenants/tenant.service.js';
import { AdminApiController } from './admin-api.decorator.js';
import { AuditService } from '../common/audit.service.js';
import { ReplayResponseDto, TenantEventsResponseDto } from './admin-response.dto.js';

const NO_TENANT = '`not_found`: no tenant with that id';

/** A tenant's events as admins see them: the endpoint's health, the backlog, failed events and their replay. */
@AdminApiController()
export class AdminEventsController {
  constructor(
    private readonly deliveries: EventDeliveryRepository,
    private readonly tenants: TenantService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  @Get('tenants/:id/events')
  @ApiOperation({ summary: "A tenant's endpoint health (last success, failures), backlog and failed events (newest 100)" })
  @ApiOkResponse({ description: "The endpoint's health, the backlog and the failed events", type: TenantEventsResponseDto })
  @ApiErrors({ 400: '`validation_failed`: not a uuid', 404: NO_TENANT })
  async events(@Param('id') id: string) {
    const tenantId = await this.tenant(id);
    return this.deliveries.health(tenantId);
  }

  @Post('tenants/:id/events/replay')
  @HttpCode(200)
  @ApiOperation({ summary: "Send a tenant's failed events again (another 24 h of tries; audited)" })
  @ApiOkResponse({ description: 'How many failed events are due again', type: ReplayResponseDto })
  @ApiErrors({ 400: '`validation_failed`: not a uuid', 404: NO_TENANT })
  async replay(@Param('id') id: string) {
    const tenantId = await this.tenant(id);
    const replayed = await this.deliveries.replayFailed(tenantId, this.clock.now());
    await this.audit.record('events.replayed', 'tenant', tenantId, { replayed });
    return { replayed };
  }

  private async tenant(id: string): Promise<string> {
    const tenantId = parseUuid(id);
    if (!(await this.tenants.exists(tenantId))) throw new NotFoundError('No tenant with that id');
    return tenantId;
  }
}
