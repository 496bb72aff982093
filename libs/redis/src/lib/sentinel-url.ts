/**
 * A Sentinel group in one URL, so that REDIS_URL stays the only Redis setting of a service:
 *
 *   redis+sentinel://[user:password@]host1[:port1],host2[:port2],.../master-name[/db][?sentinelPassword=...]
 *   rediss+sentinel://...   (TLS to the master and to the sentinels)
 *
 * The same shape as Lettuce's `redis-sentinel://` and the `redis+sentinel://` of several Python
 * and Go libraries: the host list is the sentinels (default port 26379), the first path segment
 * the master group name. Credentials in the URL are the data nodes' (master and replicas);
 * sentinels protected by their own password take `?sentinelPassword=` (and `sentinelUsername`).
 */
export interface RedisSentinelOptions {
  sentinels: { host: string; port: number }[];
  /** The master group name the sentinels monitor. */
  name: string;
  username?: string;
  password?: string;
  sentinelUsername?: string;
  sentinelPassword?: string;
  db: number;
  tls?: Record<string, never>;
  enableTLSForSentinelMode?: boolean;
}

const SCHEME = /^(rediss?)\+sentinel:\/\//i;
const DEFAULT_SENTINEL_PORT = 26379;
const QUERY_KEYS = ['sentinelPassword', 'sentinelUsername'];

export const isSentinelUrl = (url: string): boolean => SCHEME.test(url.trim());

/** One `host[:port]` (or `[ipv6]:port`) of the sentinel list. */
function sentinelAddress(entry: string): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:[\]]+)(?::(\d*))?$/.exec(entry);
  if (!match) throw new Error(`has a bad sentinel address "${entry}" (expected host[:port])`);
  const port = match[2] ? Number(match[2]) : DEFAULT_SENTINEL_PORT;
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`has a bad sentinel port in "${entry}" (1-65535)`);
  return { host: match[1].replace(/^\[|\]$/g, ''), port };
}

function decode(part: string, what: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new Error(`has a badly escaped ${what}`);
  }
}

/** Throws an Error that names what is wrong (the config loader prints it under REDIS_URL). */
export function sentinelOptionsFromUrl(raw: string): RedisSentinelOptions {
  const url = raw.trim();
  const scheme = SCHEME.exec(url);
  if (!scheme) throw new Error('is not a redis+sentinel:// URL');
  const rest = url.slice(scheme[0].length);
  const [beforeQuery, query = ''] = rest.split('?', 2);
  const slash = beforeQuery.indexOf('/');
  const authority = slash < 0 ? beforeQuery : beforeQuery.slice(0, slash);
  const path = slash < 0 ? '' : beforeQuery.slice(slash + 1);

  const at = authority.lastIndexOf('@');
  const userInfo = at < 0 ? '' : authority.slice(0, at);
  const hosts = at < 0 ? authority : authority.slice(at + 1);
  const entries = hosts.split(',').map((entry) => entry.trim());
  if (entries.length === 0 || entries.some((entry) => entry === ''))
    throw new Error('names no sentinels (expected host1:26379,host2:26379,... after the scheme)');
  const sentinels = entries.map(sentinelAddress);

  const [name = '', dbPart, ...extra] = path.split('/');
  if (!name)
    throw new Error('has no master group name (expected redis+sentinel://sentinels/master-name)');
  if (extra.length > 0) throw new Error(`has too many path segments: /${path}`);
  const db = dbPart === undefined || dbPart === '' ? 0 : Number(dbPart);
  if (!/^\d*$/.test(dbPart ?? '') || !Number.isInteger(db))
    throw new Error(`has a bad database number: ${dbPart}`);

  const params = new URLSearchParams(query);
  const unknown = [...params.keys()].filter((key) => !QUERY_KEYS.includes(key));
  if (unknown.length > 0)
    throw new Error(
      `has unknown parameters: ${unknown.join(', ')} (known: ${QUERY_KEYS.join(', ')})`,
    );

  const colon = userInfo.indexOf(':');
  const username = colon < 0 ? userInfo : userInfo.slice(0, colon);
  const password = colon < 0 ? '' : userInfo.slice(colon + 1);
  const tls = scheme[1].toLowerCase() === 'rediss';
  return {
    sentinels,
    name: decode(name, 'master name'),
    username: username ? decode(username, 'user name') : undefined,
    password: password ? decode(password, 'password') : undefined,
    sentinelUsername: params.get('sentinelUsername') ?? undefined,
    sentinelPassword: params.get('sentinelPassword') ?? undefined,
    db,
    tls: tls ? {} : undefined,
    enableTLSForSentinelMode: tls || undefined,
  };
}
