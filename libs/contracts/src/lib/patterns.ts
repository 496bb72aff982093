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
  /** Replies with a {@link ServicePingReply}. */
  Ping: 'market-data.ping',
} as const;

/** Events (fire and forget). */
export const BotEvents = {
  /** Desired state or configuration of bots changed in Postgres: reconcile now. */
  Changed: 'bots.changed',
} as const;
