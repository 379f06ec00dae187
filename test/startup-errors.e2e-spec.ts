import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config/app.config.js';
import { startVeil } from '../src/veil.js';
import { testDatabaseUrl, withDatabase } from './support/database-url.js';
import { freePort } from './support/free-port.js';
import { TEST_ENV } from './support/test-app.js';

// What a newcomer gets wrong at first start: each failure names the setting, the reason and the fix.
const start = (env: Record<string, string>, print: (text: string) => void = () => undefined) =>
  startVeil(
    loadConfig(
      {
        ...TEST_ENV,
        VEIL_DATA_DIR: mkdtempSync(join(tmpdir(), 'veil-startup-')),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        ...env,
      },
      { persistDevSecrets: false },
    ),
    { print },
  );

describe('a port already in use at first start', () => {
  let holder: Server;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    holder = createServer();
    await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => holder.close(() => resolve())));

  it('is found before anything is seeded: no demo key printed and lost, and PORT is named', async () => {
    const database = testDatabaseUrl();
    const client = new pg.Client({ connectionString: database });
    await client.connect();
    try {
      await client.query(`TRUNCATE tenant, relay_number CASCADE`);
      const printed: string[] = [];
      await expect(
        start({ DATABASE_URL: database, PORT: String(port), DEMO_SEED: 'true', NODE_ENV: 'development' }, (t) => printed.push(t)),
      ).rejects.toThrow(new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use.*Set PORT to a free port`));
      expect(printed).toEqual([]);
      const { rows } = await client.query(
        `SELECT (SELECT count(*) FROM tenant)::int AS tenants, (SELECT count(*) FROM relay_number)::int AS numbers`,
      );
      expect(rows).toEqual([{ tenants: 0, numbers: 0 }]);
    } finally {
      await client.end();
    }
  });
});

describe('a wrong DATABASE_URL', () => {
  const server = new URL(testDatabaseUrl());

  it.each([
    [
      'refused',
      async () => `postgres://postgres@127.0.0.1:${await freePort()}/veil`,
      /the connection was refused: nothing listens on 127\.0\.0\.1:\d+/,
    ],
    [
      'unknown host',
      async () => 'postgres://veil:secret-password@no-such-host.invalid:5432/veil',
      /the host is unknown: no-such-host\.invalid does not resolve/,
    ],
    [
      'bad credentials',
      async () => {
        const url = new URL(server);
        url.username = 'no_such_role_14a';
        return url.toString();
      },
      /bad credentials: user "no_such_role_14a" may not connect/,
    ],
    [
      'missing database',
      async () => withDatabase(server.toString(), 'veil_missing_db_14a'),
      /the database is missing: "veil_missing_db_14a" does not exist/,
    ],
  ])('%s: names DATABASE_URL, the reason, and the built-in alternative', async (_name, url, reason) => {
    const error = await start({ DATABASE_URL: await url(), PORT: '0' }).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/^Cannot connect to the database in DATABASE_URL \(/);
    expect(error?.message).toMatch(reason);
    expect(error?.message).toContain('unset it to use the built-in database');
    expect(error?.message).not.toContain('secret-password');
  });
});
