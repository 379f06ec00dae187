import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DestinationStream } from 'pino';
import { DemoSeedService } from './admin/demo-seed.service.js';
import { createVeilApp } from './app.factory.js';
import type { Clock } from './common/clock.js';
import type { AppConfig } from './config/app.config.js';
import { checkPortFree } from './common/port-check.js';
import { checkDatabaseUrl } from './database/database-check.js';
import { runMigrations } from './database/data-source.js';
import { EmbeddedDatabase } from './database/embedded-database.js';
import { reachableUrls, startSummary } from './start-summary.js';

// In-flight requests get this long to finish once shutdown starts.
const SHUTDOWN_DEADLINE_MS = 10_000;

export interface RunningVeil {
  app: NestFastifyApplication;
  /** Where Veil listens, e.g. http://127.0.0.1:3000 */
  url: string;
  /** Where a browser reaches it: http://localhost:3000 and, bound to every interface, each address. */
  urls: string[];
  databaseUrl: string;
  embedded: boolean;
  /** In-flight requests finish, the sweeper stops between batches, the pool closes, then the embedded server stops. */
  stop(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  logStream?: DestinationStream;
  /** Where the start summary and the first-start banner go (stdout by default). */
  print?: (text: string) => void;
  /**
   * Aborted (a SIGTERM while starting): the start goes no further than the step under way, stops what
   * it started (the app, the embedded PostgreSQL) and rejects with StartAbortedError.
   */
  signal?: AbortSignal;
}

/** The start was called off through `StartOptions.signal`; nothing it started is left running. */
export class StartAbortedError extends Error {
  constructor() {
    super('Veil was stopped while starting; nothing it started is left running');
    this.name = 'StartAbortedError';
  }
}

/** Starts Veil: the database (embedded when no DATABASE_URL), migrations, the app, the demo seed. */
export async function startVeil(config: AppConfig, options: StartOptions = {}): Promise<RunningVeil> {
  // Checked after every step: a step under way finishes, so that what it started can be stopped.
  const goOn = () => {
    if (options.signal?.aborted) throw new StartAbortedError();
  };
  await checkPortFree(config.port, config.host);
  goOn();
  if (config.databaseUrl) await checkDatabaseUrl(config.databaseUrl);
  goOn();
  const embedded = config.databaseUrl
    ? null
    : await EmbeddedDatabase.start({
        dataDir: config.dataDir,
        port: config.embeddedDbPort,
        password: config.embeddedDbPassword!,
      });
  const databaseUrl = config.databaseUrl ?? embedded!.url;
  let app: NestFastifyApplication | null = null;
  let firstStart: string | null;
  try {
    goOn();
    if (config.migrationsRun) await runMigrations(databaseUrl);
    goOn();
    app = await createVeilApp({ config, databaseUrl, clock: options.clock, logStream: options.logStream });
    await app.init();
    goOn();
    await app.listen({ port: config.port, host: config.host });
    goOn();
    // Seeded once the port is ours: a start that cannot listen never creates a key it cannot show.
    // (Not called off after this: the key it creates is shown below, and the caller then stops.)
    firstStart = await app.get(DemoSeedService).seedIfEmpty();
  } catch (error) {
    await app?.close().catch(() => undefined);
    await embedded?.stop();
    throw error;
  }
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const running = app;
  // After every start-up log line: the summary, then the one-time demo key, last, where it is seen.
  const print = options.print ?? ((text: string) => process.stdout.write(`${text}\n`));
  print(startSummary(config, port, embedded !== null));
  if (firstStart) print(firstStart);
  return {
    app: running,
    url: `http://127.0.0.1:${port}`,
    urls: reachableUrls(config.host, port),
    databaseUrl,
    embedded: embedded !== null,
    async stop() {
      // Keep-alive connections that finished their request would hold the close for Fastify's 72 s
      // keep-alive; close them as they go idle, and cut whatever is left after a deadline.
      const server = running.getHttpServer();
      const idleSweep = setInterval(() => server.closeIdleConnections(), 100);
      const deadline = setTimeout(() => server.closeAllConnections(), SHUTDOWN_DEADLINE_MS);
      try {
        await running.close();
      } finally {
        clearInterval(idleSweep);
        clearTimeout(deadline);
      }
      await embedded?.stop();
    },
  };
}
