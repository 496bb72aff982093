import { BotWorkerPatterns, MarketDataPatterns, type ServiceName } from '@platform/contracts';

/** Injection tokens of the gateway's transport clients, one per peer service. */
export const BOT_WORKER_CLIENT = Symbol('BOT_WORKER_CLIENT');
export const MARKET_DATA_CLIENT = Symbol('MARKET_DATA_CLIENT');

export const peerPingPatterns: Record<Exclude<ServiceName, 'api-gateway'>, string> = {
  'bot-worker': BotWorkerPatterns.Ping,
  'market-data': MarketDataPatterns.Ping,
};
