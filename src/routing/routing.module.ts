import { Module } from '@nestjs/common';
import { RoutingRepository } from './routing.repository.js';
import { RoutingService } from './routing.service.js';

@Module({ providers: [RoutingService, RoutingRepository], exports: [RoutingService] })
export class RoutingModule {}
