import { ConsoleLogger, Module, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CommonModule } from '../common/common.module.js';
import { DomainError, ProviderError } from '../common/errors.js';
import { loadConfig, loadDotEnv } from '../config/app.config.js';
import { ConfigModule } from '../config/config.module.js';
import { checkDatabaseUrl } from '../database/database-check.js';
import { dataSourceOptions } from '../database/data-source.js';
import { EmbeddedDatabase } from '../database/embedded-database.js';
import { TelephonyProviderModule } from '../telephony/telephony-provider.module.js';
import { NumberSyncService, type NumberSyncReport } from './number-sync.service.js';
import { NumbersModule } from './numbers.module.js';

/** Log lines go to stderr: stdout carries the JSON report alone, for scripts to read. */
class StderrLogger extends ConsoleLogger {
  protected override printMessages(
    messages: unknown[],
    context?: string,
    logLevel?: LogLevel,
    _stream?: 'stdout' | 'stderr',
    errorStack?: unknown,
  ): void {
    super.printMessages(messages, context, logLevel, 'stderr', errorStack);
  }
}

/** Raised for what the operator must change before the command can do anything. */
class UsageError extends Error {}

function summary(report: NumberSyncReport): string {
  const parts = [
    `${report.repointed.length} re-pointed`,
    `${report.addedToService.length} added to the Messaging Service`,
    `${report.released.length} released`,
    `${report.missingAtCarrier.length} missing at Twilio (retire them)`,
    `${report.notInPool.length} in the account but not in the pool (left alone)`,
    `${report.failures.length} failed`,
  ];
  return `numbers:sync: ${parts.join(', ')}`;
}

/** `npm run numbers:sync`: compare the pool with the carrier account and mend what drifted. */
async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  // The simulator has no account to compare with: every pool number would look missing.
  if (config.telephonyProvider !== 'twilio') {
    throw new UsageError(
      'numbers:sync compares the pool with a Twilio account, and no Twilio account is configured ' +
        `(the provider is ${config.telephonyProvider}): set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN ` +
        '(and PUBLIC_BASE_URL, TWILIO_MESSAGING_SERVICE_SID) as Veil has them, in .env or the environment',
    );
  }
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
  const app = await NestFactory.createApplicationContext(NumbersSyncModule, {
    logger: new StderrLogger({ logLevels: ['error', 'warn'] }),
  });
  try {
    const report = await app.get(NumberSyncService).sync();
    console.log(JSON.stringify(report, null, 2));
    console.error(summary(report));
    for (const failure of report.failures) console.error(`  ${failure.e164} (${failure.step}): ${failure.message}`);
    if (report.failures.length > 0) process.exitCode = 2;
  } finally {
    await app.close();
    await embedded?.stop();
  }
}

/** The error, Twilio's own answer (status and code) and, for a refused login, which variables to check. */
function explain(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error instanceof UsageError) return error.message;
  const details = error instanceof DomainError ? error.details.map((d) => d.message) : [];
  let text = [error.message, ...details].join(': ');
  const carrier = error instanceof ProviderError ? error.carrier : undefined;
  if (carrier?.status === 401 || carrier?.code === 20003) {
    text += '. Twilio did not accept the credentials: check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN';
  }
  return `numbers:sync failed: ${text}`;
}

main().catch((error: unknown) => {
  console.error(explain(error));
  process.exit(1);
});
