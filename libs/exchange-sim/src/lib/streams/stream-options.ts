/** Binance's documented stream limits and cadences (web-socket-streams.md); shorter in tests. */
export interface StreamOptions {
  /** How often ticker streams push (Binance: 1000 ms); a setPrice pushes at once. */
  tickerUpdateMs: number;
  /** How often kline streams push (Binance: 2000 ms, 1000 ms for 1s klines). */
  klineUpdateMs: number;
  /** Server ping frames (Binance: every 20 s). */
  pingIntervalMs: number;
  /** A connection that has not answered a ping with a pong for this long is dropped (a minute). */
  pongTimeoutMs: number;
  /** A connection lives at most this long (24 hours). */
  maxConnectionMs: number;
  /** Streams per connection (1024). */
  maxStreamsPerConnection: number;
  /** Incoming messages (text, ping and pong frames) per second before a disconnect (5). */
  maxIncomingPerSecond: number;
  /** Connection attempts per IP per window (300 per 5 minutes). */
  maxConnectionAttempts: number;
  connectionAttemptWindowMs: number;
}

export const DEFAULT_STREAM_OPTIONS: StreamOptions = {
  tickerUpdateMs: 1000,
  klineUpdateMs: 2000,
  pingIntervalMs: 20_000,
  pongTimeoutMs: 60_000,
  maxConnectionMs: 24 * 3600 * 1000,
  maxStreamsPerConnection: 1024,
  maxIncomingPerSecond: 5,
  maxConnectionAttempts: 300,
  connectionAttemptWindowMs: 5 * 60_000,
};
