import { type DynamicModule, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ClientsModule } from '@nestjs/microservices';
import { WorkerRegistry } from '@platform/cluster';
import { redisTransportOptions } from '@platform/service-kit';
import { BotHints, HINTS_CLIENT } from './bot-hints';
import { SupervisorController } from './supervisor.controller';
import { SupervisorService } from './supervisor.service';
import { SUPERVISOR_SETTINGS, type SupervisorSettings } from './supervisor.settings';

@Module({})
export class SupervisorModule implements OnApplicationShutdown {
  constructor(private readonly registry: WorkerRegistry) {}

  static forRoot(options: { redisUrl: string; settings: SupervisorSettings }): DynamicModule {
    return {
      module: SupervisorModule,
      imports: [
        ClientsModule.register([
          { name: HINTS_CLIENT, ...redisTransportOptions(options.redisUrl) },
        ]),
      ],
      controllers: [SupervisorController],
      providers: [
        SupervisorService,
        BotHints,
        { provide: SUPERVISOR_SETTINGS, useValue: options.settings },
        { provide: WorkerRegistry, useFactory: () => new WorkerRegistry(options.redisUrl) },
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.registry.close();
  }
}
