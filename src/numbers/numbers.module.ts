import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CarrierSetupService } from './carrier-setup.service.js';
import { NumberService } from './number.service.js';
import { NumberSyncService } from './number-sync.service.js';
import { RelayNumber } from './relay-number.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([RelayNumber])],
  providers: [NumberService, CarrierSetupService, NumberSyncService],
  exports: [NumberService, CarrierSetupService, NumberSyncService],
})
export class NumbersModule {}
