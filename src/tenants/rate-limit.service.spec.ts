import { Clock } from '../common/clock.js';
import { RateLimitedError } from '../common/errors.js';
import type { AppConfig } from '../config/app.config.js';
import { RateLimitService, sourceOf, WINDOW_TABLE_CAPACITY, WindowTable } from './rate-limit.service.js';

class FixedClock extends Clock {
  constructor(public at = Date.parse('2026-12-01T10:00:00Z')) {
    super();
  }
  now(): Date {
    return new Date(this.at);
  }
}

const config = {
  tenantRatePerMinute: 3,
  adminRatePerMinute: 2,
  failedAuthPerMinute: 2,
  failedAuthPerSourcePerMinute: 10,
  counterpartConflictsPerHour: 30,
} as AppConfig;

describe('sourceOf', () => {
  it('counts an IPv4 address as itself, an IPv4-mapped one as IPv4, and an IPv6 address by its /64', () => {
    expect(sourceOf('203.0.113.7')).toBe('203.0.113.7');
    expect(sourceOf('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(sourceOf('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(sourceOf('2001:0db8:0001:0002:ffff:0:0:9')).toBe('2001:db8:1:2::/64');
    expect(sourceOf('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(sourceOf('::1')).toBe('0:0:0:0::/64');
  });
});

describe('RateLimitService', () => {
  it('allows N requests a minute per key, then refuses with the seconds left in the window', () => {
    const clock = new FixedClock();
    const limits = new RateLimitService(config, clock);
    for (let i = 0; i < 3; i++) limits.tenantRequest('a');
    clock.at += 20_000;
    let refused: unknown;
    try {
      limits.tenantRequest('a');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect((refused as RateLimitedError).retryAfterSeconds).toBe(40);
    limits.tenantRequest('b');
    clock.at += 40_000;
    limits.tenantRequest('a');
  });

  it('locks out one credential from one address, others still get in, until the minute ends', () => {
    const clock = new FixedClock();
    const limits = new RateLimitService({ ...config, failedAuthPerSourcePerMinute: 10 } as AppConfig, clock);
    limits.assertMayAuthenticate('192.0.2.1', 'stale-key');
    limits.failedAuthentication('192.0.2.1', 'stale-key', 'tenant API key');
    limits.failedAuthentication('192.0.2.1', 'stale-key', 'tenant API key');
    expect(() => limits.assertMayAuthenticate('192.0.2.1', 'stale-key')).toThrow(RateLimitedError);
    // The same address with another credential, or with none, and the same credential elsewhere: let in.
    limits.assertMayAuthenticate('192.0.2.1', 'right-key');
    limits.assertMayAuthenticate('192.0.2.1', null);
    limits.assertMayAuthenticate('192.0.2.2', 'stale-key');
    clock.at += 60_000;
    limits.assertMayAuthenticate('192.0.2.1', 'stale-key');
  });

  it('refuses every credential from an address past its ceiling of wrong ones', () => {
    const clock = new FixedClock();
    const limits = new RateLimitService({ ...config, failedAuthPerSourcePerMinute: 5 } as AppConfig, clock);
    for (let i = 0; i < 5; i++) {
      limits.assertMayAuthenticate('192.0.2.1', `guess-${i}`);
      limits.failedAuthentication('192.0.2.1', `guess-${i}`, 'admin token');
    }
    expect(() => limits.assertMayAuthenticate('192.0.2.1', 'right-key')).toThrow(/from this address/);
    expect(() => limits.assertMayAuthenticate('192.0.2.1', null)).toThrow(RateLimitedError);
    limits.assertMayAuthenticate('192.0.2.2', 'right-key');
  });

  it('refuses adding counterparts for a tenant past its conflicts in the hour', () => {
    const clock = new FixedClock();
    const limits = new RateLimitService({ ...config, counterpartConflictsPerHour: 2 } as AppConfig, clock);
    expect(limits.counterpartConflict('tenant-a')).toBe(1);
    limits.assertMayAddCounterpart('tenant-a');
    expect(limits.counterpartConflict('tenant-a')).toBe(2);
    let refused: unknown;
    try {
      limits.assertMayAddCounterpart('tenant-a');
    } catch (error) {
      refused = error;
    }
    expect((refused as RateLimitedError).retryAfterSeconds).toBe(3600);
    limits.assertMayAddCounterpart('tenant-b');
    clock.at += 3_600_000;
    limits.assertMayAddCounterpart('tenant-a');
  });
});

describe('WindowTable', () => {
  it('keeps memory flat under a million random bearer keys: at most its capacity of windows, the busy ones kept', () => {
    const limits = new RateLimitService({ ...config, tenantRatePerMinute: 1_000_000 } as AppConfig, new FixedClock());
    limits.tenantRequest('a real tenant');
    let largest = 0;
    for (let i = 0; i < 1_000_000; i++) {
      limits.tenantRequest(Math.random().toString(36).slice(2));
      // The real tenant keeps sending now and then: touched, so never the least recently used.
      if (i % 50_000 === 0) limits.tenantRequest('a real tenant');
      largest = Math.max(largest, limits.tenantRequests.size);
    }
    expect(largest).toBe(WINDOW_TABLE_CAPACITY);
    expect(limits.tenantRequests.current('a real tenant', new FixedClock().now().getTime())!.count).toBe(21);
    // The flood of unknown keys takes nothing from the other tables.
    expect(limits.failedCredentials.size + limits.failedSources.size + limits.adminRequests.size).toBe(0);
  });

  it('forgets an ended window, and evicts the least recently used key first', () => {
    const table = new WindowTable(2, 60_000);
    table.open('a', 0).count = 1;
    table.open('b', 0).count = 1;
    table.current('a', 1);
    table.open('c', 2);
    expect(table.current('b', 3)).toBeNull();
    expect(table.current('a', 3)!.count).toBe(1);
    expect(table.current('a', 60_000)).toBeNull();
  });
});
