import { isIPv6 } from 'node:net';
import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { RateLimitedError } from '../common/errors.js';
import { AppConfig } from '../config/app.config.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
// Per table: the memory a flood of keys, credentials or addresses can take (about 100 bytes a window).
export const WINDOW_TABLE_CAPACITY = 100_000;

interface Window {
  startedAt: number;
  count: number;
  /** The lockout this window reached was logged already. */
  reported: boolean;
}

/** A window in the recency list: `newer` towards the most recently used end. */
interface Entry {
  key: string;
  window: Window;
  older: Entry | null;
  newer: Entry | null;
}

/**
 * Counting windows in a fixed-size table that forgets the least recently used key first: a Map finds a
 * key's entry and a doubly linked list keeps the entries in order of use, so every operation is O(1)
 * (never a scan; a Map's own iteration order would be, as it skips the holes deletions leave) and the
 * table never holds more than `capacity` windows, however many keys a flood invents. Forgetting a window
 * only forgets its count, which errs towards letting a request through.
 */
export class WindowTable {
  private readonly entries = new Map<string, Entry>();
  private oldest: Entry | null = null;
  private newest: Entry | null = null;

  constructor(
    readonly capacity: number,
    private readonly windowMs: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The key's window if it is still open (an ended one is dropped); it becomes the most recently used. */
  current(key: string, now: number): Window | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    this.unlink(entry);
    if (now >= entry.window.startedAt + this.windowMs) {
      this.entries.delete(key);
      return null;
    }
    this.pushNewest(entry);
    return entry.window;
  }

  /** The key's open window, a new one when it has none. */
  open(key: string, now: number): Window {
    const existing = this.current(key, now);
    if (existing) return existing;
    if (this.entries.size >= this.capacity && this.oldest) {
      const evicted = this.oldest;
      this.unlink(evicted);
      this.entries.delete(evicted.key);
    }
    const entry: Entry = { key, window: { startedAt: now, count: 0, reported: false }, older: null, newer: null };
    this.entries.set(key, entry);
    this.pushNewest(entry);
    return entry.window;
  }

  /** Seconds until the window ends, at least one. */
  retryAfter(window: Window, now: number): number {
    return Math.max(1, Math.ceil((window.startedAt + this.windowMs - now) / 1000));
  }

  private unlink(entry: Entry): void {
    if (entry.older) entry.older.newer = entry.newer;
    else if (this.oldest === entry) this.oldest = entry.newer;
    if (entry.newer) entry.newer.older = entry.older;
    else if (this.newest === entry) this.newest = entry.older;
    entry.older = null;
    entry.newer = null;
  }

  private pushNewest(entry: Entry): void {
    entry.older = this.newest;
    if (this.newest) this.newest.newer = entry;
    this.newest = entry;
    if (!this.oldest) this.oldest = entry;
  }
}

/**
 * The API's request budgets, counted in this instance's memory (N instances behind a load balancer allow
 * up to N times each limit), each in a WindowTable of its own so that a flood of one kind cannot push
 * out the counts of another:
 * - the tenant API, per API key, a minute (TENANT_RATE_PER_MINUTE); counted before authentication, so
 *   random keys make windows too, which is why the tables are bounded;
 * - the admin API, per source address, a minute (ADMIN_RATE_PER_MINUTE);
 * - wrong admin tokens and tenant keys, per (source address, credential), a minute
 *   (FAILED_AUTH_PER_MINUTE): a client retrying one stale key is locked out with that key alone, and
 *   every other client behind the same address (a load balancer without TRUST_PROXY) still gets in;
 * - wrong credentials of any kind, per source address, a minute (FAILED_AUTH_PER_SOURCE_PER_MINUTE, much
 *   higher): past it every attempt from the address is refused before its credential is looked at, so
 *   guessing many credentials cannot tell a right one from a wrong one;
 * - `counterpart_conflict` answers, per tenant, an hour (COUNTERPART_CONFLICTS_PER_HOUR): each 409 tells
 *   whether a phone is active on a shared relay number, so past the limit adding counterparts is refused
 *   whatever the phone.
 * Over a limit: `rate_limited` (429) with `Retry-After`, the seconds until the window ends.
 */
