import { Module } from '@nestjs/common';
import { RecordService } from './record.service.js';

@Module({ providers: [RecordService], exports: [RecordService] })
export class RecordsModule {}
