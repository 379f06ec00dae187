import { DynamicModule, Global, Module } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app.config.js';
import { SimulatorTelephonyProvider } from './simulator/simulator-telephony.provider.js';
import { TelephonyProvider } from './telephony.provider.js';
import { TwilioTelephonyProvider, type TwilioHttpClient } from './twilio/twilio-telephony.provider.js';

@Global()
@Module({})
export class TelephonyProviderModule {
  static forRoot(twilioHttpClient?: TwilioHttpClient): DynamicModule {
    return {
      module: TelephonyProviderModule,
      providers: [
        {
          provide: TelephonyProvider,
          inject: [AppConfig, Clock],
          useFactory: (config: AppConfig, clock: Clock): TelephonyProvider =>
            config.telephonyProvider === 'twilio'
              ? TwilioTelephonyProvider.fromConfig(config, twilioHttpClient)
              : new SimulatorTelephonyProvider(clock),
        },
      ],
      exports: [TelephonyProvider],
    };
  }
}
