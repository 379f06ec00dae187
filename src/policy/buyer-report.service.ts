import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { NotFoundError } from '../common/errors.js';
import { PolicyRepository, type ReportRow } from './policy.repository.js';

export interface ReportResponse {
  id: string;
  reportedAt: string;
  bindingId: string | null;
  orderId: string | null;
  tenantId: string | null;
  senderRole: string;
  senderMasked: string;
  /** The reported text looked promotional: its copies to other buyers are blocked. */
  promotional: boolean;
  /** Distinct buyers whose standing reports match this text (REPORT_MIN_BUYERS of them block it for all). */
  reporters: number;
  undoneAt: string | null;
}

export function toReportResponse(report: ReportRow): ReportResponse {
  return {
    ...report,
    reportedAt: report.reportedAt.toISOString(),
    undoneAt: report.undoneAt?.toISOString() ?? null,
  };
}

/** Buyers' SPAM/举报 reports as admins review them: masked senders, no buyer number, no body. */
@Injectable()
export class BuyerReportService {
  private readonly logger = new Logger(BuyerReportService.name);

  constructor(
    private readonly repository: PolicyRepository,
    private readonly clock: Clock,
  ) {}

  async list(page: number, pageSize: number): Promise<{ items: ReportResponse[]; total: number }> {
    const { items, total } = await this.repository.listReports(page, pageSize);
    return { items: items.map(toReportResponse), total };
  }

  /** A wrong report stops counting for other buyers; the reporting buyer's own opt-out stays (START undoes it). */
  async undo(id: string): Promise<{ report: ReportResponse; undoneNow: boolean }> {
    const result = await this.repository.undoReport(id, this.clock.now());
    if (!result) throw new NotFoundError('No report with that id');
    if (result.undoneNow) this.logger.log(`report ${id} undone`);
    return { report: toReportResponse(result.report), undoneNow: result.undoneNow };
  }
}
