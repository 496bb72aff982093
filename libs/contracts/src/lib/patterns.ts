// Message patterns of the Redis transport. Commands and queries are imperative, events are in
// the past tense. The transport is pub/sub (at-most-once): events are hints that make things
// fast; Postgres stays the truth and every consumer also reconciles on a timer.

/** Request/response patterns answered by bot-workers. */
export const BotWorkerPatterns = {
  /** Who are you and what do you see? Replies with a {@link BotWorkerPingReply}. */
  Ping: 'bot-worker.ping',
} as const;

/** Request/response patterns answered by market-data. */
export const MarketDataPatterns = {
  /** Replies with a {@link MarketDataPingReply}. */
  Ping: 'market-data.ping',
  /** {@link TickerQuery} -> {@link TickerReply}: the shared snapshot, polled once cluster-wide. */
  GetTicker: 'market-data.get-ticker',
  /** {@link CandlesQuery} -> {@link CandlesReply}. */
  GetCandles: 'market-data.get-candles',
  /**
   * {@link CandleRangeQuery} -> {@link CandlesReply}: from the snapshot when it holds the range,
   * else read from the exchange a page at a time (one replica fetches, the others wait for it).
   */
  GetCandleRange: 'market-data.get-candle-range',
  /**
   * {@link CandleBackfillQuery} -> {@link CandleBackfillReply}, once the closed candles of the
   * range are in the candle store: only its missing parts are read from the exchange (pages
   * through the weight budget), by one replica at a time per market (a lease); a replica that
   * finds the market being backfilled waits for it, then reads the store.
   */
  BackfillCandles: 'market-data.backfill-candles',
  /** {@link BalanceQuery} -> {@link BalanceReply}: cached 30 s per account, one exchange call at a time. */
  GetBalance: 'market-data.get-balance',
} as const;

/** Events (fire and forget). */
export const BotEvents = {
  /** Desired state or configuration of bots changed in Postgres: reconcile now. */
  Changed: 'bots.changed',
} as const;
