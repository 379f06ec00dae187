import pg from 'pg';
import { loadConfig } from '../../src/config/app.config.js';
import { runMigrations } from '../../src/database/data-source.js';
import { EmbeddedDatabase } from '../../src/database/embedded-database.js';
import { EMBEDDED_TEST_PORT, TEST_DATABASE_NAME, withDatabase } from './database-url.js';

/**
 * One fresh database for the run: on TEST_DATABASE_URL's server when set (CI: 127.0.0.1:5432), else on
 * an embedded PostgreSQL of its own, so `npm test` needs nothing installed by hand.
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.TEST_DATABASE_URL?.trim();
  if (!serverUrl) {
    const dataDir = '.veil/test-server';
    const embedded = await EmbeddedDatabase.start({
      dataDir,
      port: EMBEDDED_TEST_PORT,
      // Its password is a development secret of its own folder, like the app's.
      password: loadConfig({ VEIL_DATA_DIR: dataDir }).embeddedDbPassword!,
      database: 'postgres',
    });
    (globalThis as { veilTestServer?: EmbeddedDatabase }).veilTestServer = embedded;
    serverUrl = embedded.url;
  }
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEST_DATABASE_NAME} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEST_DATABASE_NAME}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(serverUrl, TEST_DATABASE_NAME);
  await runMigrations(url);
  process.env.VEIL_TEST_DATABASE_URL = url;
}
