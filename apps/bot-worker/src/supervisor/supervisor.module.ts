import { type DynamicModule, Module } from '@nestjs/common';
import { BotsRepository } from '@platform/persistence';
import { SupervisorController } from './supervisor.controller';
import { SupervisorService } from './supervisor.service';

@Module({})
export class SupervisorModule {
  static forRoot(options: { reconcileIntervalMs: number }): DynamicModule {
    return {
      module: SupervisorModule,
      controllers: [SupervisorController],
      providers: [
        {
          provide: SupervisorService,
          inject: [BotsRepository],
          useFactory: (bots: BotsRepository) =>
            new SupervisorService(bots, options.reconcileIntervalMs),
        },
      ],
    };
  }
}
