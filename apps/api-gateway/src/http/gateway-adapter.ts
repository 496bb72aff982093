import { FastifyAdapter } from '@nestjs/platform-fastify';
import { bodyLimitBytes } from '../config/body-limit';
import type { GatewayConfig } from '../config/gateway.env';
import { answerClientError } from './client-error-responder';
import { MAX_URL_LENGTH } from './request-head-limits';

/** Node's own defaults, which Fastify would otherwise change (it disables the request timeout). */
const NODE_REQUEST_TIMEOUT_MS = 300_000;
const NODE_KEEP_ALIVE_TIMEOUT_MS = 5_000;

/**
 * The gateway's HTTP server: Nest on Fastify, routing as the API always has (paths match in
 * any case, with or without a trailing slash, a path parameter as long as a URL may be), which
 * proxies may name the client (`TRUST_PROXY`), the body limit, and the one error body for what
 * Node's parser refuses. No Nest middleware (the gateway's plumbing is Fastify hooks), so no
 * middie. Streams and keep-alive connections do not hold a shutdown open.
 */
export function createGatewayAdapter(config: GatewayConfig): FastifyAdapter {
  return new FastifyAdapter({
    trustProxy: config.TRUST_PROXY,
    bodyLimit: bodyLimitBytes(config.BODY_LIMIT),
    routerOptions: {
      caseSensitive: false,
      ignoreTrailingSlash: true,
      maxParamLength: MAX_URL_LENGTH,
    },
    clientErrorHandler: answerClientError,
    forceCloseConnections: true,
    requestTimeout: NODE_REQUEST_TIMEOUT_MS,
    keepAliveTimeout: NODE_KEEP_ALIVE_TIMEOUT_MS,
    skipMiddie: true,
  });
}
