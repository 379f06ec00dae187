import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app.config.js';
import { Clock } from '../common/clock.js';
import { EventDeliveryRepository, type LeasedEndpoint, type PendingEvent } from './event-delivery.repository.js';
import { WebhookEndpointService } from './webhook-endpoint.service.js';

/** Events per POST. */
export const BATCH_SIZE = 50;
const MAX_BACKOFF_MS = 3_600_000;
/** Rounds one lease runs before the tenant is given back, so that a busy tenant takes turns with the rest. */
const ROUNDS_PER_LEASE = 50;

/** An event as the endpoint receives it. */
export function toWireEvent(e: PendingEvent) {
  return {
    id: e.id,
    type: e.type,
    occurredAt: e.created_at.toISOString(),
    bindingId: e.binding_id,
    orderId: e.order_id,
    sequence: Number(e.seq),
    data: e.payload,
  };
}

/**
 * Delivers the outbox, on every instance. Each tick leases tenants with due events (up to
 * EVENT_WORKER_TENANTS at once, SKIP LOCKED so instances share them) and delivers each one's events in
 * rounds: up to EVENT_TENANT_CONCURRENCY POSTs of ≤ 50 events at once, a binding's events never split
 * across two POSTs of a round. A POST that fails backs its events off (exponential, with jitter, at least
 * Retry-After) and ends the tenant's lease for as long, so a dead endpoint costs one worker one timeout
 * per backoff and never holds up other tenants.
 */
@Injectable()
export class EventDeliveryJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EventDeliveryJob.name);
  private readonly owner = randomUUID();
  private readonly active = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private stopping = false;

  constructor(
    private readonly repository: EventDeliveryRepository,
    private readonly endpoints: WebhookEndpointService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.eventDeliveryEnabled) return;
    this.timer = setInterval(() => void this.tick(), this.config.eventPollMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.ticking;
    await Promise.allSettled(this.active.values());
  }

  /** Leases what it can and starts delivering; resolves when the leases are taken (not when delivered). */
  tick(): Promise<void> {
    this.ticking ??= this.claim().finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  /** Delivers until nothing is due (tests and the benchmark). */
  async drain(): Promise<void> {
    do {
      await this.tick();
      await Promise.allSettled(this.active.values());
    } while (this.active.size > 0);
  }

  get activeTenants(): number {
    return this.active.size;
  }

  private async claim(): Promise<void> {
    const free = this.config.eventWorkerTenants - this.active.size;
    if (free <= 0 || this.stopping) return;
    try {
      const now = this.clock.now();
      const leased = await this.repository.leaseTenants(this.owner, now, this.leaseUntil(now), free, [...this.active.keys()]);
      for (const endpoint of leased) {
        const work = this.deliverTenant(endpoint).finally(() => this.active.delete(endpoint.tenant_id));
        this.active.set(endpoint.tenant_id, work);
      }
    } catch (error) {
      this.logger.error(`event delivery: leasing failed (${cause(error)})`);
    }
  }

  private leaseUntil(now: Date): Date {
    // Longer than a round can take (its POSTs, in parallel, time out first), so a live lease is never
    // taken over; short enough that a crashed instance's tenants are picked up soon.
    return new Date(now.getTime() + this.config.eventTimeoutMs * 3);
  }

  private async deliverTenant(endpoint: LeasedEndpoint): Promise<void> {
    const tenantId = endpoint.tenant_id;
    let pause: Date | null = null;
    try {
      for (let round = 0; round < ROUNDS_PER_LEASE && !this.stopping; round++) {
        const now = this.clock.now();
        const due = await this.repository.due(tenantId, now, BATCH_SIZE * this.config.eventTenantConcurrency);
        if (due.length === 0) break;
        const batches = partition(due, this.config.eventTenantConcurrency);
        const secrets = this.endpoints.secrets(endpoint, now);
        const results = await Promise.all(batches.map((batch) => this.deliverBatch(endpoint, secrets, batch)));
        const failedUntil = results.filter((r): r is Date => r !== null);
        if (failedUntil.length > 0) {
          pause = new Date(Math.min(...failedUntil.map((d) => d.getTime())));
          break;
        }
        if (!(await this.repository.renewLease(tenantId, this.owner, this.leaseUntil(this.clock.now())))) return;
      }
    } catch (error) {
      this.logger.error(`event delivery to tenant ${tenantId} failed (${cause(error)})`);
    }
    await this.repository.releaseLease(tenantId, this.owner, pause).catch((error: unknown) => {
      this.logger.error(`event delivery: releasing tenant ${tenantId} failed (${cause(error)})`);
    });
  }

  /** One POST; answers null when delivered (or failed for good), else when the events are due again. */
  private async deliverBatch(endpoint: LeasedEndpoint, secrets: string[], batch: PendingEvent[]): Promise<Date | null> {
    const ids = batch.map((e) => e.id);
    const sentAt = this.clock.now();
    const result = await this.endpoints.post(endpoint.url, secrets, batch.map(toWireEvent), sentAt);
    const now = this.clock.now();
    if (result.ok) {
      await this.repository.delivered(endpoint.tenant_id, ids, now);
      return null;
    }
    const attempts = Math.max(...batch.map((e) => e.attempts));
    const retryAt = new Date(now.getTime() + retryDelayMs(attempts, this.config.eventRetryBaseMs, result.retryAfterMs));
    await this.repository.notDelivered(
      endpoint.tenant_id,
      ids,
      now,
      retryAt,
      !result.retry,
      this.config.eventRetryHours,
      result.error,
    );
    this.logger.warn(
      `events to tenant ${endpoint.tenant_id}: ${batch.length} not delivered (${result.error}); ${result.retry ? `retry at ${retryAt.toISOString()}` : 'failed'}`,
    );
    return result.retry ? retryAt : null;
  }
}

