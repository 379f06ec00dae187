import { Clock } from '../common/clock.js';
import { RateLimitedError } from '../common/errors.js';
import type { AppConfig } from '../config/app.config.js';
import { RateLimitService, sourceOf } from './rate-limit.service.js';

class FixedClock extends Clock {
  constructor(public at = Date.parse('2026-12-01T10:00:00Z')) {
    super();
  }
  now(): Date {
    return new Date(this.at);
  }
}

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
  const config = { tenantRatePerMinute: 3, adminRatePerMinute: 2, failedAuthPerMinute: 2 } as AppConfig;

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

  it('refuses an address after its failed attempts, until the minute ends', () => {
    const clock = new FixedClock();
    const limits = new RateLimitService(config, clock);
    limits.assertMayAuthenticate('192.0.2.1');
    limits.failedAuthentication('192.0.2.1');
    limits.failedAuthentication('192.0.2.1');
    expect(() => limits.assertMayAuthenticate('192.0.2.1')).toThrow(RateLimitedError);
    limits.assertMayAuthenticate('192.0.2.2');
    clock.at += 60_000;
    limits.assertMayAuthenticate('192.0.2.1');
  });
});
