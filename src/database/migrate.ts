import { AppConfig, loadConfig, loadDotEnv } from '../config/app.config.js';
import { checkDatabaseUrl } from './database-check.js';
import { revertLastMigration, runMigrations } from './data-source.js';
import { EmbeddedDatabase } from './embedded-database.js';

/** `npm run migration:run` (and `migration:revert`): the same loader and database as the app. */
async function main(): Promise<void> {
  loadDotEnv();
  const config: AppConfig = loadConfig();
  if (config.databaseUrl) await checkDatabaseUrl(config.databaseUrl);
  // With a Veil running on the same data folder, its server is used and left running.
  const embedded = config.databaseUrl
    ? null
    : await EmbeddedDatabase.start({
        dataDir: config.dataDir,
        port: config.embeddedDbPort,
        password: config.embeddedDbPassword!,
        role: 'command',
      });
  if (embedded && !embedded.owned) console.log(`Using the embedded database of the Veil running on ${config.dataDir}`);
  const url = config.databaseUrl ?? embedded!.url;
  try {
    if (process.argv[2] === 'revert') {
      await revertLastMigration(url);
      console.log('Reverted the last migration');
    } else {
      const applied = await runMigrations(url);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The schema is up to date');
    }
  } finally {
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