@Injectable()
export class RateLimitService {
  private readonly logger = new Logger(RateLimitService.name);
  readonly tenantRequests = new WindowTable(WINDOW_TABLE_CAPACITY, MINUTE_MS);
  readonly adminRequests = new WindowTable(WINDOW_TABLE_CAPACITY, MINUTE_MS);
  readonly failedCredentials = new WindowTable(WINDOW_TABLE_CAPACITY, MINUTE_MS);
  readonly failedSources = new WindowTable(WINDOW_TABLE_CAPACITY, MINUTE_MS);
  readonly counterpartConflicts = new WindowTable(WINDOW_TABLE_CAPACITY, HOUR_MS);

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Counts one tenant API request for this key (its hash: the raw key is not kept). */
  tenantRequest(apiKeyHash: string): void {
    this.take(this.tenantRequests, apiKeyHash, this.config.tenantRatePerMinute, 'Too many requests for this API key');
  }

  /** Counts one admin API request from this address. */
  adminRequest(address: string): void {
    this.take(
      this.adminRequests,
      sourceOf(address),
      this.config.adminRatePerMinute,
      'Too many admin API requests from this address',
    );
  }

  /**
   * Refuses an authentication attempt from an address past its ceiling of failed attempts, or with a
   * credential (its hash) that already failed too often from there.
   */
  assertMayAuthenticate(address: string, credentialHash: string | null): void {
    const now = this.now();
    const source = sourceOf(address);
    const fromSource = this.failedSources.current(source, now);
    if (fromSource && fromSource.count >= this.config.failedAuthPerSourcePerMinute) {
      this.refuse(
        this.failedSources,
        fromSource,
        now,
        `Too many failed authentication attempts from this address: at most ${this.config.failedAuthPerSourcePerMinute} a minute`,
      );
    }
    const withCredential = credentialHash ? this.failedCredentials.current(`${source} ${credentialHash}`, now) : null;
    if (withCredential && withCredential.count >= this.config.failedAuthPerMinute) {
      this.refuse(
        this.failedCredentials,
        withCredential,
        now,
        `Too many failed attempts with this credential from this address: at most ${this.config.failedAuthPerMinute} a minute`,
      );
    }
  }

  /** Counts a wrong credential; the first lockout of a window is logged, without the credential. */
  failedAuthentication(address: string, credentialHash: string, what: 'admin token' | 'tenant API key'): void {
    const now = this.now();
    const source = sourceOf(address);
    const withCredential = this.failedCredentials.open(`${source} ${credentialHash}`, now);
    withCredential.count += 1;
    if (withCredential.count >= this.config.failedAuthPerMinute && !withCredential.reported) {
      withCredential.reported = true;
      this.logger.warn(
        `failed authentication: one wrong ${what} from ${source} locked out after ${withCredential.count} attempts this minute`,
      );
    }
    const fromSource = this.failedSources.open(source, now);
    fromSource.count += 1;
    if (fromSource.count >= this.config.failedAuthPerSourcePerMinute && !fromSource.reported) {
      fromSource.reported = true;
      this.logger.warn(`failed authentication: ${source} locked out after ${fromSource.count} wrong credentials this minute`);
    }
  }

  /** Refuses adding counterparts for a tenant that has had too many conflicts this hour. */
  assertMayAddCounterpart(tenantId: string): void {
    const now = this.now();
    const window = this.counterpartConflicts.current(tenantId, now);
    if (window && window.count >= this.config.counterpartConflictsPerHour) {
      this.refuse(
        this.counterpartConflicts,
        window,
        now,
        `Too many counterpart conflicts for this tenant: at most ${this.config.counterpartConflictsPerHour} an hour`,
      );
    }
  }

  /** Counts one `counterpart_conflict`; answers the count in the current hour. */
  counterpartConflict(tenantId: string): number {
    const window = this.counterpartConflicts.open(tenantId, this.now());
    window.count += 1;
    if (window.count >= this.config.counterpartConflictsPerHour && !window.reported) {
      window.reported = true;
      this.logger.warn(`tenant ${tenantId}: ${window.count} counterpart conflicts this hour; adding counterparts is paused`);
    }
    return window.count;
  }

  private take(table: WindowTable, key: string, limit: number, what: string): void {
    const now = this.now();
    const window = table.open(key, now);
    if (window.count >= limit) this.refuse(table, window, now, `${what}: at most ${limit} a minute`);
    window.count += 1;
  }

  private refuse(table: WindowTable, window: Window, now: number, message: string): never {
    const retryAfter = table.retryAfter(window, now);
    throw new RateLimitedError(`${message}; retry in ${retryAfter} s`, retryAfter);
  }

  private now(): number {
    return this.clock.now().getTime();
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
