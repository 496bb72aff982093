import { KeyRing } from '@platform/exchange';
import { commonEnv, env, type EnvValues } from '@platform/service-kit';

/** `binance=http://127.0.0.1:8090`: where to reach an exchange instead of its public API. */
const exchangeUrl = (entry: string) => {
  const [exchangeId, url] = entry.split('=');
  if (!exchangeId || !url || !/^https?:\/\//.test(url))
    throw new Error(`"${entry}" is not <exchange>=<http(s) URL>`);
  return { exchangeId, url };
};

export const marketDataEnv = {
  ...commonEnv,
  MARKET_DATA_HTTP_PORT: env.port({
    description: 'HTTP port of market-data (health probes)',
    default: 3201,
  }),
  EXCHANGE_BASE_URLS: env.list({
    description:
      'exchanges reached at another address (simulator, testnet), e.g. binance=http://127.0.0.1:8090',
    default: '',
    item: exchangeUrl,
  }),
  EXCHANGE_WEIGHT_BUDGETS: env.list({
    description:
      'request weight per minute the whole cluster may spend per exchange, <exchange>=<weight> (binance allows 6000; default half of it)',
    default: 'binance=3000',
    item: (entry: string) => {
      const [exchangeId, weight] = entry.split('=');
      if (!exchangeId || !/^\d+$/.test(weight ?? ''))
        throw new Error(`"${entry}" is not <exchange>=<weight>`);
      return { exchangeId, weight: Number(weight) };
    },
  }),
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
  FEED_REFRESH_MS: env.int({
    description: 'how often the set of feeds is re-read from Postgres',
    default: 2000,
    min: 200,
  }),
  ENCRYPTION_KEYS: env.custom(
    {
      description:
        'master keys that seal exchange keys, <id>:<base64 32 bytes>, newest first (openssl rand -base64 32); empty: no balances',
      default: '',
      secret: true,
    },
    (raw) => (raw === '' ? null : KeyRing.parse(raw)),
  ),
  FEED_LEASE_TTL_MS: env.int({
    description: "lease TTL of a feed; a dead replica's feeds move after about this long",
    default: 3000,
    min: 500,
  }),
};

export type MarketDataConfig = EnvValues<typeof marketDataEnv>;
