import { DynamicModule, Global, Module } from '@nestjs/common';
import { HotPathPool } from './hot-path-pool.js';

@Global()
@Module({})
export class HotPathModule {
  static forRoot(databaseUrl: string): DynamicModule {
    return {
      module: HotPathModule,
      providers: [{ provide: HotPathPool, useFactory: () => new HotPathPool(databaseUrl) }],
      exports: [HotPathPool],
    };
  }
}
