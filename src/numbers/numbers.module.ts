import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NumberService } from './number.service.js';
import { RelayNumber } from './relay-number.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([RelayNumber])],
  providers: [NumberService],
  exports: [NumberService],
})
export class NumbersModule {}
