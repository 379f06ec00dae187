import { Module } from '@nestjs/common';
import { NumbersModule } from '../numbers/numbers.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { DemoSeedService } from './demo-seed.service.js';

@Module({
  imports: [NumbersModule, TenantsModule],
  providers: [DemoSeedService],
  exports: [DemoSeedService],
})
export class AdminModule {}
