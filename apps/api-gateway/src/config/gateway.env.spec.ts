import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { loadEnv } from '@platform/service-kit';
import { envExampleVariables } from '@platform/testing';
import { gatewayEnv } from './gateway.env';

describe('api-gateway configuration', () => {
  const required = {
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/trading',
    REDIS_URL: 'redis://127.0.0.1:6379',
  };

  it('needs only DATABASE_URL and REDIS_URL; everything else has a safe default', () => {
    const config = loadEnv(gatewayEnv, required);
    expect(config).toMatchObject({
      GATEWAY_HTTP_PORT: 3000,
      CORS_ORIGINS: [],
      BODY_LIMIT: '100kb',
      TRUST_PROXY: false,
      SESSION_TTL_SECONDS: 604800,
      RATE_LIMIT_PER_USER_PER_MIN: 600,
      RATE_LIMIT_PER_IP_PER_MIN: 1200,
      LOGIN_FAILURES_PER_PAIR: 5,
      LOGIN_FAILURES_PER_ACCOUNT: 50,
      LOGIN_FAILURES_PER_IP: 30,
      LOGIN_FAILURE_WINDOW_SECONDS: 900,
      LOGIN_MAX_DELAY_SECONDS: 300,
      ENCRYPTION_KEYS: null,
      DASHBOARD_DIR: join(process.cwd(), 'dist', 'apps', 'dashboard'),
    });
    expect(() => loadEnv(gatewayEnv, {})).toThrow(
      /DATABASE_URL is missing[\s\S]*REDIS_URL is missing/,
    );
  });

  it('names every bad variable at once, without echoing the encryption keys', () => {
    const badKeys = `k1:${randomBytes(16).toString('base64')}`;
    let message = '';
    try {
      loadEnv(gatewayEnv, {
        ...required,
        CORS_ORIGINS: 'https://ok.example.com,not an origin',
        BODY_LIMIT: '5gb',
        TRUST_PROXY: 'loopback,somewhere',
        RATE_LIMIT_PER_IP_PER_MIN: '0',
        ENCRYPTION_KEYS: badKeys,
      });
    } catch (error) {
      message = (error as Error).message;
    }
    for (const name of [
      'CORS_ORIGINS',
      'BODY_LIMIT',
      'TRUST_PROXY',
      'RATE_LIMIT_PER_IP_PER_MIN',
      'ENCRYPTION_KEYS',
    ])
      expect(message).toContain(name);
    expect(message).not.toContain(badKeys.slice(3));
  });

  it('takes a dashboard folder that is missing (not built yet) but never a file', () => {
    expect(loadEnv(gatewayEnv, { ...required, DASHBOARD_DIR: 'no/such/folder' })).toMatchObject({
      DASHBOARD_DIR: join(process.cwd(), 'no', 'such', 'folder'),
    });
    expect(() => loadEnv(gatewayEnv, { ...required, DASHBOARD_DIR: __filename })).toThrow(
      /DASHBOARD_DIR=.* is not a folder/,
    );
  });

  it('reads lists and keys', () => {
    const config = loadEnv(gatewayEnv, {
      ...required,
      CORS_ORIGINS: 'https://a.example.com, http://localhost:5173',
      TRUST_PROXY: 'loopback, 10.0.0.0/8',
      ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    });
    expect(config.CORS_ORIGINS).toEqual(['https://a.example.com', 'http://localhost:5173']);
    expect(config.TRUST_PROXY).toBe('loopback, 10.0.0.0/8');
    expect(config.ENCRYPTION_KEYS?.activeKeyId).toBe('k1');
  });

  it('documents every variable it reads in .env.example', () => {
    const documented = envExampleVariables();
    expect(Object.keys(gatewayEnv).filter((name) => !documented.has(name))).toEqual([]);
  });
});
