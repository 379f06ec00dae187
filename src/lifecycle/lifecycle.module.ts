import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { BindingsModule } from '../bindings/bindings.module.js';
import { CarrierOptOutModule } from '../carrier-opt-out/carrier-opt-out.module.js';
import { RecordsModule } from '../records/records.module.js';
import { CarrierErasureService } from './carrier-erasure.service.js';
import { LifecycleRepository } from './lifecycle.repository.js';
import { ReminderRepository } from './reminder.repository.js';
import { ReminderService } from './reminder.service.js';
import { SweeperJob } from './sweeper.job.js';

@Module({
  imports: [BindingsModule, RecordsModule, EventsModule, CarrierOptOutModule],
  providers: [SweeperJob, CarrierErasureService, LifecycleRepository, ReminderRepository, ReminderService],
  exports: [SweeperJob],
})
export class LifecycleModule {}
