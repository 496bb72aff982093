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
    default: 1000,
    min: 200,
    max: 600000,
  }),
  LEASE_TTL_MS: env.int({
    description: "lease TTL of a bot; a dead worker's bots move after at most about this long",
    default: 3000,
    min: 500,
    max: 120000,
  }),
  REDIS_LOCK_URLS: env.list({
    description: 'independent Redis masters for leases (quorum = majority); empty: REDIS_URL alone',
    default: '',
  }),
  WORKER_CAPACITY: env.int({ description: 'most bots this worker runs', default: 10000, min: 0 }),
  WORKER_TAGS: env.list({
    description:
      'placement tags of this worker, e.g. region=sp; bots that require a tag run only on workers with it',
    default: '',
  }),
  BOT_TICK_INTERVAL_MS: env.int({
    description: 'how often a running bot acts (today: writes its fenced heartbeat)',
    default: 1000,
    min: 50,
  }),
  BOT_TICK_WORK_MS: env.int({
    description:
      'test harness only: simulated work between the lease check and the write of a tick',
    default: 0,
    min: 0,
  }),
  UNSAFE_DISABLE_FENCING: env.bool({
    description:
      'test harness only (chaos baseline): accept writes from superseded owners; never in production',
    default: false,
  }),
};

export type BotWorkerConfig = EnvValues<typeof botWorkerEnv>;
