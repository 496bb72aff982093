import { loadEnv } from '@platform/service-kit';
import { envExampleVariables } from '@platform/testing';
import { gatewayEnv } from './gateway.env';

describe('api-gateway configuration', () => {
  const required = {
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/trading',
    REDIS_URL: 'redis://127.0.0.1:6379',
  };

  it('needs only DATABASE_URL and REDIS_URL; GATEWAY_HTTP_PORT defaults to 3000', () => {
    expect(loadEnv(gatewayEnv, required).GATEWAY_HTTP_PORT).toBe(3000);
    expect(() => loadEnv(gatewayEnv, {})).toThrow(
      /DATABASE_URL is missing[\s\S]*REDIS_URL is missing/,
    );
  });

  it('documents every variable it reads in .env.example', () => {
    const documented = envExampleVariables();
    expect(Object.keys(gatewayEnv).filter((name) => !documented.has(name))).toEqual([]);
  });
});
