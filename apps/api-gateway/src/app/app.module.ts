import { type DynamicModule, Module } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { DatabaseCheck, PersistenceModule } from '@platform/persistence';
import { HealthModule, RedisCheck, ServiceIdentity } from '@platform/service-kit';
import { ClusterModule } from '../cluster/cluster.module';
import type { GatewayConfig } from '../config/gateway.env';
import { BOT_WORKER_CLIENT, MARKET_DATA_CLIENT, peerPingPatterns } from '../peers/peer-clients';
import { PeerServiceCheck } from '../peers/peer-service.check';
import { PeersModule } from '../peers/peers.module';

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    const identity = new ServiceIdentity('api-gateway');
    // A peer check must answer inside the overall health timeout.
    const peerTimeoutMs = Math.min(config.TRANSPORT_TIMEOUT_MS, config.HEALTH_CHECK_TIMEOUT_MS);
    return {
      module: AppModule,
      imports: [
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          applicationName: identity.instanceId,
        }),
        PeersModule.forRoot(config.REDIS_URL),
        ClusterModule.forRoot(config.REDIS_URL),
        HealthModule.forRoot({
          inject: [DatabaseCheck, BOT_WORKER_CLIENT, MARKET_DATA_CLIENT],
          checks: (database: DatabaseCheck, botWorker: ClientProxy, marketData: ClientProxy) => [
            database,
            new RedisCheck(config.REDIS_URL),
            new PeerServiceCheck(
              'bot-worker',
              botWorker,
              peerPingPatterns['bot-worker'],
              peerTimeoutMs,
            ),
            new PeerServiceCheck(
              'market-data',
              marketData,
              peerPingPatterns['market-data'],
              peerTimeoutMs,
            ),
          ],
          timeoutMs: config.HEALTH_CHECK_TIMEOUT_MS,
        }),
      ],
      providers: [{ provide: ServiceIdentity, useValue: identity }],
    };
  }
}
