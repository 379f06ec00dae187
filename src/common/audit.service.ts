import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { queryRows } from '../database/sql.js';

export type AuditAction =
  | 'numbers.provisioned'
  | 'number.retired'
  | 'tenant.created'
  | 'tenant.key_created'
  | 'tenant.key_revoked'
  | 'binding.closed'
  | 'counterpart.conflict'
  | 'events.replayed'
  | 'report.undone';

export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  action: AuditAction;
  targetType: string;
  targetId: string | null;
  details: Record<string, unknown>;
}

/**
 * The audit log: what admins did, and what tenants did that an admin must be able to review (a
 * counterpart conflict may be a probe of another tenant's numbers). Details never hold a real phone
 * number or a secret. The actor is `admin` or `tenant:<id>`.
 */
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
    actor = 'admin',
  ): Promise<void> {
    await queryRows(
      this.dataSource,
      `INSERT INTO audit_log (at, actor, action, target_type, target_id, details) VALUES ($1, $2, $3, $4, $5, $6)`,
      [this.clock.now(), actor, action, targetType, targetId, JSON.stringify(details)],
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
