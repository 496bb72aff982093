import { loadEnv } from '@platform/service-kit';
import { describeServiceConfig } from '@platform/testing';
import { gatewayEnv } from './gateway.env';

describeServiceConfig('api-gateway', gatewayEnv);

it('the gateway listens on 3000 unless GATEWAY_HTTP_PORT says otherwise', () => {
  const base = { DATABASE_URL: 'postgres://db/x', REDIS_URL: 'redis://cache' };
  expect(loadEnv(gatewayEnv, base).GATEWAY_HTTP_PORT).toBe(3000);
  expect(loadEnv(gatewayEnv, { ...base, GATEWAY_HTTP_PORT: '8080' }).GATEWAY_HTTP_PORT).toBe(8080);
});
