import { isSentinelUrl, sentinelOptionsFromUrl, type RedisSentinelOptions } from './sentinel-url';

/** One Redis server, as a URL names it. */
export interface RedisServerOptions {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
  tls?: Record<string, never>;
}

/** The connection part of ioredis options: what REDIS_URL can say (a server or a Sentinel group). */
export type RedisConnectionOptions = RedisServerOptions | RedisSentinelOptions;

export const REDIS_URL_FORMS =
  'redis://[user:password@]host[:port][/db], rediss://... (TLS) or ' +
  'redis+sentinel://[user:password@]sentinel1[:26379],sentinel2[:26379],.../master-name[/db]';

/**
 * REDIS_URL as ioredis options: a single server (redis://, rediss:// for TLS) or a Sentinel
 * group (redis+sentinel://, see sentinel-url.ts). Throws an Error that says what is wrong.
 */
export function redisOptionsFromUrl(redisUrl: string): RedisConnectionOptions {
  if (isSentinelUrl(redisUrl)) return sentinelOptionsFromUrl(redisUrl);
  let url: URL;
  try {
    url = new URL(redisUrl);
  } catch {
    throw new Error(`is not a URL (expected ${REDIS_URL_FORMS})`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
    throw new Error(
      `must start with redis://, rediss:// or redis+sentinel:// (got ${url.protocol})`,
    );
  if (!url.hostname) throw new Error('has no host name');
  const db = url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0)
    throw new Error(`REDIS_URL has a bad database number: ${url.pathname}`);
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : 6379,
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db,
    tls: url.protocol === 'rediss:' ? {} : undefined,
  };
}

/** Whether the options name a Sentinel group rather than one server. */
export const isSentinelGroup = (options: RedisConnectionOptions): options is RedisSentinelOptions =>
  'sentinels' in options;
