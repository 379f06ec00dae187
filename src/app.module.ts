import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DestinationStream } from 'pino';
import { AdminModule } from './admin/admin.module.js';
import { BindingsModule } from './bindings/bindings.module.js';
import { Clock } from './common/clock.js';
import { CommonModule } from './common/common.module.js';
import { AppConfig } from './config/app.config.js';
import { ConfigModule } from './config/config.module.js';
import { dataSourceOptions } from './database/data-source.js';
import { HotPathModule } from './database/hot-path.module.js';
import { EventsModule } from './events/events.module.js';
import { HealthModule } from './health/health.module.js';
import { LifecycleModule } from './lifecycle/lifecycle.module.js';
import { NumbersModule } from './numbers/numbers.module.js';
import { TelephonyProviderModule } from './telephony/telephony-provider.module.js';
import { TelephonyModule } from './telephony/telephony.module.js';
import type { TwilioHttpClient } from './telephony/twilio/twilio-telephony.provider.js';
import { TenantsModule } from './tenants/tenants.module.js';

export interface AppModuleOptions {
  config: AppConfig;
  databaseUrl: string;
  clock?: Clock;
  /** Where JSON log lines go (stdout by default); tests capture them to prove no real number is logged. */
  logStream?: DestinationStream;
  /** Tests only: points the Twilio client at a local stand-in; production never sets it. */
  twilioHttpClient?: TwilioHttpClient;
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    const { config } = options;
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        CommonModule.forRoot(options.clock),
        // A few quick retries at start, not the default 9 x 3 s: a wrong DATABASE_URL should fail fast.
        TypeOrmModule.forRoot({ ...dataSourceOptions(options.databaseUrl), retryAttempts: 3, retryDelay: 1000 }),
        HotPathModule.forRoot(options.databaseUrl),
        ScheduleModule.forRoot(),
        TelephonyProviderModule.forRoot(options.twilioHttpClient),
        TenantsModule,
        NumbersModule,
        EventsModule,
        BindingsModule,
        TelephonyModule,
        LifecycleModule,
        AdminModule,
        HealthModule,
      ],
    };
  }
}
