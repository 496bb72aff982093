import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyCors from '@fastify/cors';
import { bodyLimitBytes } from '../config/body-limit';
import type { GatewayConfig } from '../config/gateway.env';
import { countHttpRequests } from '../metrics/http-metrics.hook';
import { HttpMetrics } from '../metrics/http-metrics';
import { RequestGateHook } from '../rate-limit/request-gate.hook';
import { serveDirectRoutes } from '../routes/direct-route';
import { DIRECT_ROUTES } from '../routes/direct-routes';
import { type GatewayRequest, type GatewayResponse, initialRequestState } from './gateway-request';
import { etagOnSend } from './etag';
import { registerBodyParsers } from './request-body';
import { assignRequestId } from './request-id';
import { logRequests } from './request-log';
import { allowLongHeads, refuseLongUrl } from './request-head-limits';
import { setSecurityHeaders } from './security-headers';

const CORS_OPTIONS = {
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
};

/**
 * The Fastify side of the gateway, before Nest adds its routes. On every request, first (so
 * every answer, even a 414 or a body error, carries them): the request id, the 414 for
 * over-long URLs, the security headers; then CORS for the listed origins only (a preflight is
 * answered there); after the body is read (bounded, JSON or form, decompressed as
 * Content-Encoding says), the request gate: rate limits and the caller's session. Answers get
 * a weak ETag (304 when the client's copy is fresh), as Express gave them. At LOG_LEVEL=debug,
 * a line per answered request. Then the routes Fastify serves without Nest's router (GET /bots).
 */
export function configureHttp(nestApp: INestApplication, config: GatewayConfig): void {
  const app = nestApp as NestFastifyApplication;
  const fastify = app.getHttpAdapter().getInstance();
  allowLongHeads(app.getHttpServer());
  for (const [name, value] of Object.entries(initialRequestState))
    fastify.decorateRequest(name, value);
  fastify.addHook('onRequest', (request, reply, done) => {
    const gatewayRequest = request as GatewayRequest;
    assignRequestId(gatewayRequest, reply);
    setSecurityHeaders(gatewayRequest, reply);
    try {
      refuseLongUrl(gatewayRequest);
    } catch (error) {
      return done(error as Error);
    }
    done();
  });
  if (config.CORS_ORIGINS.length > 0)
    void fastify.register(fastifyCors, { origin: config.CORS_ORIGINS, ...CORS_OPTIONS });
  fastify.removeContentTypeParser('text/plain');
  registerBodyParsers(app, bodyLimitBytes(config.BODY_LIMIT));
  fastify.addHook('onSend', etagOnSend);
  logRequests(fastify, config.LOG_LEVEL);
  countHttpRequests(fastify, app.get(HttpMetrics));
  const gate = app.get(RequestGateHook);
  fastify.addHook('preHandler', (request, reply) =>
    gate.admit(request as GatewayRequest, reply as GatewayResponse),
  );
  serveDirectRoutes(app, DIRECT_ROUTES);
}
