import { loadEnv } from '@platform/service-kit';
import { describeServiceConfig } from '@platform/testing';
import { marketDataEnv } from './market-data.env';

describeServiceConfig('market-data', marketDataEnv);

it('market-data listens on 3201 unless MARKET_DATA_HTTP_PORT says otherwise', () => {
  const base = { DATABASE_URL: 'postgres://db/x', REDIS_URL: 'redis://cache' };
  expect(loadEnv(marketDataEnv, base).MARKET_DATA_HTTP_PORT).toBe(3201);
});
