import { isFresh } from '../http/etag';
import type { GatewayRequest, GatewayResponse } from '../http/gateway-request';
import type { SerializedPage } from './bot-list-cache';

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
  response.header('etag', page.etag);
  if (isFresh(request, page.etag)) {
    response.code(304).send();
    return;
  }
  response.header('content-type', 'application/json; charset=utf-8').send(page.body);
}
