import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app.config.js';
import { SimulatorTelephonyProvider } from './simulator/simulator-telephony.provider.js';
import { TelephonyProvider } from './telephony.provider.js';
import { TwilioTelephonyProvider } from './twilio/twilio-telephony.provider.js';

@Global()
@Module({
  providers: [
    {
      provide: TelephonyProvider,
      inject: [AppConfig],
      useFactory: (config: AppConfig): TelephonyProvider =>
        config.telephonyProvider === 'twilio' ? TwilioTelephonyProvider.fromConfig(config) : new SimulatorTelephonyProvider(),
    },
  ],
  exports: [TelephonyProvider],
})
export class TelephonyProviderModule {}
