import { DataSource } from 'typeorm';
import { loadConfig, loadDotEnv } from '../config/app.config.js';
import { PhoneCipher } from '../common/phone-cipher.service.js';
import { dataSourceOptions } from '../database/data-source.js';
import { EmbeddedDatabase } from '../database/embedded-database.js';
import { reencryptPhones } from './phone-reencryption.js';

/** `npm run keys:rotate`: re-encrypt stored numbers with the current DATA_ENCRYPTION_KEY. */
async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const embedded = config.databaseUrl
    ? null
    : await EmbeddedDatabase.start({
        dataDir: config.dataDir,
        port: config.embeddedDbPort,
        password: config.embeddedDbPassword!,
      });
  const dataSource = new DataSource(dataSourceOptions(config.databaseUrl ?? embedded!.url));
  await dataSource.initialize();
  try {
    const count = await reencryptPhones(dataSource, new PhoneCipher(config));
    console.log(`Re-encrypted ${count} stored number(s) with key ${config.dataEncryptionKey.id}`);
  } finally {
    await dataSource.destroy();
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
