import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app.config.js';
import { Clock, DAY_MS } from '../common/clock.js';
import { NotFoundError, ValidationFailedError } from '../common/errors.js';
import { PhoneCipher } from '../common/phone-cipher.service.js';
import { queryRows } from '../database/sql.js';
import { checkEndpointHost, EndpointRefusedError, urlProblem } from './endpoint-address.js';
import { EVENT_TYPES, type EventType } from './event-outbox.js';
import { EventSender, type SendResult } from './event-sender.js';
import { signatureHeader } from './event-signature.js';

interface EndpointRow {
  url: string;
  events: string[] | null;
  secret_enc: string;
  previous_secret_enc: string | null;
  previous_secret_until: Date | null;
  last_success_at: Date | null;
  last_failure_at: Date | null;
  consecutive_failures: number;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
}

/** After a rotation the old secret still signs (a second `v1=`) this long. */
const PREVIOUS_SECRET_MS = DAY_MS;

/**
 * A tenant's one event endpoint: its URL (checked against the address rules in endpoint-address.ts),
 * which events it wants, and its signing secrets. Veil needs a secret in the clear to sign, so secrets
 * are stored encrypted with the data key (like real numbers), never hashed; one is shown only once.
 */
@Injectable()
export class WebhookEndpointService implements OnApplicationShutdown {
  readonly sender: EventSender;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: PhoneCipher,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    this.sender = new EventSender(this.production, config.eventTimeoutMs);
  }

  /** The production address rules (https, public addresses only), unless EVENT_ALLOW_PRIVATE_ENDPOINTS. */
  get production(): boolean {
    return !this.config.eventAllowPrivateEndpoints;
  }

  /** Registers or replaces the endpoint. A new endpoint gets a secret (answered this once); a replaced one keeps its own. */
  async put(tenantId: string, input: { url: string; events?: string[] | null }) {
    const url = input.url.trim();
    const problem = urlProblem(url, this.production);
    if (problem) throw new ValidationFailedError(`url ${problem}`, [{ field: 'url', message: problem }]);
    try {
      await checkEndpointHost(url, this.production);
    } catch (error) {
      if (!(error instanceof EndpointRefusedError)) throw error;
      throw new ValidationFailedError(`url ${error.reason}`, [{ field: 'url', message: error.reason }]);
    }
    const events = input.events === undefined || input.events === null ? null : [...new Set(input.events)];
    const secret = newSecret();
    const now = this.clock.now();
    const [row] = await queryRows<EndpointRow & { inserted: boolean }>(
      this.dataSource,
      `INSERT INTO tenant_webhook (tenant_id, url, events, secret_enc, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $5)
       ON CONFLICT (tenant_id) DO UPDATE SET url = EXCLUDED.url, events = EXCLUDED.events, updated_at = EXCLUDED.updated_at
       RETURNING *, (xmax = 0) AS inserted`,
      [tenantId, url, events, this.cipher.encrypt(secret), now],
    );
    return { created: row!.inserted, endpoint: { ...this.toResponse(row!), secret: row!.inserted ? secret : null } };
  }

  async get(tenantId: string) {
    return this.toResponse(await this.find(tenantId));
  }

  /** Removes the endpoint; events not yet delivered to it are dropped with it. */
  async remove(tenantId: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const rows = await queryRows<{ tenant_id: string }>(
        tx,
        `DELETE FROM tenant_webhook WHERE tenant_id = $1 RETURNING tenant_id`,
        [tenantId],
      );
      if (rows.length === 0) throw new NotFoundError('No webhook endpoint is registered');
      await queryRows(tx, `DELETE FROM event_outbox WHERE tenant_id = $1`, [tenantId]);
    });
  }

  /** A new secret; the one it replaces keeps signing beside it for 24 h. */
  async rotateSecret(tenantId: string) {
    const secret = newSecret();
    const now = this.clock.now();
    const until = new Date(now.getTime() + PREVIOUS_SECRET_MS);
    const [row] = await queryRows<EndpointRow>(
      this.dataSource,
      `UPDATE tenant_webhook SET previous_secret_enc = secret_enc, previous_secret_until = $3, secret_enc = $2, updated_at = $4
        WHERE tenant_id = $1 RETURNING *`,
      [tenantId, this.cipher.encrypt(secret), until, now],
    );
    if (!row) throw new NotFoundError('No webhook endpoint is registered');
    return { ...this.toResponse(row), secret };
  }

  /** Sends a `ping` now, signed like any batch, and answers how the endpoint replied. */
  async test(tenantId: string) {
    const row = await this.find(tenantId);
    const now = this.clock.now();
    const ping = {
      id: randomUUID(),
      type: 'ping',
      occurredAt: now.toISOString(),
      bindingId: null,
      orderId: null,
      sequence: 0,
      data: {},
    };
    const result = await this.post(row.url, this.secrets(row, now), [ping], now);
    return result.ok
      ? { delivered: true, status: result.status, error: null }
      : { delivered: false, status: result.status, error: result.error };
  }

  /** Signs and POSTs one batch. */
  post(url: string, secrets: string[], events: unknown[], now: Date): Promise<SendResult> {
    const body = JSON.stringify({ events });
    const t = Math.floor(now.getTime() / 1000);
    return this.sender.send(url, body, { 'veil-signature': signatureHeader(body, t, secrets), 'user-agent': 'Veil-Events/1' });
  }

  /** The secrets that sign now: the current one, and the previous one within its 24 h. */
  secrets(row: Pick<EndpointRow, 'secret_enc' | 'previous_secret_enc' | 'previous_secret_until'>, now: Date): string[] {
    const secrets = [this.cipher.decrypt(row.secret_enc)];
    if (row.previous_secret_enc && row.previous_secret_until && row.previous_secret_until > now) {
      secrets.push(this.cipher.decrypt(row.previous_secret_enc));
    }
    return secrets;
  }

  onApplicationShutdown(): void {
    this.sender.close();
  }

  private async find(tenantId: string): Promise<EndpointRow> {
    const [row] = await queryRows<EndpointRow>(this.dataSource, `SELECT * FROM tenant_webhook WHERE tenant_id = $1`, [tenantId]);
    if (!row) throw new NotFoundError('No webhook endpoint is registered');
    return row;
  }

  private toResponse(row: EndpointRow) {
    const now = this.clock.now();
    const secret = this.cipher.decrypt(row.secret_enc);
    return {
      url: row.url,
      events: (row.events ?? [...EVENT_TYPES]) as EventType[],
      allEvents: row.events === null,
      secretMasked: `${secret.slice(0, 10)}…`,
      previousSecretValidUntil:
        row.previous_secret_until && row.previous_secret_until > now ? row.previous_secret_until.toISOString() : null,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    };
  }
}

function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}
