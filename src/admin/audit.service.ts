import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { queryRows } from '../database/sql.js';

export type AuditAction = 'numbers.provisioned' | 'number.retired' | 'tenant.created' | 'binding.closed';

export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  action: AuditAction;
  targetType: string;
  targetId: string | null;
  details: Record<string, unknown>;
}

/** The admin audit log. Details never hold a real phone number or a secret. */
@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async record(
    action: AuditAction,
    targetType: string,
    targetId: string | null,
    details: Record<string, unknown>,
  ): Promise<void> {
    await queryRows(
      this.dataSource,
      `INSERT INTO audit_log (at, actor, action, target_type, target_id, details) VALUES ($1, 'admin', $2, $3, $4, $5)`,
      [this.clock.now(), action, targetType, targetId, JSON.stringify(details)],
    );
  }

  async list(page: number, pageSize: number): Promise<{ items: AuditEntry[]; total: number }> {
    const rows = await queryRows<{
      id: string;
      at: Date;
      actor: string;
      action: AuditAction;
      target_type: string;
      target_id: string | null;
      details: Record<string, unknown>;
      total: string;
    }>(this.dataSource, `SELECT *, count(*) OVER () AS total FROM audit_log ORDER BY at DESC, id LIMIT $1 OFFSET $2`, [
      pageSize,
      (page - 1) * pageSize,
    ]);
    const total = rows[0] ? Number(rows[0].total) : await this.count();
    return {
      total,
      items: rows.map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        actor: r.actor,
        action: r.action,
        targetType: r.target_type,
        targetId: r.target_id,
        details: r.details,
      })),
    };
  }

  private async count(): Promise<number> {
    const [row] = await queryRows<{ n: number }>(this.dataSource, `SELECT count(*)::int AS n FROM audit_log`);
    return row!.n;
  }
}
