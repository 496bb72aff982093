import type { GatewayResponse } from '../http/gateway-request';
import type { SerializedPage } from './bot-list-cache';

/** Express's response (the app has no @types/express): `send` sets length, handles HEAD and 304. */
export type ExpressResponse = GatewayResponse & { send(body: Buffer): void };

/**
 * Sends a page that is JSON bytes already (it may come from the cache) as they are, with the
 * ETag Express would have computed for them: If-None-Match still gets a 304, HEAD no body.
 */
export function sendPage(response: ExpressResponse, page: SerializedPage): void {
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.setHeader('ETag', page.etag);
  response.send(page.body);
}
