import type { BacktestProgressEvent } from './backtest-jobs';

// Live updates for the dashboard: what happened to a user's bots, published on Redis pub/sub
// by whichever process saw it (a bot-worker, a gateway) and relayed by every gateway replica to
// that user's server-sent-event streams. Like the transport, at most once: Postgres stays the
// truth and a client that reconnects reloads from the API.

/** The Redis channel of one user's live events. */
export const liveChannel = (userId: string) => `live:user:${userId}`;
/** What a gateway subscribes to (PSUBSCRIBE) to relay every user's events. */
export const LIVE_CHANNEL_PATTERN = 'live:user:*';

export type BotLiveStatus = 'starting' | 'running' | 'stopping' | 'stopped' | 'error';

export interface BotStatusEvent {
  type: 'bot.status';
  botId: string;
  status: BotLiveStatus;
  /** The worker that runs it now (running), else null. */
  workerId: string | null;
  reason: string | null;
  /** ISO-8601 */
  at: string;
}

/** The one way a `bot.status` event is built, by workers and gateways alike. */
export function botStatusEvent(
  botId: string,
  status: BotLiveStatus,
  { workerId = null, reason = null }: { workerId?: string | null; reason?: string | null } = {},
): BotStatusEvent {
  return { type: 'bot.status', botId, status, workerId, reason, at: new Date().toISOString() };
}

export interface OrderEvent {
  type: 'order';
  botId: string;
  orderId: string;
  clientOrderId: string;
  side: 'buy' | 'sell';
  orderType: 'market' | 'limit';
  status: string;
  amount: string;
  filled: string;
  averagePrice: string | null;
  at: string;
}

export interface TradeEvent {
  type: 'trade';
  botId: string;
  orderId: string;
  tradeId: string;
  side: 'buy' | 'sell';
  price: string;
  amount: string;
  fee: string;
  feeCurrency: string | null;
  at: string;
}

/** Sent by gateways (from the market snapshots) for the markets of the user's bots. */
export interface TickerEvent {
  type: 'ticker';
  exchangeId: string;
  symbol: string;
  last: string;
  at: string;
}

export type LiveEvent =
  | BotStatusEvent
  | OrderEvent
  | TradeEvent
  | TickerEvent
  | BacktestProgressEvent;
