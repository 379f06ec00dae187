import { Module } from '@nestjs/common';
import { CarrierOptOutModule } from '../carrier-opt-out/carrier-opt-out.module.js';
import { PolicyModule } from '../policy/policy.module.js';
import { RecordsModule } from '../records/records.module.js';
import { RoutingModule } from '../routing/routing.module.js';
import { TwilioSignatureGuard } from './twilio/twilio-signature.guard.js';
import { WebhookDeliveryRepository } from './webhook-delivery.repository.js';
import { WebhookController } from './webhook.controller.js';

/** The carrier webhooks. The carrier port itself is in TelephonyProviderModule, which everything may use. */
@Module({
  imports: [RoutingModule, RecordsModule, PolicyModule, CarrierOptOutModule],
  controllers: [WebhookController],
  providers: [TwilioSignatureGuard, WebhookDeliveryRepository],
})
export class TelephonyModule {}
