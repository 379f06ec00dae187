import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { createVeilApp } from '../../src/app.factory.js';
import type { AppModuleOptions } from '../../src/app.module.js';
import { AppConfig, loadConfig } from '../../src/config/app.config.js';
import { RecordService } from '../../src/records/record.service.js';
import { WebhookDeliveryRepository } from '../../src/telephony/webhook-delivery.repository.js';
import { testDatabaseUrl } from './database-url.js';
import { TestClock } from './test-clock.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const TEST_ENV = {
  NODE_ENV: 'test',
  ADMIN_TOKEN,
  DATA_ENCRYPTION_KEY: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
  LOOKUP_HASH_KEY: 'test-lookup-hash-key-0123456789abcdef',
  TWILIO_AUTH_TOKEN: 'test-twilio-auth-token-0123456789',
  PUBLIC_BASE_URL: 'https://veil.example.test',
  SWEEPER_ENABLED: 'false',
  DEMO_SEED: 'false',
  LOG_LEVEL: 'debug',
  // Tests send many requests, and wrong keys on purpose, from one address; rate-limit.e2e-spec sets small limits.
  TENANT_RATE_PER_MINUTE: '1000000',
  ADMIN_RATE_PER_MINUTE: '1000000',
  FAILED_AUTH_PER_MINUTE: '100000',
  FAILED_AUTH_PER_SOURCE_PER_MINUTE: '1000000',
  // Conflicts on purpose too; counterpart-conflicts.e2e-spec sets a small limit.
  COUNTERPART_CONFLICTS_PER_HOUR: '1000000',
};

export interface ApiAnswer<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export interface TestApp {
  app: NestFastifyApplication;
  url: string;
  clock: TestClock;
  config: AppConfig;
  dataSource: DataSource;
  /** Every log line the app wrote. */
  logs: string[];
  /** Every response body the app sent through `request`. */
  answers: string[];
  request<T = any>(
    method: string,
    path: string,
    options?: { token?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> },
  ): Promise<ApiAnswer<T>>;
  admin<T = any>(method: string, path: string, body?: unknown): Promise<ApiAnswer<T>>;
  /** Call and text records (and webhook answers) are written in batches off the answer; this writes what waits. */
  flushRecords(): Promise<void>;
  close(): Promise<void>;
}

// Apps still running: a reset first writes their waiting records, so none lands in the next test.
const liveApps = new Set<TestApp>();

/**
 * Boots the real application (same pipes, filters, adapter) on a random port against the test database.
 * `twilioHttpClient` points the Twilio provider at a local stand-in (see fake-twilio.ts).
 */
export async function startTestApp(
  env: Record<string, string> = {},
  clock = new TestClock(),
  twilioHttpClient?: AppModuleOptions['twilioHttpClient'],
): Promise<TestApp> {
  const config = loadConfig(
    { ...TEST_ENV, VEIL_DATA_DIR: mkdtempSync(join(tmpdir(), 'veil-test-')), DATABASE_URL: testDatabaseUrl(), ...env },
    { persistDevSecrets: false },
  );
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const app = await createVeilApp({ config, databaseUrl: config.databaseUrl!, clock, logStream, twilioHttpClient });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const answers: string[] = [];

  const request: TestApp['request'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.raw !== undefined) body = options.raw;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(`${url}${path}`, { method, headers, body });
    const text = await response.text();
    answers.push(text);
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (TwiML, HTML): keep the text
    }
    return { status: response.status, body: parsed as never, text, headers: response.headers };
  };

  const testApp: TestApp = {
    app,
    url,
    clock,
    config,
    dataSource: app.get<DataSource>(getDataSourceToken()),
    logs,
    answers,
    request,
    admin: (method, path, body) => request(method, path, { token: ADMIN_TOKEN, body }),
    // Redeliveries' answers are written in batches too: a flushed app has nothing left to write.
    flushRecords: async () => {
      await Promise.all([app.get(RecordService).flush(), app.get(WebhookDeliveryRepository).flush()]);
    },
    close: async () => {
      liveApps.delete(testApp);
      await app.close();
    },
  };
  liveApps.add(testApp);
  return testApp;
}

/** Each test file starts from clean tables (the schema stays). */
export async function resetDatabase(dataSource: DataSource): Promise<void> {
  await Promise.all([...liveApps].map((live) => live.flushRecords()));
  const tables = await dataSource.query<{ tablename: string }[]>(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migration'`,
  );
  if (tables.length > 0) await dataSource.query(`TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(', ')} CASCADE`);
}
