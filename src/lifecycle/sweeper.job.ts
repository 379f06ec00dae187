import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../config/app.config.js';
import { Clock } from '../common/clock.js';
import { BindingService } from '../bindings/binding.service.js';
import { isDatabaseUnavailable } from '../database/database-errors.js';
import type { BatchScope } from '../database/sql.js';
import { MetricsService } from '../health/metrics.service.js';
import { CarrierErasureService, ERASURE_BATCH } from './carrier-erasure.service.js';
import { LifecycleRepository } from './lifecycle.repository.js';
import { REMINDER_BATCH, ReminderService } from './reminder.service.js';

export interface SweepResult {
  expired: number;
  released: number;
  purged: number;
  /** Ended bindings deleted with their parties and records, RECORD_RETENTION_DAYS after their end. */
  deleted: number;
  forgotten: number;
  reminded: number;
  /** Rows whose batch failed: logged with the cause and set aside until their retry. */
  skipped: number;
}

const BATCH = 1000;
/**
 * Batches in flight at once per step. PostgreSQL does nearly all of a sweep's work, so one batch at a
 * time leaves its other cores idle; SKIP LOCKED lets the workers claim disjoint rows.
 */
const WORKERS = 2;
const INTERVAL_NAME = 'veil-sweeper';
/** A row whose batch failed is retried after 1 minute, then 2, 4… up to an hour. */
const FIRST_RETRY_MS = 60_000;
const MAX_RETRY_MS = 3_600_000;

/** One kind of sweeper work, done in batches. Keys are the rows' ids (hex for byte keys). */
interface Step {
  name: string;
  action: Exclude<keyof SweepResult, 'skipped'> | null;
  size: number;
  /** Batches run one after the other until one finds nothing (else WORKERS at a time, each until one of its own is short). */
  serial?: boolean;
  /**
   * One batch within the scope: rows done, rows that failed on their own, and (when not all rows it took
   * on count as done or failed, as reminders waiting to retry) how many it took on.
   */
  batch(scope: BatchScope): Promise<{ done: number; failed?: { key: string; error: unknown }[]; claimed?: number }>;
  /** The keys the next batch would claim, unclaimed. */
  due(exclude: string[], limit: number): Promise<string[]>;
}

/** Why a batch failed, without anything a statement's parameters could put in a message. */
export function failureCause(error: unknown): string {
  const e = error as { name?: string; code?: string; constraint?: string; table?: string; driverError?: unknown };
  const driver = (e?.driverError ?? {}) as { code?: string; constraint?: string; table?: string };
  const parts = [e?.name ?? 'Error', e?.code ?? driver.code];
  const constraint = e?.constraint ?? driver.constraint;
  const table = e?.table ?? driver.table;
  if (constraint) parts.push(`constraint ${constraint}`);
  if (table) parts.push(`on ${table}`);
  return parts.filter(Boolean).join(' ');
}

/**
 * Expires, quarantines, releases, purges and deletes on a timer. Routing never waits for it: `expiresAt`
 * is checked on every request. Safe with several instances: every batch claims rows with SKIP LOCKED.
 * One bad row never stalls it: a failed batch is retried in halves down to the row at fault, which is
 * logged and set aside with backoff, and a step that fails as a whole is logged and the next one runs.
 */
