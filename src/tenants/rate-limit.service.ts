import { isIPv6 } from 'node:net';
import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { RateLimitedError } from '../common/errors.js';
import { AppConfig } from '../config/app.config.js';

const WINDOW_MS = 60_000;
// Bounds the memory a flood of keys or addresses can take: past it, ended windows are dropped, then the oldest.
const MAX_BUCKETS = 100_000;

interface Window {
  startedAt: number;
  count: number;
}

/**
 * The API's request budgets, in one-minute windows counted in this instance's memory (N instances
 * behind a load balancer allow up to N times each limit):
 * - the tenant API, per API key (TENANT_RATE_PER_MINUTE);
 * - the admin API, per source address (ADMIN_RATE_PER_MINUTE);
 * - wrong admin tokens and tenant keys, per source address (FAILED_AUTH_PER_MINUTE). Past that limit every
 *   attempt from the address is refused before its credential is looked at, so a right guess cannot be
 *   told from a wrong one.
 * Over a limit: `rate_limited` (429) with `Retry-After`, the seconds until the window ends.
 */
@Injectable()
export class RateLimitService {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Counts one tenant API request for this key (its hash: the raw key is not kept). */
  tenantRequest(apiKeyHash: string): void {
    this.take(`tenant:${apiKeyHash}`, this.config.tenantRatePerMinute, 'Too many requests for this API key');
  }

  /** Counts one admin API request from this address. */
  adminRequest(address: string): void {
    this.take(`admin:${sourceOf(address)}`, this.config.adminRatePerMinute, 'Too many admin API requests from this address');
  }

  /** Refuses every authentication attempt from an address that has used up its failed attempts. */
  assertMayAuthenticate(address: string): void {
    const key = `auth:${sourceOf(address)}`;
    const window = this.current(key);
    if (window && window.count >= this.config.failedAuthPerMinute) {
      this.refuse(window, this.config.failedAuthPerMinute, 'Too many failed authentication attempts from this address');
    }
  }

  failedAuthentication(address: string): void {
    this.open(`auth:${sourceOf(address)}`).count += 1;
  }

  private take(key: string, limit: number, what: string): void {
    const window = this.open(key);
    if (window.count >= limit) this.refuse(window, limit, what);
    window.count += 1;
  }

  private refuse(window: Window, limit: number, what: string): never {
    const retryAfter = Math.max(1, Math.ceil((window.startedAt + WINDOW_MS - this.clock.now().getTime()) / 1000));
    throw new RateLimitedError(`${what}: at most ${limit} a minute; retry in ${retryAfter} s`, retryAfter);
  }

  private current(key: string): Window | null {
    const window = this.windows.get(key);
    if (!window) return null;
    if (this.clock.now().getTime() >= window.startedAt + WINDOW_MS) {
      this.windows.delete(key);
      return null;
    }
    return window;
  }

  private open(key: string): Window {
    const existing = this.current(key);
    if (existing) return existing;
    if (this.windows.size >= MAX_BUCKETS) this.evict();
    const window = { startedAt: this.clock.now().getTime(), count: 0 };
    this.windows.set(key, window);
    return window;
  }

  private evict(): void {
    const endedBefore = this.clock.now().getTime() - WINDOW_MS;
    for (const [key, window] of this.windows) if (window.startedAt <= endedBefore) this.windows.delete(key);
    // Insertion order is opening order: the oldest windows go first.
    for (const key of this.windows.keys()) {
      if (this.windows.size < MAX_BUCKETS) break;
      this.windows.delete(key);
    }
  }
}

/** The source a per-address limit counts: an IPv4 address, or an IPv6 /64 (one subscriber's usual share). */
export function sourceOf(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
