import { DynamicModule, Global, Module } from '@nestjs/common';
import { AuditService } from './audit.service.js';
import { Clock, SystemClock } from './clock.js';
import { PhoneCipher } from './phone-cipher.service.js';

@Global()
@Module({})
export class CommonModule {
  static forRoot(clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: CommonModule,
      providers: [{ provide: Clock, useValue: clock }, PhoneCipher, AuditService],
      exports: [Clock, PhoneCipher, AuditService],
    };
  }
}
