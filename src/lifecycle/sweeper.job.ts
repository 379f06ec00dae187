import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../config/app.config.js';
import { Clock } from '../common/clock.js';
import { BindingService } from '../bindings/binding.service.js';
import { MetricsService } from '../health/metrics.service.js';
import { LifecycleRepository } from './lifecycle.repository.js';
import { ReminderService } from './reminder.service.js';

export interface SweepResult {
  expired: number;
  released: number;
  purged: number;
  forgotten: number;
  reminded: number;
}

const BATCH = 1000;
/**
 * Batches in flight at once per step. PostgreSQL does nearly all of a sweep's work, so one batch at a
 * time leaves its other cores idle; SKIP LOCKED lets the workers claim disjoint rows.
 */
const WORKERS = 2;
const INTERVAL_NAME = 'veil-sweeper';

/**
 * Expires, quarantines, releases and purges on a timer. Routing never waits for it: `expiresAt` is
 * checked on every request. Safe with several instances: every batch claims rows with SKIP LOCKED.
 */
@Injectable()
export class SweeperJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SweeperJob.name);
  private running: Promise<SweepResult> | null = null;
  private stopping = false;

  constructor(
    private readonly bindings: BindingService,
    private readonly lifecycle: LifecycleRepository,
    private readonly reminders: ReminderService,
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
      const e = error as { name?: string; code?: string };
      this.logger.error(`sweep failed: ${e.name ?? 'Error'} ${e.code ?? ''}`.trim());
    }
  }

  private async sweep(): Promise<SweepResult> {
    const now = this.clock.now();
    const result: SweepResult = { expired: 0, released: 0, purged: 0, forgotten: 0, reminded: 0 };
    result.expired = await this.drain(() => this.bindings.expireDue(now, BATCH));
    result.released = await this.drain(() => this.lifecycle.releaseQuarantined(now, BATCH));
    result.purged = await this.drain(() => this.lifecycle.purgeEnded(now, this.config.retentionDays, BATCH));
    await this.drain(() => this.lifecycle.purgeUnboundRecords(now, this.config.retentionDays, BATCH));
    result.forgotten = await this.drain(() => this.lifecycle.forgetFormerParties(now, BATCH));
    result.reminded = await this.drainAll(() => this.reminders.sendDue(now));
    return result;
  }

  /** Batches of any size, until one finds nothing to do (or the app stops). */
  private async drainAll(batch: () => Promise<number>): Promise<number> {
    let total = 0;
    while (!this.stopping) {
      const done = await batch();
      total += done;
      if (done === 0) break;
    }
    return total;
  }

  /**
   * Full batches until one comes back short (or the app stops), WORKERS at a time. A short batch means
   * what is left is claimed by the batches still in flight; they finish and nothing new starts.
   */
  private async drain(batch: () => Promise<number>): Promise<number> {
    let total = 0;
    let more = true;
    const worker = async () => {
      while (more && !this.stopping) {
        const done = await batch().catch((error: unknown) => {
          more = false;
          throw error;
        });
        total += done;
        if (done < BATCH) more = false;
      }
    };
    // Settle every worker before failing, so that no batch outlives the sweep that started it.
    const settled = await Promise.allSettled(Array.from({ length: WORKERS }, worker));
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    return total;
  }
}
