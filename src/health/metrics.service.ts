import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/errors.js';
import { isDatabaseUnavailable } from '../database/database-errors.js';
import { WEBHOOK_PATHS } from '../telephony/webhook-paths.js';

export type WebhookName = 'voice' | 'voice_status' | 'sms' | 'sms_status';
export type RoutingChannel = 'voice' | 'sms';
/** A routing decision's kind, or `error` when the webhook answered with an apology. */
export type RoutingOutcome = 'connect' | 'not_in_service' | 'refuse' | 'nobody_to_reach' | 'prompt_extension' | 'error';

const WEBHOOK_BY_PATH: Record<string, WebhookName> = {
  [WEBHOOK_PATHS.voice]: 'voice',
  [WEBHOOK_PATHS.voiceStatus]: 'voice_status',
  [WEBHOOK_PATHS.sms]: 'sms',
  [WEBHOOK_PATHS.smsStatus]: 'sms_status',
};
const NUMBER_POOLS = ['dedicated', 'shared', 'extension'];
const NUMBER_STATUSES = ['available', 'in_use', 'quarantined', 'retired'];
const POOL_QUERY_TIMEOUT_MS = 2000;

/**
 * Prometheus metrics, one registry per application. Labels are small fixed sets (webhook, outcome,
 * channel, pool, status, country, result): never a phone number, an id or a tenant.
 */
@Injectable()
export class MetricsService {
  private readonly logger = new Logger(MetricsService.name);
  readonly registry = new Registry();

  private readonly webhookDuration = new Histogram({
    name: 'veil_webhook_duration_seconds',
    help: 'Time from a carrier webhook request to its answer',
    labelNames: ['webhook', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15],
    registers: [this.registry],
  });

  private readonly routingOutcomes = new Counter({
    name: 'veil_routing_outcomes_total',
    help: 'Inbound calls and texts by routing decision',
    labelNames: ['channel', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly checkouts = new Counter({
    name: 'veil_checkouts_total',
    help: 'Checkouts (POST /v1/bindings) by result: created, replayed, or the error code',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  private readonly sweeperRuns = new Counter({
    name: 'veil_sweeper_runs_total',
    help: 'Lifecycle sweeps by result',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  private readonly sweeperDuration = new Histogram({
    name: 'veil_sweeper_duration_seconds',
    help: 'Duration of one lifecycle sweep',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [this.registry],
  });

  private readonly sweeperItems = new Counter({
    name: 'veil_sweeper_items_total',
    help: 'Rows the sweeper handled, by action (expired, released, purged, forgotten, reminded)',
    labelNames: ['action'] as const,
    registers: [this.registry],
  });

  private readonly textDeliveries = new Counter({
    name: 'veil_text_deliveries_total',
    help: "Carrier delivery callbacks that moved a text's status forward, by status and failure reason",
    labelNames: ['status', 'reason'] as const,
    registers: [this.registry],
  });

  private readonly reminderResults = new Counter({
    name: 'veil_reminders_total',
    help: 'Reminder attempts by result (sent, retry, failed, unknown, settled_sent, settled_not_sent, carrier_blocked)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  private readonly carrierErasures = new Counter({
    name: 'veil_carrier_erasures_total',
    help: "Deletions of the carrier's call and text records of purged bindings, by result (done, retry, refused, failed)",
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    collectDefaultMetrics({ register: this.registry });
    const service = this;
    new Gauge({
      name: 'veil_relay_numbers',
      help: 'Relay numbers by pool, status and country (counted on scrape)',
      labelNames: ['pool', 'status', 'country'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const row of await service.countNumbers())
          this.set({ pool: row.pool, status: row.status, country: row.country }, row.n);
      },
    });
  }

  /** The text format Prometheus scrapes. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /** Webhook latency, measured by Fastify from the request's arrival to the answer's last byte. */
  instrument(fastify: FastifyInstance): void {
    fastify.addHook('onResponse', (request, reply, done) => {
      const webhook = WEBHOOK_BY_PATH[request.routeOptions.url ?? ''];
      if (webhook) {
        const outcome = reply.statusCode === 403 ? 'invalid_signature' : reply.statusCode >= 500 ? 'error' : 'answered';
        this.webhookDuration.observe({ webhook, outcome }, reply.elapsedTime / 1000);
      }
      done();
    });
  }

  routed(channel: RoutingChannel, outcome: RoutingOutcome): void {
    this.routingOutcomes.inc({ channel, outcome });
  }

  /** `status` is one of DELIVERY_RANK's, `reason` one of DELIVERY_FAILURE_REASON_NAMES (or none). */
  delivered(status: string, reason: string | null): void {
    this.textDeliveries.inc({ status, reason: reason ?? 'none' });
  }

  carrierErasure(result: string): void {
    this.carrierErasures.inc({ result });
  }

  reminder(result: string): void {
    this.reminderResults.inc({ result });
  }

  /** Counts a checkout by how it ended, and passes its result or error through. */
  async countCheckout<T extends { created: boolean }>(checkout: Promise<T>): Promise<T> {
    try {
      const result = await checkout;
      this.checkouts.inc({ result: result.created ? 'created' : 'replayed' });
      return result;
    } catch (error) {
      const result =
        error instanceof DomainError ? error.code : isDatabaseUnavailable(error) ? 'database_unavailable' : 'internal_error';
      this.checkouts.inc({ result });
      throw error;
    }
  }

  /** Times one sweep and counts what it did (every numeric field of its result is an action). */
  async observeSweep<T extends object>(sweep: () => Promise<T>): Promise<T> {
    const end = this.sweeperDuration.startTimer();
    try {
      const result = await sweep();
      this.sweeperRuns.inc({ result: 'ok' });
      for (const [action, count] of Object.entries(result)) {
        if (typeof count === 'number' && count > 0) this.sweeperItems.inc({ action }, count);
      }
      return result;
    } catch (error) {
      this.sweeperRuns.inc({ result: 'error' });
      throw error;
    } finally {
      end();
    }
  }

  /** One query per scrape; every pool and status of a country that has numbers is present, zeros too. */
  private async countNumbers(): Promise<{ pool: string; status: string; country: string; n: number }[]> {
    let rows: { pool: string; status: string; country: string; n: number }[];
    try {
      rows = await Promise.race([
        this.dataSource.query<{ pool: string; status: string; country: string; n: number }[]>(
          `SELECT pool, status, country, count(*)::int AS n FROM relay_number GROUP BY pool, status, country`,
        ),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('pool count timed out')), POOL_QUERY_TIMEOUT_MS).unref(),
        ),
      ]);
    } catch (error) {
      // A scrape while the database is away still answers, without the pool gauges.
      const e = error as { name?: string; code?: string; message?: string };
      this.logger.warn(`pool gauges unavailable: ${e?.code ?? e?.message ?? e?.name ?? 'error'}`);
      return [];
    }
    const counts = new Map(rows.map((r) => [`${r.pool}|${r.status}|${r.country}`, r.n]));
    const countries = [...new Set(rows.map((r) => r.country))];
    const pools = [...new Set([...NUMBER_POOLS, ...rows.map((r) => r.pool)])];
    const statuses = [...new Set([...NUMBER_STATUSES, ...rows.map((r) => r.status)])];
    return countries.flatMap((country) =>
      pools.flatMap((pool) =>
        statuses.map((status) => ({ pool, status, country, n: counts.get(`${pool}|${status}|${country}`) ?? 0 })),
      ),
    );
  }
}
