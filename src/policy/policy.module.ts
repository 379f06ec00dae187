import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { BindingsModule } from '../bindings/bindings.module.js';
import { RecordsModule } from '../records/records.module.js';
import { BuyerKeywordService } from './buyer-keyword.service.js';
import { BuyerReportService } from './buyer-report.service.js';
import { MarketingClassifier } from './marketing-classifier.js';
import { MessagePolicy } from './message-policy.js';
import { PolicyRepository } from './policy.repository.js';

@Module({
  imports: [BindingsModule, EventsModule, RecordsModule],
  providers: [
    MessagePolicy,
    BuyerKeywordService,
    BuyerReportService,
    PolicyRepository,
    { provide: MarketingClassifier, useValue: new MarketingClassifier() },
  ],
  exports: [MessagePolicy, BuyerKeywordService, BuyerReportService],
})
export class PolicyModule {}
