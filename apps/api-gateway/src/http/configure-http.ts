import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet, { contentSecurityPolicy } from 'helmet';
import type { GatewayConfig } from '../config/gateway.env';
import { DASHBOARD_PATH } from '../dashboard/dashboard-target';
import { bodyParserErrors } from './body-parser-errors';
import { answerClientErrors } from './client-error-responder';
import { requestIdMiddleware } from './request-id';
import { allowLongHeads, urlLengthLimit } from './request-head-limits';

// No upgrade-insecure-requests: on a notebook the gateway speaks plain HTTP, and browsers
// would rewrite same-origin links (the /docs page's) to https.
const apiPolicy = { upgradeInsecureRequests: null };
// The dashboard's pages load only their own files, with no inline script or style, and talk
// to the API on the same origin.
const dashboardPolicy = {
  ...apiPolicy,
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  connectSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
};

/**
 * The Express side of the gateway, before Nest adds its routes: request ids first (so every
 * answer, even a body-parser error, carries one), a 414 for over-long URLs, security headers,
 * CORS only for the listed origins, a bounded JSON body, and which proxies may tell us the
 * client's address. Requests Node's parser refuses get the one error body too.
 */
export function configureHttp(nestApp: INestApplication, config: GatewayConfig): void {
  const app = nestApp as NestExpressApplication;
  app.set('trust proxy', config.TRUST_PROXY);
  allowLongHeads(app.getHttpServer());
  answerClientErrors(app.getHttpServer());
  app.use(requestIdMiddleware);
  app.use(urlLengthLimit);
  app.use(helmet({ contentSecurityPolicy: { directives: apiPolicy } }));
  app.use(DASHBOARD_PATH, contentSecurityPolicy({ directives: dashboardPolicy }));
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
