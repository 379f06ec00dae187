import { Module } from '@nestjs/common';
import { TenantsModule } from '../tenants/tenants.module.js';
import { EventDeliveryJob } from './event-delivery.job.js';
import { EventDeliveryRepository } from './event-delivery.repository.js';
import { EventOutbox } from './event-outbox.js';
import { WebhookController } from './webhook.controller.js';
import { WebhookEndpointService } from './webhook-endpoint.service.js';

/**
 * Events to the platform: the outbox every domain appends to in its own transactions, the tenant's
 * endpoint, and the delivery worker.
 */
@Module({
  imports: [TenantsModule],
  controllers: [WebhookController],
  providers: [EventOutbox, EventDeliveryRepository, EventDeliveryJob, WebhookEndpointService],
  exports: [EventOutbox, EventDeliveryJob, EventDeliveryRepository, WebhookEndpointService],
})
export class EventsModule {}
