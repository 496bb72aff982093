import type {
  BotActionsRepository,
  BotSnapshot,
  Claim,
  TradingRepository,
} from '@platform/persistence';
import type { MarketInfo } from '@platform/exchange';
import type { LivePublisher } from '@platform/service-kit';
import type { BotBook } from './bot-book';
import type { EngineStats } from './engine-stats';
import type { BotExchange } from './exchange-factory';

/**
 * What a bot's engine writes as it trades and reads back of its own records. A running bot
 * keeps them in Postgres, fenced by its claim (TradingRepository); a backtest keeps them in
 * memory (BacktestRecords), so both run the very same engine.
 */
export type TradingRecords = Pick<
  TradingRepository,
  | 'writeIntent'
  | 'recordOutcome'
  | 'markOrder'
  | 'rejectIfMissing'
  | 'stopWithError'
  | 'reportError'
  | 'clearError'
  | 'event'
  | 'ordersByClientId'
  | 'raiseRiskMarks'
  | 'userDailyLoss'
> & { readonly actions: Pick<BotActionsRepository, 'pending' | 'soldFor' | 'finish'> };

/** What the parts of one bot's engine share: whose bot, where it trades, where it records. */
export interface EngineContext {
  claim: Claim;
  bot: BotSnapshot;
  exchange: BotExchange;
  repo: TradingRecords;
  book: BotBook;
  /** The bot's market (cached by the hub): its minimums tell a closed position from dust. */
  marketOf(): Promise<MarketInfo>;
  stats?: EngineStats;
  live?: LivePublisher;
}
