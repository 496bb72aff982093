import { redisOptionsFromUrl } from '@platform/redis';
import { env } from './env-spec';

/** Variables every service reads. Each app adds its own (ports) to these. */
export const commonEnv = {
  DATABASE_URL: env.url(['postgres:', 'postgresql:'], {
    description:
      'PostgreSQL shared by all services, e.g. postgres://postgres@127.0.0.1:5432/trading',
  }),
  REDIS_URL: env.custom(
    {
      description:
        'Redis shared by all services (transport, leases, cache), e.g. redis://127.0.0.1:6379, ' +
        'or a Sentinel group: redis+sentinel://host1:26379,host2:26379,host3:26379/mymaster',
    },
    (raw) => {
      redisOptionsFromUrl(raw); // throws what is wrong with it
      return raw;
    },
  ),
  HTTP_HOST: env.string({
    description: 'address the HTTP server (health, API) binds to',
    default: '0.0.0.0',
  }),
  LOG_LEVEL: env.oneOf(['error', 'warn', 'log', 'debug', 'verbose'], {
    description: 'the most detailed log level printed',
    default: 'log',
  }),
  LOG_FORMAT: env.oneOf(['text', 'json'], {
    description: 'text for terminals, json for log collectors',
    default: 'text',
  }),
  TRANSPORT_TIMEOUT_MS: env.int({
    description: 'how long a request over the Redis transport may wait for its reply',
    default: 2000,
    min: 100,
    max: 60000,
  }),
  HEALTH_CHECK_TIMEOUT_MS: env.int({
    description: 'how long each readiness check (Postgres, Redis, peers) may take',
    default: 1500,
    min: 100,
    max: 30000,
  }),
  SHUTDOWN_TIMEOUT_MS: env.int({
    description: 'after SIGTERM, how long a graceful stop may take before the process exits anyway',
    default: 8000,
    min: 500,
    max: 120000,
  }),
  METRICS_TOKEN: env.string({
    description:
      'bearer token a Prometheus scraper must present on GET /metrics; empty: /metrics is open (keep the port private)',
    default: '',
    secret: true,
  }),
};
