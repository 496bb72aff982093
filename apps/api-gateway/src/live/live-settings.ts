export const LIVE_SETTINGS = Symbol('LIVE_SETTINGS');

export interface LiveSettings {
  redisUrl: string;
  /** A comment line on every stream this often. */
  heartbeatMs: number;
  /** The `retry:` an EventSource waits before reconnecting. */
  retryMs: number;
  maxStreamsPerUser: number;
  maxBufferedBytes: number;
  tickerIntervalMs: number;
}
