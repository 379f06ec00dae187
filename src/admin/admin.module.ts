import { Module } from '@nestjs/common';
import { BindingsModule } from '../bindings/bindings.module.js';
import { NumbersModule } from '../numbers/numbers.module.js';
import { PolicyModule } from '../policy/policy.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { EventsModule } from '../events/events.module.js';
import { AdminActivityController } from './admin-activity.controller.js';
import { AdminEventsController } from './admin-events.controller.js';
import { AdminPoolController } from './admin-pool.controller.js';
import { AdminQueryRepository } from './admin-query.repository.js';
import { AdminReportsController } from './admin-reports.controller.js';
import { DashboardController } from './dashboard.controller.js';
import { DemoSeedService } from './demo-seed.service.js';

/** The admin API (`/v1/admin/*`, admin token), the dashboard page, and the first-start demo seed. */
@Module({
  imports: [NumbersModule, TenantsModule, BindingsModule, EventsModule, PolicyModule],
  controllers: [AdminPoolController, AdminActivityController, AdminEventsController, AdminReportsController, DashboardController],
  providers: [DemoSeedService, AdminQueryRepository],
  exports: [DemoSeedService],
})
export class AdminModule {}
