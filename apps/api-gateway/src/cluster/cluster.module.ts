import { type DynamicModule, Module, type OnApplicationShutdown } from '@nestjs/common';
import { WorkerRegistry } from '@platform/cluster';
import { ServiceIdentity } from '@platform/service-kit';
import { PEER_CENSUS_SETTINGS, PeerCensus } from '../peers/peer-census';
import { ClusterController } from './cluster.controller';
import { ClusterService } from './cluster.service';
import { GatewayPresence } from './gateway-presence';
import { GatewayRegistry } from './gateway-registry';

export interface ClusterModuleOptions {
  redisUrl: string;
  /** How long to wait for market-data replicas to answer the census. */
  peerTimeoutMs?: number;
  /** This gateway, as it lists itself among the gateways. */
  identity: ServiceIdentity;
}

@Module({})
export class ClusterModule implements OnApplicationShutdown {
  constructor(
    private readonly workers: WorkerRegistry,
    private readonly gateways: GatewayRegistry,
  ) {}

  static forRoot({
    redisUrl,
    peerTimeoutMs = 1000,
    identity,
  }: ClusterModuleOptions): DynamicModule {
    return {
      module: ClusterModule,
      controllers: [ClusterController],
      providers: [
        ClusterService,
        PeerCensus,
        GatewayPresence,
        {
          provide: PEER_CENSUS_SETTINGS,
          useValue: { redisUrl, timeoutMs: peerTimeoutMs, graceMs: 150 },
        },
        { provide: ServiceIdentity, useValue: identity },
        { provide: WorkerRegistry, useFactory: () => new WorkerRegistry(redisUrl) },
        { provide: GatewayRegistry, useFactory: () => new GatewayRegistry(redisUrl) },
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.workers.close(), this.gateways.close()]);
  }
}
