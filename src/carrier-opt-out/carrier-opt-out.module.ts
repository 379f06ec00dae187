import { Module } from '@nestjs/common';
import { CarrierOptOutService } from './carrier-opt-out.service.js';

@Module({ providers: [CarrierOptOutService], exports: [CarrierOptOutService] })
export class CarrierOptOutModule {}
