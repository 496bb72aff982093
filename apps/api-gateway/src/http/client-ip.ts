import type { GatewayRequest } from './gateway-request';

/**
 * The client's address as Fastify derives it under `trustProxy`; IPv4 clients of a dual-stack
 * socket appear as ::ffff:a.b.c.d, counted as a.b.c.d so both forms share one limit.
 */
export function clientIp(request: GatewayRequest): string {
  const ip = request.ip ?? request.socket.remoteAddress ?? 'unknown';
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

/** The request's path without the query string. */
export function requestPath(request: Pick<GatewayRequest, 'originalUrl' | 'url'>): string {
  const url = request.originalUrl ?? request.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
