import type { ServiceName } from './service-name';

/** Reply to every service's ping: enough to tell replicas apart. */
export interface ServicePingReply {
  service: ServiceName;
  instanceId: string;
  host: string;
  pid: number;
  /** ISO-8601 */
  startedAt: string;
}

export interface BotWorkerPingReply extends ServicePingReply {
  service: 'bot-worker';
  /** Bots whose desired state is `running`, as of the last reconcile. */
  desiredRunningBots: number;
  /** ISO-8601, or null before the first reconcile. */
  lastReconciledAt: string | null;
  /** How many `bots.changed` hints this instance has received. */
  hintsReceived: number;
  /** The bots this worker runs now. */
  heldBots: string[];
  /** How many bots it aims to hold for an even spread. */
  fairShare: number;
}

export interface MarketDataPingReply extends ServicePingReply {
  service: 'market-data';
  /** The feeds (`exchange:symbol:timeframe`) this replica reads. */
  feeds: string[];
  /** Where each of them comes from now: the exchange's stream, or REST polling. */
  feedSources?: { feed: string; source: 'stream' | 'poll' }[];
}

export interface BotsChangedEvent {
  /** The bots that changed; absent means "could be any". */
  botIds?: string[];
  /** Why, for the logs: `started`, `stopped`, `deleted`, ... */
  reason: string;
}

export interface TickerQuery {
  exchangeId: string;
  symbol: string;
}

export interface TickerReply {
  exchangeId: string;
  symbol: string;
  last: string;
  bid: string | null;
  ask: string | null;
  /** When market-data fetched it (ms since the epoch), and how old it was when answered. */
  fetchedAt: number;
  ageMs: number;
  /** Older than three poll intervals: do not act on it. */
  stale: boolean;
}

export interface CandlesQuery extends TickerQuery {
  timeframe: string;
}

/** Candles opening in [since, to) (ms since the epoch), at most CANDLE_RANGE_MAX of them. */
export interface CandleRangeQuery extends CandlesQuery {
  since: number;
  to: number;
}

/** The most candles one range may span: what one chart shows, five exchange pages at most. */
export const CANDLE_RANGE_MAX = 5000;

export interface CandlesReply {
  exchangeId: string;
  symbol: string;
  timeframe: string;
  /** [open time ms, open, high, low, close, volume], decimals as text */
  candles: [number, string, string, string, string, string][];
  fetchedAt: number;
  ageMs: number;
  stale: boolean;
}

/** Closed candles opening in [from, to) (ms since the epoch) to bring into the candle store. */
export interface CandleBackfillQuery extends CandlesQuery {
  from: number;
  to: number;
}

export interface CandleBackfillReply {
  exchangeId: string;
  symbol: string;
  timeframe: string;
  from: number;
  /** `to` as asked, or the open time of the candle open now when the range reached past it. */
  to: number;
  /** Closed candles this replica read from the exchange and saw in the range. */
  fetched: number;
  /** Of those, the candles new or changed in the store. */
  stored: number;
  /** klines requests this replica made (each spends its weight from the budget). */
  requests: number;
  /** Parts of the range still without candles: the exchange had none there (before a listing, an outage). */
  missing: Array<[number, number]>;
}

export interface BalanceQuery {
  exchangeAccountId: string;
}

export interface BalanceReply {
  exchangeAccountId: string;
  balances: Record<string, { free: string; used: string; total: string }>;
  /** What the key may do, where the exchange tells (Binance apiRestrictions); else null. */
  permissions: { canTrade: boolean; canWithdraw: boolean } | null;
  fetchedAt: number;
}

/** How market-data's handlers fail over the transport (the `error` of an RpcException). */
export interface MarketDataError {
  code:
    | 'not_found'
    | 'not_configured'
    | 'rate_limited'
    | 'banned'
    | 'authentication'
    | 'exchange_error';
  message: string;
}
