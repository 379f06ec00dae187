import { DynamicModule, Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from './clock.js';
import { PhoneCipher } from './phone-cipher.service.js';

@Global()
@Module({})
export class CommonModule {
  static forRoot(clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: CommonModule,
      providers: [{ provide: Clock, useValue: clock }, PhoneCipher],
      exports: [Clock, PhoneCipher],
    };
  }
}
