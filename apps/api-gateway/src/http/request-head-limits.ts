import type { Server } from 'node:http';
import { ApiError } from './api-error';
import type { GatewayRequest } from './gateway-request';

/**
 * How much of a request's head (request line and headers) Node reads. Its default, 16 KiB,
 * makes it drop a long URL before the app sees it (a bare 431, or a reset connection when the
 * client is still sending); with room to read it, the gateway answers 414 in its own shape.
 */
export const MAX_HEAD_BYTES = 128 * 1024;

/** The longest URL the API accepts: no route needs a tenth of it (cursors are 200 characters). */
export const MAX_URL_LENGTH = 8 * 1024;

/**
 * Raises the server's limit. Fastify creates the server without it; Node reads the option
 * (http.createServer's `maxHeaderSize`) from the server for each new connection, so setting it
 * before listen() has the same effect (the 414 spec fails if that ever stops being true).
 */
export function allowLongHeads(server: Server): void {
  (server as Server & { maxHeaderSize?: number }).maxHeaderSize = MAX_HEAD_BYTES;
}

/** 414 for an over-long URL, before any route or the rate-limit gate (Redis) runs. */
export function refuseLongUrl(request: Pick<GatewayRequest, 'url'>): void {
  if (request.url.length > MAX_URL_LENGTH)
    throw new ApiError('uri_too_long', `the URL is longer than ${MAX_URL_LENGTH} characters`);
}
