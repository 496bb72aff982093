import type { ErrorBody } from '@platform/api-schemas';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { type ErrorCode, ErrorStatus } from './error-codes';

const answers: Record<string, { code: ErrorCode; message: string }> = {
  HPE_HEADER_OVERFLOW: { code: 'headers_too_large', message: 'the request headers are too large' },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: {
    code: 'payload_too_large',
    message: 'the chunk extensions of the request body are too large',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    code: 'request_timeout',
    message: 'the request took too long to arrive',
  },
};
const malformed = { code: 'bad_request', message: 'the request is not well-formed HTTP' } as const;

/** A whole HTTP/1.1 response carrying the one error body; the connection closes after it. */
function rawResponse(code: ErrorCode, message: string): string {
  const statusCode = ErrorStatus[code];
  const correlationId = randomUUID();
  const body: ErrorBody = { statusCode, code, message, correlationId };
  const json = JSON.stringify(body);
  return [
    `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode]}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(json)}`,
    `X-Request-Id: ${correlationId}`,
    'Connection: close',
    '',
    json,
  ].join('\r\n');
}

type ParserError = Error & { code?: string };
// Node's own handler writes only while no response of this connection has started either.
type ClientSocket = Duplex & { _httpMessage?: { headersSent?: boolean } | null };

/** How long the gateway still reads (and drops) what a refused client sends after the answer. */
const LINGER_MS = 2000;

/** The client's sockets already answered: the parser reports each later chunk again. */
const answered = new WeakSet<Duplex>();

/**
 * What Node's parser refuses before there is a request (headers over the limit, a malformed
 * request line, a head that never finishes) is answered in the one error shape too, written
 * straight to the socket as Node's 'clientError' contract asks (Fastify's `clientErrorHandler`;
 * its default has no correlation id).
 */
export function answerClientError(error: ParserError, socket: ClientSocket): void {
  // The parser reports each later chunk again: that is the client still sending.
  if (answered.has(socket)) return;
  if (error.code === 'ECONNRESET' || !socket.writable || socket._httpMessage?.headersSent)
    return void socket.destroy();
  answered.add(socket);
  const { code, message } = answers[error.code ?? ''] ?? malformed;
  socket.end(rawResponse(code, message));
  // Closing at once, with the client's data unread, would reset the connection and could
  // lose the answer before the client reads it: read on for a moment, then close.
  const linger = setTimeout(() => socket.destroy(), LINGER_MS).unref();
  socket.once('close', () => clearTimeout(linger));
}
