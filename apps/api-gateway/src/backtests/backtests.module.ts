import {
  Logger,
  Inject,
  Injectable,
  type DynamicModule,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { BacktestQueue } from '@platform/backtest-queue';
import { messageOf } from '@platform/contracts';
import { BacktestsStore } from '@platform/persistence';
import { BacktestsController, SweepsController } from './backtests.controller';
import { BacktestsService } from './backtests.service';

/** Closes the queue's connection at shutdown. */
@Injectable()
class QueueCloser implements OnApplicationShutdown {
  constructor(@Inject(BacktestQueue) private readonly queue: BacktestQueue) {}
  onApplicationShutdown() {
    return this.queue.close();
  }
}

/**
 * Backtests and sweeps (issue 13). Needs PersistenceModule, PeersModule (market-data), LiveModule
 * and AuthModule (global), and BotsModule's service for "create a bot from this backtest".
 */
@Module({})
export class BacktestsModule {
  static forRoot(options: { redisUrl: string; bots: DynamicModule }): DynamicModule {
    return {
      module: BacktestsModule,
      imports: [options.bots],
      // the sweeps' static path first, so /backtests/sweeps/{id} is never read as a backtest id
      controllers: [SweepsController, BacktestsController],
      providers: [
        BacktestsService,
        BacktestsStore,
        {
          provide: BacktestQueue,
          useFactory: () => {
            const log = new Logger('backtests');
            return new BacktestQueue(options.redisUrl, undefined, (error) =>
              log.warn(`backtest queue: ${messageOf(error)}`),
            );
          },
        },
        QueueCloser,
      ],
    };
  }
}
