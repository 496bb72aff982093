import { exchangeEnv, KeyRing } from '@platform/exchange';
import { notifyEnv } from '@platform/notifications';
import { commonEnv, env, type EnvValues } from '@platform/service-kit';
import { parseBodyLimit } from './body-limit';
import { parseDashboardDir } from './dashboard-dir';
import { parseTrustProxy } from './trust-proxy';

export const gatewayEnv = {
  ...commonEnv,
  GATEWAY_HTTP_PORT: env.port({
    description: 'HTTP port of the api-gateway (REST API and health)',
    default: 3000,
  }),
  CORS_ORIGINS: env.list({
    description:
      'origins allowed to call the API from a browser, comma-separated (e.g. https://app.example.com); empty: none',
    default: '',
    item: (origin: string) => {
      if (!/^https?:\/\/[^/\s]+$/.test(origin))
        throw new Error(`"${origin}" is not an origin like https://app.example.com`);
      return origin;
    },
  }),
  BODY_LIMIT: env.custom(
    { description: 'largest JSON request body, e.g. 100kb or 1mb', default: '100kb' },
    parseBodyLimit,
  ),
  TRUST_PROXY: env.custom(
    {
      description:
        'which proxies may set X-Forwarded-For: false, a hop count, or addresses/CIDRs/loopback,uniquelocal',
      default: 'false',
    },
    parseTrustProxy,
  ),
  SESSION_TTL_SECONDS: env.int({
    description: 'how long a session token stays valid after sign-in',
    default: 7 * 24 * 3600,
    min: 60,
    max: 90 * 24 * 3600,
  }),
  RATE_LIMIT_PER_USER_PER_MIN: env.int({
    description: 'requests per minute one signed-in user may make (all gateways together)',
    default: 600,
    min: 1,
  }),
  RATE_LIMIT_PER_IP_PER_MIN: env.int({
    description: 'requests per minute one client address may make (all gateways together)',
    default: 1200,
    min: 1,
  }),
  LOGIN_FAILURES_PER_PAIR: env.int({
    description:
      'failed sign-ins of one client address on one account before each further attempt waits 1 s, 2 s, 4 s ... (up to LOGIN_MAX_DELAY_SECONDS)',
    default: 5,
    min: 1,
  }),
  LOGIN_FAILURES_PER_ACCOUNT: env.int({
    description:
      'failed sign-ins on one account from all addresses within LOGIN_FAILURE_WINDOW_SECONDS before addresses that never signed in to it get one attempt per LOGIN_MAX_DELAY_SECONDS (never a lockout)',
    default: 50,
    min: 1,
  }),
  LOGIN_FAILURES_PER_IP: env.int({
    description:
      'failed sign-ins per client address (over all accounts) within LOGIN_FAILURE_WINDOW_SECONDS before 429',
    default: 30,
    min: 1,
  }),
  LOGIN_FAILURE_WINDOW_SECONDS: env.int({
    description:
      'window in which failed sign-ins are counted (a pair forgets its failures this long after its last one)',
    default: 900,
    min: 1,
  }),
  LOGIN_MAX_DELAY_SECONDS: env.int({
    description: 'longest wait between two sign-in attempts of one address on one account',
    default: 300,
    min: 1,
    max: 86400,
  }),
  MARKET_DATA_TIMEOUT_MS: env.int({
    description:
      'how long the gateway waits for market-data on ticker, candle and balance queries (they may call the exchange)',
    default: 10000,
    min: 100,
    max: 120000,
  }),
  GATEWAY_DATABASE_POOL_SIZE: env.int({
    description: 'Postgres connections of each gateway process',
    default: 10,
    min: 1,
    max: 200,
  }),
  BOTS_LIST_CACHE_MS: env.int({
    description:
      'how long each gateway may answer GET /bots from memory: writes through any gateway show at once, what bot-workers change (running, last tick, engine errors) at most this late; 0: off',
    default: 1000,
    min: 0,
    max: 60000,
  }),
  LIVE_HEARTBEAT_MS: env.int({
    description:
      'a heartbeat comment on every live stream (GET /live) this often, so proxies keep it open',
    default: 15000,
    min: 200,
    max: 120000,
  }),
  // read, not spent: GET /admin/budgets shows each exchange's use against it (set it alike everywhere)
  EXCHANGE_WEIGHT_BUDGETS: exchangeEnv.EXCHANGE_WEIGHT_BUDGETS,
  DASHBOARD_DIR: env.custom(
    {
      description:
        'the built web dashboard (index.html + assets/), served under /app/; relative paths start at the working directory',
      default: 'dist/apps/dashboard',
    },
    parseDashboardDir,
  ),
  // Same format as market-data's: both must hold the keys that sealed the stored credentials.
  ENCRYPTION_KEYS: env.custom(
    {
      description:
        'master keys that seal exchange keys, <id>:<base64 32 bytes>, newest first (openssl rand -base64 32); empty: exchange accounts cannot be added',
      default: '',
      secret: true,
    },
    (raw) => (raw === '' ? null : KeyRing.parse(raw)),
  ),
  // test messages go out from the gateway, on the same settings as the workers' messages
  ...notifyEnv,
};

export type GatewayConfig = EnvValues<typeof gatewayEnv>;
