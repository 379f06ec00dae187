import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { EndpointRefusedError, isPublicAddress, publicOnlyLookup } from './endpoint-address.js';

/** How one POST ended. `retry`: try again later (timeouts, connection errors, 5xx, 429). */
export type SendResult =
  { ok: true; status: number } | { ok: false; retry: boolean; status: number | null; error: string; retryAfterMs: number | null };

/**
 * POSTs JSON to a tenant's endpoint with Node's own HTTP client: its per-connection `lookup` hook is
 * what checks, in production, the address every connection actually uses (fetch in Node 20 has no such
 * hook without the undici package). Keep-alive agents, so batches to one endpoint reuse connections.
 * Redirects are not followed: an endpoint answers where it was registered.
 */
export class EventSender {
  private readonly agents: { http: http.Agent; https: https.Agent };

  constructor(
    private readonly production: boolean,
    private readonly timeoutMs: number,
  ) {
    const options = { keepAlive: true, maxSockets: 64, ...(production ? { lookup: publicOnlyLookup as never } : {}) };
    this.agents = { http: new http.Agent(options), https: new https.Agent(options) };
  }

  send(rawUrl: string, body: string, headers: Record<string, string>): Promise<SendResult> {
    return new Promise((resolve) => {
      let settled = false;
      const done = (result: SendResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      let url: URL;
      try {
        url = new URL(rawUrl);
        const host = url.hostname.replace(/^\[|\]$/g, '');
        // An address literal connects without a lookup, so it is checked here.
        if (this.production && isIP(host) && !isPublicAddress(host)) throw new EndpointRefusedError('address not public');
      } catch (error) {
        resolve({ ok: false, retry: false, status: null, error: describe(error), retryAfterMs: null });
        return;
      }
      const client = url.protocol === 'https:' ? https : http;
      const request = client.request(url, {
        method: 'POST',
        agent: url.protocol === 'https:' ? this.agents.https : this.agents.http,
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers },
      });
      const timer = setTimeout(() => {
        request.destroy(new TimeoutError());
      }, this.timeoutMs);
      request.on('response', (response) => {
        const status = response.statusCode ?? 0;
        response.resume();
        response.on('end', () => {
          if (status >= 200 && status < 300) return done({ ok: true, status });
          const retry = status === 429 || status >= 500 || status === 408;
          done({
            ok: false,
            retry,
            status,
            error: `HTTP ${status}`,
            retryAfterMs: retryAfterMs(response.headers['retry-after']),
          });
        });
        response.on('error', (error) => done({ ok: false, retry: true, status, error: describe(error), retryAfterMs: null }));
      });
      request.on('error', (error) => {
        const refused = error instanceof EndpointRefusedError || (error as NodeJS.ErrnoException).code === 'EADDRNOTPUBLIC';
        done({ ok: false, retry: !refused, status: null, error: describe(error), retryAfterMs: null });
      });
      request.end(body);
    });
  }

  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}

class TimeoutError extends Error {
  constructor() {
    super('timeout');
    this.name = 'TimeoutError';
  }
}

/** A short cause that never quotes a body: the error's name and code. */
function describe(error: unknown): string {
  const e = error as { name?: string; code?: string; reason?: string; message?: string };
  if (e instanceof TimeoutError) return 'timeout';
  if (e instanceof EndpointRefusedError) return `refused: ${e.reason}`;
  if (e?.code === 'EADDRNOTPUBLIC') return 'refused: address not public';
  return [e?.name ?? 'Error', e?.code].filter(Boolean).join(' ');
}

/** `Retry-After`: seconds, or an HTTP date. */
function retryAfterMs(value: string | string[] | undefined): number | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return null;
  if (/^\d+$/.test(raw.trim())) return Number(raw.trim()) * 1000;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}
