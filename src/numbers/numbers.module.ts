import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TenantsModule } from '../tenants/tenants.module.js';
import { NumberService } from './number.service.js';
import { NumbersController } from './numbers.controller.js';
import { RelayNumber } from './relay-number.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([RelayNumber]), TenantsModule],
  controllers: [NumbersController],
  providers: [NumberService],
  exports: [NumberService],
})
export class NumbersModule {}
