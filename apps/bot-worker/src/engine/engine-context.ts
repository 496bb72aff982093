import type { BotSnapshot, Claim, TradingRepository } from '@platform/persistence';
import type { LivePublisher } from '@platform/service-kit';
import type { BotBook } from './bot-book';
import type { EngineStats } from './engine-stats';
import type { BotExchange } from './exchange-factory';

/** What the parts of one bot's engine share: whose bot, where it trades, where it records. */
export interface EngineContext {
  claim: Claim;
  bot: BotSnapshot;
  exchange: BotExchange;
  repo: TradingRepository;
  book: BotBook;
  stats?: EngineStats;
  live?: LivePublisher;
}
