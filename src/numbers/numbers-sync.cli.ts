import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CommonModule } from '../common/common.module.js';
import { loadConfig, loadDotEnv } from '../config/app.config.js';
import { ConfigModule } from '../config/config.module.js';
import { dataSourceOptions } from '../database/data-source.js';
import { EmbeddedDatabase } from '../database/embedded-database.js';
import { TelephonyProviderModule } from '../telephony/telephony-provider.module.js';
import { NumberSyncService } from './number-sync.service.js';
import { NumbersModule } from './numbers.module.js';

/** `npm run numbers:sync`: compare the pool with the carrier account and mend what drifted. */
async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const embedded = config.databaseUrl
    ? null
    : await EmbeddedDatabase.start({ dataDir: config.dataDir, port: config.embeddedDbPort, password: config.embeddedDbPassword! });
  @Module({
    imports: [
      ConfigModule.forRoot(config),
      CommonModule.forRoot(),
      TypeOrmModule.forRoot({ ...dataSourceOptions(config.databaseUrl ?? embedded!.url), retryAttempts: 1 }),
      TelephonyProviderModule.forRoot(),
      NumbersModule,
    ],
  })
  class NumbersSyncModule {}
  const app = await NestFactory.createApplicationContext(NumbersSyncModule, { logger: ['error', 'warn'] });
  try {
    const report = await app.get(NumberSyncService).sync();
    console.log(JSON.stringify(report, null, 2));
    if (report.failures.length > 0) process.exitCode = 2;
  } finally {
    await app.close();
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
