import { DataSource, type EntityManager } from 'typeorm';

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
