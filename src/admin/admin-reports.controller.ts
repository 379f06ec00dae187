import { Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AuditService } from '../common/audit.service.js';
import { ApiErrors } from '../common/openapi.js';
import { parseUuid } from '../common/uuid.js';
import { BuyerReportService } from '../policy/buyer-report.service.js';
import { PageQuery } from './admin.dto.js';
import { AdminApiController } from './admin-api.decorator.js';

const DEFAULT_PAGE_SIZE = 20;

/** Buyers' SPAM/举报 reports: what admins review, and undo when one was wrong. */
@AdminApiController()
export class AdminReportsController {
  constructor(
    private readonly reports: BuyerReportService,
    private readonly audit: AuditService,
  ) {}

  @Get('reports')
  @ApiOperation({ summary: "Buyers' spam reports, newest first" })
  @ApiOkResponse({ description: '`{ items, total, page, pageSize }`; masked senders, no buyer number, no body' })
  @ApiErrors({ 400: '`validation_failed`: a bad page' })
  async list(@Query() query: PageQuery) {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    return { ...(await this.reports.list(page, pageSize)), page, pageSize };
  }

  @Post('reports/:id/undo')
  @HttpCode(200)
  @ApiOperation({ summary: 'Undo a wrong report: it no longer counts against the text for other buyers (audited)' })
  @ApiOkResponse({ description: 'The report, with `undoneAt`' })
  @ApiErrors({ 404: '`not_found`: no report with that id' })
  async undo(@Param('id') id: string) {
    const { report, undoneNow } = await this.reports.undo(parseUuid(id));
    if (undoneNow)
      await this.audit.record('report.undone', 'report', report.id, { senderRole: report.senderRole, orderId: report.orderId });
    return report;
  }
}
