import { Module } from '@nestjs/common';
import { BindingsModule } from '../bindings/bindings.module.js';
import { LifecycleRepository } from './lifecycle.repository.js';
import { SweeperJob } from './sweeper.job.js';

@Module({
  imports: [BindingsModule],
  providers: [SweeperJob, LifecycleRepository],
  exports: [SweeperJob],
})
export class LifecycleModule {}
