import { Module } from '@nestjs/common';
import { RecordQueryService } from './record-query.service.js';
import { RecordService } from './record.service.js';

@Module({ providers: [RecordService, RecordQueryService], exports: [RecordService, RecordQueryService] })
export class RecordsModule {}
