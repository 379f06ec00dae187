import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '../../src/events/event-signature.js';

export interface ReceivedEvent {
  id: string;
  type: string;
  occurredAt: string;
  bindingId: string | null;
  orderId: string | null;
  sequence: number;
  data: Record<string, any>;
}

/** How the receiver answers one request: a status (and headers), or never (the request hangs). */
export type Reply = { status: number; headers?: Record<string, string> } | 'hang';

export interface ReceivedRequest {
  signature: string;
  body: string;
  events: ReceivedEvent[];
  validSignature: boolean;
  answered: number | 'hang';
}

/**
 * A platform's event endpoint, on a local port: it checks each batch's signature with `secret` (set
 * once the secret is known), answers by a script (then 200 for ever), and notes every event it took
 * (answered 2xx) and every request. It fails a test's expectations when one event id is in two
 * requests at the same time.
 */
export class EventReceiver {
  readonly requests: ReceivedRequest[] = [];
  /** Events of requests answered 2xx, in arrival order (duplicates kept: at least once). */
  readonly accepted: ReceivedEvent[] = [];
  secrets: string[] = [];
  script: Reply[] = [];
  /** Event ids in requests still open; one seen twice at once is a concurrent double send. */
  private readonly inFlight = new Set<string>();
  concurrentDuplicates = 0;
  /** How long each answer takes (so that requests Veil sends together overlap here). */
  delayMs = 0;
  /** The most requests Veil held open to this endpoint at once. */
  maxOpen = 0;
  private open = 0;
  private readonly hanging: ServerResponse[] = [];
  private server!: Server;
  url = '';

  constructor(private readonly path = '/events') {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${this.path}`;
    return this;
  }

  /** Events taken, each id once (what a receiver keeps after de-duplicating by id). */
  unique(): ReceivedEvent[] {
    const seen = new Map<string, ReceivedEvent>();
    for (const event of this.accepted) if (!seen.has(event.id)) seen.set(event.id, event);
    return [...seen.values()];
  }

  /** Requests held open by a 'hang' answer and not yet closed by Veil. */
  openRequests(): number {
    return this.hanging.filter((res) => !res.closed).length;
  }

  async waitFor(condition: () => boolean, what: string, tick?: () => void | Promise<void>, rounds = 3000): Promise<void> {
    for (let i = 0; i < rounds; i++) {
      if (condition()) return;
      await tick?.();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(
      `receiver: timed out waiting for ${what} (${this.accepted.length} events taken, ${this.requests.length} requests)`,
    );
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.open += 1;
    this.maxOpen = Math.max(this.maxOpen, this.open);
    res.on('close', () => (this.open -= 1));
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const signature = String(req.headers['veil-signature'] ?? '');
    const t = Number(/t=(\d+)/.exec(signature)?.[1]);
    const events = (JSON.parse(body) as { events: ReceivedEvent[] }).events;
    const validSignature = this.secrets.some((secret) => verifySignature(signature, body, secret, t));
    const reply = this.script.shift() ?? { status: 200 };
    this.requests.push({ signature, body, events, validSignature, answered: reply === 'hang' ? 'hang' : reply.status });
    for (const event of events) {
      if (this.inFlight.has(event.id)) this.concurrentDuplicates += 1;
      this.inFlight.add(event.id);
    }
    const settle = () => events.forEach((event) => this.inFlight.delete(event.id));
    if (reply === 'hang') {
      this.hanging.push(res);
      res.on('close', settle);
      return;
    }
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (reply.status >= 200 && reply.status < 300) this.accepted.push(...events);
    settle();
    res.writeHead(reply.status, { 'content-type': 'application/json', ...(reply.headers ?? {}) });
    res.end('{}');
  }
}
