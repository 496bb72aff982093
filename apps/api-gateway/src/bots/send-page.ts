import type { GatewayRequest, GatewayResponse } from '../http/gateway-request';
import type { SerializedPage } from './bot-list-cache';

const NO_CACHE = /(?:^|,)\s*?no-cache\s*?(?:,|$)/;

/**
 * Whether the client's copy is fresh: If-None-Match names `etag` (weak comparison, as HTTP
 * asks for GET) and the request does not insist on a new one (`Cache-Control: no-cache`).
 */
function isFresh(request: GatewayRequest, etag: string): boolean {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch === undefined || NO_CACHE.test(request.headers['cache-control'] ?? ''))
    return false;
  if (ifNoneMatch.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === bare);
}

/**
 * Sends a page that is JSON bytes already (it may come from the cache) as they are, with its
 * ETag (the one Express computed): If-None-Match still gets a 304 without a body, HEAD no body
 * (Fastify's HEAD route).
 */
export function sendPage(
  request: GatewayRequest,
  response: GatewayResponse,
  page: SerializedPage,
): void {
  response.header('ETag', page.etag);
  if (isFresh(request, page.etag)) {
    response.code(304).send();
    return;
  }
  response.header('Content-Type', 'application/json; charset=utf-8').send(page.body);
}
