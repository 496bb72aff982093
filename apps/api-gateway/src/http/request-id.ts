import { randomUUID } from 'node:crypto';
import type { GatewayRequest, GatewayResponse } from './gateway-request';

// A client's id is echoed into headers and logs, so only short plain tokens are taken over.
const SANE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** Every response carries X-Request-Id: the client's when it is a sane token, else a new one. */
export function assignRequestId(request: GatewayRequest, reply: GatewayResponse): void {
  const given = request.headers['x-request-id'];
  const id = typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID();
  request.requestId = id;
  reply.header('x-request-id', id);
}
