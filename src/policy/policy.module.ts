import { Module } from '@nestjs/common';
import { MessagePolicy } from './message-policy.js';

@Module({ providers: [MessagePolicy], exports: [MessagePolicy] })
export class PolicyModule {}
