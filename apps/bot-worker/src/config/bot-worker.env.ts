import { commonEnv, env, type EnvValues } from '@platform/service-kit';

export const botWorkerEnv = {
  ...commonEnv,
  BOT_WORKER_HTTP_PORT: env.port({
    description: 'HTTP port of a bot-worker (health probes)',
    default: 3101,
  }),
  RECONCILE_INTERVAL_MS: env.int({
    description:
      'how often a bot-worker re-reads desired bot states from Postgres even without hints',
    default: 5000,
    min: 200,
    max: 600000,
  }),
};

export type BotWorkerConfig = EnvValues<typeof botWorkerEnv>;
