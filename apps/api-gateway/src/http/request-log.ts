import { FieldLogger } from '@platform/service-kit';
import type { FastifyInstance } from 'fastify';
import { requestPath } from './client-ip';
import type { GatewayRequest, GatewayResponse } from './gateway-request';

const logger = new FieldLogger('http');

/**
 * One line per answered request (method, path without its query, status, time; the request
 * id and the user as fields), only when LOG_LEVEL is debug or verbose: at the default level the
 * hook is not even registered, so the hot path pays nothing for it. Errors are logged by the
 * exception filter at every level.
 */
export function logRequests(fastify: FastifyInstance, level: string): void {
  if (level !== 'debug' && level !== 'verbose') return;
  fastify.addHook('onResponse', (request, reply, done) => {
    const gatewayRequest = request as GatewayRequest;
    const ms = Math.round((reply as GatewayResponse).elapsedTime);
    logger.debug(`${request.method} ${requestPath(gatewayRequest)} ${reply.statusCode} ${ms} ms`, {
      req: gatewayRequest.requestId,
      user: gatewayRequest.auth?.userId,
      status: reply.statusCode,
      ms,
    });
    done();
  });
}
