import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { RecordsModule } from '../records/records.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { BindingRepository } from './binding.repository.js';
import { BindingService } from './binding.service.js';
import { BindingsController } from './bindings.controller.js';

@Module({
  imports: [TenantsModule, EventsModule, RecordsModule],
  controllers: [BindingsController],
  providers: [BindingService, BindingRepository],
  exports: [BindingService],
})
export class BindingsModule {}
