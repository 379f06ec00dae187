import type { DataSource } from 'typeorm';

/** Polls `check` until it holds; the timeout is only a bound on waiting, nothing is asserted on time. */
export async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Waits until `count` (or more) statements starting with `queryStart` wait for a lock: a barrier that lets a test
 * hold a row (in a transaction of its own) until every racer has taken its snapshot and queued behind it.
 */
export function lockWaiters(dataSource: DataSource, queryStart: string, count: number): Promise<void> {
  return eventually(
    async () =>
      (
        await dataSource.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND starts_with(ltrim(query, E' \t\r\n'), $1)`,
          [queryStart],
        )
      )[0].n >= count,
    `${count} statement(s) "${queryStart}…" to wait for a lock`,
  );
}
