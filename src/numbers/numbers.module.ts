import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CarrierSetupService } from './carrier-setup.service.js';
import { NumberService } from './number.service.js';
import { RelayNumber } from './relay-number.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([RelayNumber])],
  providers: [NumberService, CarrierSetupService],
  exports: [NumberService, CarrierSetupService],
})
export class NumbersModule {}
