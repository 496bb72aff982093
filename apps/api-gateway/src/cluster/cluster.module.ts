import { type DynamicModule, Module, type OnApplicationShutdown } from '@nestjs/common';
import { WorkerRegistry } from '@platform/cluster';
import { ClusterController } from './cluster.controller';
import { ClusterService } from './cluster.service';

@Module({})
export class ClusterModule implements OnApplicationShutdown {
  constructor(private readonly registry: WorkerRegistry) {}

  static forRoot(redisUrl: string): DynamicModule {
    return {
      module: ClusterModule,
      controllers: [ClusterController],
      providers: [
        ClusterService,
        { provide: WorkerRegistry, useFactory: () => new WorkerRegistry(redisUrl) },
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.registry.close();
  }
}