@Injectable()
export class SweeperJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SweeperJob.name);
  private running: Promise<SweepResult> | null = null;
  private stopping = false;
  /** `step:key` -> when it may be tried again, and how many times it failed in a row. Per instance. */
  private readonly setAside = new Map<string, { retryAt: number; failures: number }>();

  constructor(
    private readonly bindings: BindingService,
    private readonly lifecycle: LifecycleRepository,
    private readonly reminders: ReminderService,
    private readonly erasure: CarrierErasureService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly scheduler: SchedulerRegistry,
    private readonly metrics: MetricsService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.sweeperEnabled) return;
    const timer = setInterval(() => void this.tick(), this.config.sweepIntervalSeconds * 1000);
    timer.unref();
    this.scheduler.addInterval(INTERVAL_NAME, timer);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.scheduler.doesExist('interval', INTERVAL_NAME)) this.scheduler.deleteInterval(INTERVAL_NAME);
    // Let a running sweep finish its current batch; it checks `stopping` between batches.
    await this.running?.catch(() => undefined);
  }

  /** One full sweep; a sweep already in progress in this instance is joined, not doubled. */
  async runOnce(): Promise<SweepResult> {
    this.running ??= this.metrics
      .observeSweep(() => this.sweep())
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async tick(): Promise<void> {
    try {
      const result = await this.runOnce();
      if (Object.values(result).some((n) => n > 0)) this.logger.log(`sweep: ${JSON.stringify(result)}`);
    } catch (error) {
      this.logger.error(`sweep failed: ${error instanceof SweepFailedError ? error.message : failureCause(error)}`);
    }
  }

  private steps(now: Date): Step[] {
    const { lifecycle, config } = this;
    const rows = (work: (scope: BatchScope) => Promise<number>) => async (scope: BatchScope) => ({ done: await work(scope) });
    const records = (table: 'call_record' | 'message_record'): Step => ({
      name: `delete unbound ${table}`,
      action: null,
      size: BATCH,
      batch: rows((scope) => lifecycle.purgeUnboundRecords(table, now, config.recordRetentionDays, BATCH, scope)),
      due: (exclude, limit) => lifecycle.dueUnboundRecords(table, now, config.recordRetentionDays, exclude, limit),
    });
    return [
      {
        name: 'expire',
        action: 'expired',
        size: BATCH,
        batch: rows((scope) => this.bindings.expireDue(now, BATCH, scope)),
        due: (exclude, limit) => lifecycle.dueToExpire(now, exclude, limit),
      },
      {
        name: 'release',
        action: 'released',
        size: BATCH,
        batch: rows((scope) => lifecycle.releaseQuarantined(now, BATCH, scope)),
        due: (exclude, limit) => lifecycle.dueToRelease(now, exclude, limit),
      },
      {
        name: 'purge',
        action: 'purged',
        size: BATCH,
        batch: rows((scope) => lifecycle.purgeEnded(now, config.retentionDays, config.formerPartyDays, BATCH, scope)),
        due: (exclude, limit) => lifecycle.dueToPurge(now, config.retentionDays, exclude, limit),
      },
      {
        // The carrier's own copies of what was just purged (calls, texts, media), deleted at the carrier.
        name: 'erase at carrier',
        action: null,
        size: ERASURE_BATCH,
        serial: true,
        batch: async (scope) => {
          const { erased, failed, claimed } = await this.erasure.eraseDue(now, scope);
          return { done: erased, failed: failed.map((f) => ({ key: f.id, error: f.error })), claimed };
        },
        due: (exclude, limit) => this.erasure.due(now, exclude, limit),
      },
      {
        name: 'delete',
        action: 'deleted',
        size: BATCH,
        batch: rows((scope) => lifecycle.deleteEnded(now, config.recordRetentionDays, BATCH, scope)),
        due: (exclude, limit) => lifecycle.dueToDelete(now, config.recordRetentionDays, exclude, limit),
      },
      records('call_record'),
      records('message_record'),
      {
        name: 'forget fingerprints',
        action: null,
        size: BATCH,
        batch: rows((scope) => lifecycle.purgeFingerprints(now, config.campaignWindowDays, BATCH, scope)),
        due: (exclude, limit) => lifecycle.dueFingerprints(now, config.campaignWindowDays, exclude, limit),
      },
      {
        name: 'forget',
        action: 'forgotten',
        size: BATCH,
        batch: rows((scope) => lifecycle.forgetFormerParties(now, BATCH, scope)),
        due: (exclude, limit) => lifecycle.dueToForget(now, exclude, limit),
      },
      {
        name: 'forget webhook deliveries',
        action: null,
        size: BATCH,
        batch: rows((scope) => lifecycle.forgetWebhookDeliveries(now, BATCH, scope)),
        due: (exclude, limit) => lifecycle.dueWebhookDeliveries(now, exclude, limit),
      },
      {
        name: 'remind',
        action: 'reminded',
        size: REMINDER_BATCH,
        serial: true,
        batch: async (scope) => {
          const { sent, failed, claimed } = await this.reminders.sendDue(now, scope);
          return { done: sent, failed: failed.map((f) => ({ key: f.id, error: f.error })), claimed };
        },
        due: (exclude, limit) => this.reminders.due(now, exclude, limit),
      },
    ];
  }

  private async sweep(): Promise<SweepResult> {
    const now = this.clock.now();
    this.forgetOldFailures(now.getTime());
    const result: SweepResult = { expired: 0, released: 0, purged: 0, deleted: 0, forgotten: 0, reminded: 0, skipped: 0 };
    const failedSteps: string[] = [];
    for (const step of this.steps(now)) {
      if (this.stopping) break;
      try {
        const { done, skipped } = await this.drain(step, now.getTime());
        if (step.action) result[step.action] += done;
        result.skipped += skipped;
      } catch (error) {
        // Whole steps fail when the database is away; the next steps still get their chance.
        this.logger.error(`sweep step ${step.name} failed: ${failureCause(error)}`);
        failedSteps.push(step.name);
      }
    }
    if (failedSteps.length > 0) throw new SweepFailedError(failedSteps, result);
    return result;
  }

  /**
   * Batches until there is nothing left (or the app stops). Parallel steps run WORKERS batches at a time,
   * and each worker stops only on a clean short batch of its own, never on another's: a short batch shows
   * only that no due row was left unlocked, and rows another worker held then may come back (its batch
   * failed) and be isolated only in part (`due()` chooses them again, the retries skip locked rows). The
   * last worker's last batch starts when no other batch but clean final ones is in flight, so when it is
   * short nothing due is left: every row but those set aside is done in one sweep.
   */
  private async drain(step: Step, now: number): Promise<{ done: number; skipped: number }> {
    let done = 0;
    let skipped = 0;
    let failed = false;
    const worker = async () => {
      while (!failed && !this.stopping) {
        const batch = await this.runBatch(step, now).catch((error: unknown) => {
          // The step fails as a whole (the database is away): the other workers stop too.
          failed = true;
          throw error;
        });
        done += batch.done;
        skipped += batch.skipped;
        const claimed = batch.claimed ?? batch.done + batch.skipped;
        if (!batch.isolated && (step.serial ? claimed === 0 : claimed < step.size)) return;
      }
    };
    // Settle every worker before failing, so that no batch outlives the sweep that started it.
    const settled = await Promise.allSettled(Array.from({ length: step.serial ? 1 : WORKERS }, worker));
    const rejected = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (rejected) throw rejected.reason;
    return { done, skipped };
  }

  private async runBatch(
    step: Step,
    now: number,
  ): Promise<{ done: number; skipped: number; claimed?: number; isolated?: boolean }> {
    const exclude = this.excluded(step.name, now);
    try {
      const { done, failed = [], claimed } = await step.batch({ exclude, only: null });
      return { done, skipped: this.setRowsAside(step.name, failed, now), claimed };
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw error;
      // Which rows were in the failed batch: the same choice, unclaimed. Then find the bad ones. No row
      // to blame (nothing due, or the step's SQL itself fails): the step fails.
      const keys = await step.due(exclude, step.size);
      if (keys.length === 0) throw error;
      return { ...(await this.isolate(step, keys, now)), isolated: true };
    }
  }

  /** Retries `keys` in halves until each failure is down to one row, which is set aside. */
  private async isolate(step: Step, keys: string[], now: number): Promise<{ done: number; skipped: number }> {
    try {
      const { done, failed = [] } = await step.batch({ exclude: [], only: keys });
      return { done, skipped: this.setRowsAside(step.name, failed, now) };
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw error;
      if (keys.length === 1) return { done: 0, skipped: this.setRowsAside(step.name, [{ key: keys[0]!, error }], now) };
      const half = Math.ceil(keys.length / 2);
      const first = await this.isolate(step, keys.slice(0, half), now);
      const second = await this.isolate(step, keys.slice(half), now);
      return { done: first.done + second.done, skipped: first.skipped + second.skipped };
    }
  }

  private setRowsAside(step: string, rows: { key: string; error: unknown }[], now: number): number {
    return rows.filter((row) => this.setRowAside(step, row.key, row.error, now)).length;
  }

  /** False when the row was set aside already (the step's other worker met it in this sweep). */
  private setRowAside(step: string, key: string, error: unknown, now: number): boolean {
    const id = `${step}:${key}`;
    const known = this.setAside.get(id);
    if (known && known.retryAt > now) return false;
    const failures = (known?.failures ?? 0) + 1;
    const retryAt = now + Math.min(FIRST_RETRY_MS * 2 ** (failures - 1), MAX_RETRY_MS);
    this.setAside.set(id, { retryAt, failures });
    this.logger.error(
      `sweep step ${step}: row ${key.slice(0, 36)} failed (${failureCause(error)}); ` +
        `set aside until ${new Date(retryAt).toISOString()} (failure ${failures})`,
    );
    return true;
  }

  private excluded(step: string, now: number): string[] {
    const prefix = `${step}:`;
    const keys: string[] = [];
    for (const [id, entry] of this.setAside) {
      if (entry.retryAt > now && id.startsWith(prefix)) keys.push(id.slice(prefix.length));
    }
    return keys;
  }

  /** A row not failing again within the longest backoff after its retry is due has been done: forget it. */
  private forgetOldFailures(now: number): void {
    for (const [id, entry] of this.setAside) {
      if (entry.retryAt + MAX_RETRY_MS < now) this.setAside.delete(id);
    }
  }
}

/** Some steps of a sweep failed as a whole (logged each); the others ran. */
export class SweepFailedError extends Error {
  constructor(
    readonly steps: string[],
    readonly result: SweepResult,
  ) {
    super(`steps failed: ${steps.join(', ')}; done: ${JSON.stringify(result)}`);
    this.name = 'SweepFailedError';
  }
}
