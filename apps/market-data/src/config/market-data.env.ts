import { encryptionKeysEnv, exchangeEnv } from '@platform/exchange';
import { commonEnv, env, type EnvValues } from '@platform/service-kit';

export const marketDataEnv = {
  ...commonEnv,
  MARKET_DATA_HTTP_PORT: env.port({
    description: 'HTTP port of market-data (health probes)',
    default: 3201,
  }),
  ...exchangeEnv,
  POLL_INTERVAL_MS: env.int({
    description: 'how often each feed is polled',
    default: 1000,
    min: 100,
  }),
  CANDLE_REFRESH_MS: env.int({
    description: 'how often the candles of a feed are re-read',
    default: 5000,
    min: 100,
  }),
  MARKET_STREAMS: env.oneOf(['on', 'off'] as const, {
    description:
      "stream tickers and candles over the exchange's WebSocket (ccxt pro) where it can, polling when a stream is down or stale; off: poll only",
    default: 'on',
  }),
  MARKET_STREAM_STALE_MS: env.int({
    description:
      'a market whose stream sent no ticker for this long is polled until it sends again',
    default: 3000,
    min: 500,
  }),
  FEED_REFRESH_MS: env.int({
    description: 'how often the set of feeds is re-read from Postgres',
    default: 2000,
    min: 200,
  }),
  ...encryptionKeysEnv,
  FEED_LEASE_TTL_MS: env.int({
    description: "lease TTL of a feed; a dead replica's feeds move after about this long",
    default: 3000,
    min: 500,
  }),
};

export type MarketDataConfig = EnvValues<typeof marketDataEnv>;
