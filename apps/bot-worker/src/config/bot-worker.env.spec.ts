import { loadEnv } from '@platform/service-kit';
import { describeServiceConfig } from '@platform/testing';
import { botWorkerEnv } from './bot-worker.env';

describeServiceConfig('bot-worker', botWorkerEnv);

it('refuses a reconcile interval that would hammer Postgres', () => {
  const base = { DATABASE_URL: 'postgres://db/x', REDIS_URL: 'redis://cache' };
  expect(() => loadEnv(botWorkerEnv, { ...base, RECONCILE_INTERVAL_MS: '10' })).toThrow('RECONCILE_INTERVAL_MS="10" must be >= 200');
});
