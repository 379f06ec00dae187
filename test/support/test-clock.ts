import { Clock, DAY_MS } from '../../src/common/clock.js';

/** Time that tests move by hand: expiry and retention are tested without sleeping. */
export class TestClock extends Clock {
  private current: number;

  constructor(start = new Date('2026-12-01T10:00:00.000Z')) {
    super();
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  advanceDays(days: number): void {
    this.current += days * DAY_MS;
  }

  advanceSeconds(seconds: number): void {
    this.current += seconds * 1000;
  }
}
