import { DataSource, type EntityManager } from 'typeorm';

// Two ways to the database, on purpose. Everything that must be durable or transactional (checkout,
// closes, the sweeper, admin) runs here, on TypeORM's connections. The carrier webhooks use HotPathPool
// (database/hot-path-pool.ts): connections of their own, prepared statements, commits that do not wait
// for the WAL flush; only what routing and the text policy write goes there.

/**
 * Runs raw SQL and returns its rows whatever the command. (TypeORM's `query()` answers UPDATE and DELETE
 * with `[rows, count]` but SELECT and INSERT with `rows`; the structured result is the same for all.)
 */
export async function queryRows<T>(db: EntityManager | DataSource, text: string, params: unknown[] = []): Promise<T[]> {
  const manager = db instanceof DataSource ? db.manager : db;
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const result = await runner.query(text, params, true);
    return result.records as T[];
  } finally {
    if (!manager.queryRunner) await runner.release();
  }
}

/**
 * A transaction whose commit does not wait for the WAL flush. Only for work whose rows still match
 * after a crash that lost it, so that it is found and done again (the sweeper's batches).
 */
export function unflushedTransaction<T>(dataSource: DataSource, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  return dataSource.transaction(async (tx) => {
    await tx.query('SET LOCAL synchronous_commit = off');
    return work(tx);
  });
}

/**
 * Which rows a sweeper batch may claim, by key: never those in `exclude` (rows whose batch failed lately
 * and wait for their retry), and when `only` is set, none but those (a failed batch retried in parts).
 */
export interface BatchScope {
  exclude: string[];
  only: string[] | null;
}

export const ANY_ROW: BatchScope = { exclude: [], only: null };

/**
 * The scope as a condition on `key`, with the exclusions in parameter $`param` and the restriction in
 * $`param + 1` (both arrays of `type`). Unnamed statements are planned with their values, so an empty
 * scope costs nothing.
 */
export function scopeSql(key: string, param: number, type: 'uuid' | 'bytea' | 'text' = 'uuid'): string {
  return `${key} <> ALL($${param}::${type}[]) AND ($${param + 1}::${type}[] IS NULL OR ${key} = ANY($${param + 1}::${type}[]))`;
}
