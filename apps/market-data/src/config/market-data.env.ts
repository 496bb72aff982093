import { commonEnv, env, type EnvValues } from '@platform/service-kit';

export const marketDataEnv = {
  ...commonEnv,
  MARKET_DATA_HTTP_PORT: env.port({
    description: 'HTTP port of market-data (health probes)',
    default: 3201,
  }),
};

export type MarketDataConfig = EnvValues<typeof marketDataEnv>;
