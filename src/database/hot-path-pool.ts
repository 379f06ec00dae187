import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';

export interface PreparedQuery {
  /** A statement name makes pg prepare it once per connection and reuse the plan. */
  name: string;
  text: string;
}

/**
 * The webhook path's own connections, beside TypeORM's. Its commits do not wait for the WAL flush
 * (`synchronous_commit=off`): what it writes (last contact, a new caller, call and text records) is
 * visible to every instance the moment it commits, and an OS crash could lose at most the last fraction
 * of a second of it, which routing tolerates. Bindings and allocation never go through here.
 */
export class HotPathPool implements OnApplicationShutdown {
  private readonly logger = new Logger(HotPathPool.name);
  private readonly pool: pg.Pool;

  constructor(databaseUrl: string) {
    this.pool = new pg.Pool({
      connectionString: databaseUrl,
      max: 10,
      connectionTimeoutMillis: 5000,
      query_timeout: 10000,
      application_name: 'veil-hot-path',
      options: '-c synchronous_commit=off',
    });
    // An idle connection dropped by the server must not crash the process; the next query reconnects.
    this.pool.on('error', (error) => this.logger.warn(`idle connection lost: ${error.name}`));
  }

  async query<T extends pg.QueryResultRow>(statement: PreparedQuery, values: unknown[]): Promise<T[]> {
    const result = await this.pool.query<T>({ name: statement.name, text: statement.text, values });
    return result.rows;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
