import { commonEnv, env, type EnvValues } from '@platform/service-kit';

export const gatewayEnv = {
  ...commonEnv,
  GATEWAY_HTTP_PORT: env.port({
    description: 'HTTP port of the api-gateway (REST API and health)',
    default: 3000,
  }),
};

export type GatewayConfig = EnvValues<typeof gatewayEnv>;
