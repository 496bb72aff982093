import { loadEnv } from '@platform/service-kit';
import { envExampleVariables } from '@platform/testing';
import { botWorkerEnv } from './bot-worker.env';

describe('bot-worker configuration', () => {
  const required = {
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/trading',
    REDIS_URL: 'redis://127.0.0.1:6379',
  };

  it('needs only DATABASE_URL and REDIS_URL; BOT_WORKER_HTTP_PORT defaults to 3101', () => {
    expect(loadEnv(botWorkerEnv, required).BOT_WORKER_HTTP_PORT).toBe(3101);
    expect(() => loadEnv(botWorkerEnv, {})).toThrow(
      /DATABASE_URL is missing[\s\S]*REDIS_URL is missing/,
    );
  });

  it('documents every variable it reads in .env.example', () => {
    const documented = envExampleVariables();
    expect(Object.keys(botWorkerEnv).filter((name) => !documented.has(name))).toEqual([]);
  });
});

it('refuses a reconcile interval that would hammer Postgres', () => {
  const base = { DATABASE_URL: 'postgres://db/x', REDIS_URL: 'redis://cache' };
  expect(() => loadEnv(botWorkerEnv, { ...base, RECONCILE_INTERVAL_MS: '10' })).toThrow(
    'RECONCILE_INTERVAL_MS="10" must be >= 200',
  );
});

it('serves one backtest at a time by default; 0 serves none; refuses a negative count', () => {
  const base = { DATABASE_URL: 'postgres://db/x', REDIS_URL: 'redis://cache' };
  expect(loadEnv(botWorkerEnv, base)).toMatchObject({
    BACKTEST_CONCURRENCY: 1,
    BACKTEST_LOCK_MS: 10000,
  });
  expect(loadEnv(botWorkerEnv, { ...base, BACKTEST_CONCURRENCY: '0' }).BACKTEST_CONCURRENCY).toBe(
    0,
  );
  expect(() => loadEnv(botWorkerEnv, { ...base, BACKTEST_CONCURRENCY: '-1' })).toThrow(
    'BACKTEST_CONCURRENCY="-1" must be >= 0',
  );
});
