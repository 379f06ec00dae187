import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/app.config.js';
import { checkEndpointHost, isPublicAddress, urlProblem } from './endpoint-address.js';
import { partition, retryDelayMs, BATCH_SIZE } from './event-delivery.job.js';
import type { PendingEvent } from './event-delivery.repository.js';
import { EventSender } from './event-sender.js';

/** A local endpoint answering each request with `answer` (or never, for 'hang'); counts what reached it. */
async function endpoint(answer: (req: IncomingMessage, res: ServerResponse) => void) {
  let reached = 0;
  const open: ServerResponse[] = [];
  const server: Server = createServer((req, res) => {
    reached += 1;
    open.push(res);
    req.resume();
    req.on('end', () => answer(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    get reached() {
      return reached;
    },
    close: async () => {
      open.forEach((res) => res.destroy());
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('the endpoint address, checked on every connection', () => {
  it('refuses, in production, a name that resolves to loopback when it connects (a DNS answer that changed since registration)', async () => {
    const ok = await endpoint((_req, res) => res.writeHead(200).end('{}'));
    const production = new EventSender(true, 2000);
    const development = new EventSender(false, 2000);
    try {
      // "localhost" stands for a public name whose DNS now answers 127.0.0.1: nothing but the lookup at
      // connection time stands in the way (the sender does not look at the name itself).
      const url = `http://localhost:${ok.port}/events`;
      expect(await production.send(url, '{"events":[]}', {})).toEqual({
        ok: false,
        retry: false,
        status: null,
        error: 'refused: resolves to a private, loopback or link-local address',
        retryAfterMs: null,
      });
      expect(ok.reached).toBe(0);
      // An address literal is checked without a lookup.
      expect(await production.send(`http://127.0.0.1:${ok.port}/events`, '{}', {})).toMatchObject({ ok: false, retry: false });
      expect(ok.reached).toBe(0);
      // The same endpoint outside production: reached.
      expect(await development.send(url, '{"events":[]}', {})).toEqual({ ok: true, status: 200 });
      expect(ok.reached).toBe(1);
    } finally {
      production.close();
      development.close();
      await ok.close();
    }
  });

  it('checks every address a name resolves to at registration, beyond the URL rules', async () => {
    expect(urlProblem('https://localhost/events', true)).not.toBeNull();
    // The resolution itself (a name no rule of the URL catches resolves the same way):
    await expect(checkEndpointHost('https://localhost/events', true)).rejects.toThrow(/private, loopback or link-local/);
    await expect(checkEndpointHost('https://localhost/events', false)).resolves.toBeUndefined();
    for (const address of [
      '127.0.0.1',
      '10.0.0.1',
      '172.16.5.4',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '::1',
      'fe80::1',
      'fd12::1',
      '::ffff:10.0.0.1',
    ])
      expect([address, isPublicAddress(address)]).toEqual([address, false]);
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111'])
      expect([address, isPublicAddress(address)]).toEqual([address, true]);
  });
});

describe('one POST: timeout, retries and Retry-After', () => {
  it('gives up on a request after its timeout (10 s unless EVENT_TIMEOUT_MS says otherwise), to retry later', async () => {
    expect(loadConfig({ VEIL_DATA_DIR: mkdtempSync(join(tmpdir(), 'veil-events-')) })).toMatchObject({
      eventTimeoutMs: 10_000,
      eventRetryHours: 24,
      eventAllowPrivateEndpoints: true,
    });
    expect(
      loadConfig({ VEIL_DATA_DIR: mkdtempSync(join(tmpdir(), 'veil-events-')), NODE_ENV: 'production', ...PRODUCTION }),
    ).toMatchObject({ eventAllowPrivateEndpoints: false });
    const hang = await endpoint(() => undefined);
    const sender = new EventSender(false, 200);
    try {
      expect(await sender.send(`http://127.0.0.1:${hang.port}/`, '{}', {})).toEqual({
        ok: false,
        retry: true,
        status: null,
        error: 'timeout',
        retryAfterMs: null,
      });
    } finally {
      sender.close();
      await hang.close();
    }
  });

  it('retries timeouts, 5xx, 408 and 429 (reading Retry-After), and fails any other answer at once', async () => {
    let reply: { status: number; headers?: Record<string, string> } = { status: 200 };
    const server = await endpoint((_req, res) => res.writeHead(reply.status, reply.headers ?? {}).end());
    const sender = new EventSender(false, 2000);
    const send = async (status: number, headers?: Record<string, string>) => {
      reply = { status, headers };
      return sender.send(`http://127.0.0.1:${server.port}/`, '{}', {});
    };
    try {
      for (const status of [500, 502, 503, 504, 408])
        expect([status, await send(status)]).toEqual([status, expect.objectContaining({ ok: false, retry: true, status })]);
      expect(await send(429, { 'retry-after': '120' })).toMatchObject({ retry: true, status: 429, retryAfterMs: 120_000 });
      for (const status of [400, 401, 404, 410, 301])
        expect([status, await send(status)]).toEqual([status, expect.objectContaining({ ok: false, retry: false })]);
      expect(await send(204)).toEqual({ ok: true, status: 204 });
    } finally {
      sender.close();
      await server.close();
    }
  });

  it('backs off exponentially with jitter, up to an hour, and never sooner than Retry-After', () => {
    const base = 10_000;
    for (let attempts = 0; attempts < 12; attempts++) {
      const full = Math.min(base * 2 ** attempts, 3_600_000);
      expect([attempts, retryDelayMs(attempts, base, null, 0)]).toEqual([attempts, full / 2]);
      expect([attempts, retryDelayMs(attempts, base, null, 1)]).toEqual([attempts, full]);
    }
    // Two endpoints failing together draw different waits.
    expect(retryDelayMs(3, base, null, 0.1)).not.toBe(retryDelayMs(3, base, null, 0.9));
    expect(retryDelayMs(0, base, 7_200_000, 0.5)).toBe(7_200_000);
    expect(retryDelayMs(10, base, 1_000, 0.5)).toBe(2_700_000);
  });
});

describe('batches', () => {
  const event = (binding: string, seq: number): PendingEvent => ({
    id: `${binding}-${seq}`,
    binding_id: binding,
    order_id: binding,
    type: 'binding.extended',
    seq: String(seq),
    payload: {},
    created_at: new Date(0),
    attempts: 0,
  });

  it('holds at most 50 events, keeps a binding in one batch, in order, and leaves what does not fit for the next round', () => {
    const events = [
      ...Array.from({ length: 30 }, (_, i) => event('a', i + 1)),
      ...Array.from({ length: 30 }, (_, i) => event('b', i + 1)),
      ...Array.from({ length: 70 }, (_, i) => event('c', i + 1)),
      event('d', 1),
    ];
    const batches = partition(events, 4);
    expect(batches.every((b) => b.length <= BATCH_SIZE)).toBe(true);
    expect(batches.map((b) => [...new Set(b.map((e) => e.binding_id))])).toEqual([['a'], ['b'], ['c'], ['d']]);
    for (const batch of batches) {
      const seqs = batch.map((e) => Number(e.seq));
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    }
    expect(batches[2]).toHaveLength(50); // c's first 50; its other 20 wait
    expect(
      partition(events, 2)
        .flat()
        .map((e) => e.binding_id),
    ).toEqual([...Array(30).fill('a'), ...Array(30).fill('b')]);
  });
});

const PRODUCTION = {
  ADMIN_TOKEN: 'x'.repeat(32),
  DATA_ENCRYPTION_KEY: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
  LOOKUP_HASH_KEY: 'y'.repeat(32),
  DATABASE_URL: 'postgres://veil@db.example.com/veil',
  PUBLIC_BASE_URL: 'https://veil.example.com',
  TWILIO_AUTH_TOKEN: 'z'.repeat(32),
};
