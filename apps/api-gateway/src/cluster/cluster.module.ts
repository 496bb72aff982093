import { type DynamicModule, Module, type OnApplicationShutdown } from '@nestjs/common';
import { WorkerRegistry } from '@platform/cluster';
import { PEER_CENSUS_SETTINGS, PeerCensus } from '../peers/peer-census';
import { ClusterController } from './cluster.controller';
import { ClusterService } from './cluster.service';

@Module({})
export class ClusterModule implements OnApplicationShutdown {
  constructor(private readonly registry: WorkerRegistry) {}

  /** `peerTimeoutMs`: how long to wait for market-data replicas to answer the census. */
  static forRoot(redisUrl: string, peerTimeoutMs = 1000): DynamicModule {
    return {
      module: ClusterModule,
      controllers: [ClusterController],
      providers: [
        ClusterService,
        PeerCensus,
        {
          provide: PEER_CENSUS_SETTINGS,
          useValue: { redisUrl, timeoutMs: peerTimeoutMs, graceMs: 150 },
        },
        { provide: WorkerRegistry, useFactory: () => new WorkerRegistry(redisUrl) },
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.registry.close();
  }
}
