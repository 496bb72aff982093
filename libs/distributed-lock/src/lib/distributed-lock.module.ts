import { type DynamicModule, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { LeaseManager, type LeaseManagerOptions } from './lease-manager';

/** Provides one LeaseManager (its Redis connections are closed on shutdown). */
@Module({})
export class DistributedLockModule implements OnApplicationShutdown {
  constructor(private readonly moduleRef: ModuleRef) {}

  static forRoot(options: LeaseManagerOptions): DynamicModule {
    return {
      module: DistributedLockModule,
      global: true,
      providers: [{ provide: LeaseManager, useFactory: () => new LeaseManager(options) }],
      exports: [LeaseManager],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.moduleRef.get(LeaseManager).close();
  }
}
