import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import type { GatewayConfig } from '../config/gateway.env';
import { bodyParserErrors } from './body-parser-errors';
import { requestIdMiddleware } from './request-id';

/**
 * The Express side of the gateway, before Nest adds its routes: request ids first (so every
 * answer, even a body-parser error, carries one), security headers, CORS only for the listed
 * origins, a bounded JSON body, and which proxies may tell us the client's address.
 */
export function configureHttp(nestApp: INestApplication, config: GatewayConfig): void {
  const app = nestApp as NestExpressApplication;
  app.set('trust proxy', config.TRUST_PROXY);
  app.use(requestIdMiddleware);
  // No upgrade-insecure-requests: on a notebook the gateway speaks plain HTTP, and browsers
  // would rewrite same-origin links (the /docs page's) to https.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  if (config.CORS_ORIGINS.length > 0) {
    app.enableCors({
      origin: config.CORS_ORIGINS,
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
      exposedHeaders: [
        'X-Request-Id',
        'Retry-After',
        'RateLimit-Limit',
        'RateLimit-Remaining',
        'RateLimit-Reset',
      ],
      maxAge: 600,
    });
  }
  // Registered before Nest's defaults, which it then skips.
  app.useBodyParser('json', { limit: config.BODY_LIMIT });
  app.useBodyParser('urlencoded', { limit: config.BODY_LIMIT, extended: false });
  app.use(bodyParserErrors(config.BODY_LIMIT));
}
