import { DataSource } from 'typeorm';
import { loadConfig, loadDotEnv } from '../config/app.config.js';
import { PhoneCipher } from '../common/phone-cipher.service.js';
import { checkDatabaseUrl } from '../database/database-check.js';
import { dataSourceOptions } from '../database/data-source.js';
import { EmbeddedDatabase } from '../database/embedded-database.js';
import { reencryptPhones } from './phone-reencryption.js';

/** `npm run keys:rotate`: re-encrypt stored numbers with the current DATA_ENCRYPTION_KEY. */
async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
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
  const dataSource = new DataSource(dataSourceOptions(config.databaseUrl ?? embedded!.url));
  await dataSource.initialize();
  try {
    const { reencrypted, remaining } = await reencryptPhones(dataSource, new PhoneCipher(config));
    console.log(`Re-encrypted ${reencrypted} stored number(s) with key ${config.dataEncryptionKey.id}`);
    if (remaining > 0) {
      // Held by long transactions through every revisit: the old key must stay until a rerun finds none.
      console.error(
        `${remaining} stored number(s) are still on an old key (other transactions held them); ` +
          'keep DATA_ENCRYPTION_PREVIOUS_KEYS and run the command again',
      );
      process.exitCode = 2;
    } else {
      console.log('No stored number is on an old key: DATA_ENCRYPTION_PREVIOUS_KEYS may be emptied');
    }
  } finally {
    await dataSource.destroy();
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