/**
 * How long a batch that failed waits: exponential in its tries so far (base, 2 x base, 4 x base … up to
 * an hour), with jitter over the upper half, so that endpoints that failed together do not retry
 * together, and never less than the endpoint's `Retry-After`.
 */
export function retryDelayMs(attempts: number, baseMs: number, retryAfterMs: number | null, random = Math.random()): number {
  const backoff = Math.min(baseMs * 2 ** Math.min(attempts, 20), MAX_BACKOFF_MS);
  return Math.max(backoff * (0.5 + random / 2), retryAfterMs ?? 0);
}

/**
 * Up to `count` batches of ≤ BATCH_SIZE from events in written order. A binding's events stay in one
 * batch, in order; a binding that does not fit waits for the next round (with its later events).
 */
export function partition(events: PendingEvent[], count: number): PendingEvent[][] {
  const byBinding = new Map<string, PendingEvent[]>();
  for (const event of events) {
    const key = event.binding_id ?? event.id;
    const list = byBinding.get(key);
    if (list) list.push(event);
    else byBinding.set(key, [event]);
  }
  const batches: PendingEvent[][] = [];
  let current: PendingEvent[] = [];
  for (const list of byBinding.values()) {
    if (current.length + list.length > BATCH_SIZE && current.length > 0) {
      batches.push(current);
      if (batches.length === count) return batches;
      current = [];
    }
    current.push(...list.slice(0, BATCH_SIZE));
    if (list.length > BATCH_SIZE) {
      batches.push(current);
      if (batches.length === count) return batches;
      current = [];
    }
  }
  if (current.length > 0 && batches.length < count) batches.push(current);
  return batches;
}

/** Why a database step failed, without anything a statement's parameters could put in a message. */
function cause(error: unknown): string {
  const e = error as { name?: string; code?: string };
  return [e?.name ?? 'Error', e?.code].filter(Boolean).join(' ');
}
