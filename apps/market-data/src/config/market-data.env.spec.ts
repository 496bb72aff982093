import { loadEnv } from '@platform/service-kit';
import { envExampleVariables } from '@platform/testing';
import { marketDataEnv } from './market-data.env';

describe('market-data configuration', () => {
  const required = {
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/trading',
    REDIS_URL: 'redis://127.0.0.1:6379',
  };

  it('needs only DATABASE_URL and REDIS_URL; MARKET_DATA_HTTP_PORT defaults to 3201', () => {
    expect(loadEnv(marketDataEnv, required).MARKET_DATA_HTTP_PORT).toBe(3201);
    expect(() => loadEnv(marketDataEnv, {})).toThrow(
      /DATABASE_URL is missing[\s\S]*REDIS_URL is missing/,
    );
  });

  it('MARKET_STREAMS: on by default; a value other than on or off is refused by name', () => {
    expect(loadEnv(marketDataEnv, required).MARKET_STREAMS).toBe('on');
    expect(loadEnv(marketDataEnv, { ...required, MARKET_STREAMS: 'off' }).MARKET_STREAMS).toBe(
      'off',
    );
    expect(() => loadEnv(marketDataEnv, { ...required, MARKET_STREAMS: 'yes' })).toThrow(
      /MARKET_STREAMS.*must be one of: on, off/,
    );
  });

  it('documents every variable it reads in .env.example', () => {
    const documented = envExampleVariables();
    expect(Object.keys(marketDataEnv).filter((name) => !documented.has(name))).toEqual([]);
  });
});
