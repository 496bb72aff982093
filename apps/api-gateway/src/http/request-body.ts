import { parse as parseQueryString } from 'node:querystring';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { ApiError } from './api-error';
import { unsupportedBody } from './body-errors';
import type { GatewayRequest } from './gateway-request';

const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';

const decoders: Record<string, () => NodeJS.ReadWriteStream> = {
  gzip: createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

// The first character after JSON's whitespace: only objects and arrays are bodies (strict).
const FIRST_CHAR = /^[ \t\n\r]*([^ \t\n\r])/;

const charsetOf = (contentType: string | undefined) =>
  /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '')?.[1]?.toLowerCase();

/** Only UTF-8 text is read (a body in another charset is a 415, not mojibake). */
function refuseOtherCharsets(request: GatewayRequest): void {
  const charset = charsetOf(request.headers['content-type']);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') throw unsupportedBody();
}

/** A JSON body: empty is `{}`, anything but an object or array or invalid JSON a 400. */
export function parseJsonBody(request: GatewayRequest, body: Buffer): unknown {
  refuseOtherCharsets(request);
  if (body.length === 0) return {};
  const text = body.toString('utf8');
  const first = FIRST_CHAR.exec(text)?.[1];
  if (first !== '{' && first !== '[')
    throw new ApiError('malformed_json', 'the request body is not valid JSON');
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError('malformed_json', 'the request body is not valid JSON');
  }
}

/** A form body (plain key=value pairs, as Express's `extended: false`). */
export function parseFormBody(request: GatewayRequest, body: Buffer): unknown {
  refuseOtherCharsets(request);
  return { ...parseQueryString(body.toString('utf8')) };
}

const hasBody = (request: FastifyRequest) =>
  request.headers['transfer-encoding'] !== undefined ||
  (request.headers['content-length'] !== undefined && request.headers['content-length'] !== '0');

const isReadType = (contentType: string | undefined) => {
  const type = (contentType ?? '').split(';', 1)[0].trim().toLowerCase();
  return type === JSON_TYPE || type === FORM_TYPE;
};

/**
 * A preParsing hook: a JSON or form body sent with Content-Encoding gzip, deflate or br is read
 * through the decompressor (the body limit then counts the decompressed bytes, so a small
 * "zip bomb" is a 413); any other encoding is a 415.
 */
export function decompressBody(
  request: FastifyRequest,
  _reply: unknown,
  payload: Readable,
  done: (error: Error | null, payload?: Readable) => void,
): void {
  const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || !hasBody(request) || !isReadType(request.headers['content-type']))
    return done(null, payload);
  const decoder = decoders[encoding];
  if (!decoder) return done(unsupportedBody());
  const decompressed = pipeline(payload, decoder(), () => undefined) as unknown as Readable & {
    receivedEncodedLength: number;
  };
  // Fastify compares Content-Length with the bytes that arrived, not with what they inflate to
  decompressed.receivedEncodedLength = 0;
  payload.on('data', (chunk: Buffer) => (decompressed.receivedEncodedLength += chunk.length));
  done(null, decompressed);
}

type Parser = (request: GatewayRequest, body: Buffer) => unknown;

const adapt =
  (parse: Parser) =>
  (request: unknown, body: Buffer, done: (error: Error | null, body?: unknown) => void) => {
    let parsed: unknown;
    try {
      parsed = parse(request as GatewayRequest, body);
    } catch (error) {
      return done(error as Error);
    }
    done(null, parsed);
  };

/**
 * JSON and form bodies up to `bodyLimit` bytes; a body of any other type is read (within the
 * limit) and left out, so the route's schema answers "expected object" rather than a 415.
 */
export function registerBodyParsers(app: NestFastifyApplication, bodyLimit: number): void {
  app.useBodyParser(JSON_TYPE, { bodyLimit }, adapt(parseJsonBody));
  app.useBodyParser(FORM_TYPE, { bodyLimit }, adapt(parseFormBody));
  app.useBodyParser(
    '*',
    { bodyLimit },
    adapt(() => undefined),
  );
  app.getHttpAdapter().getInstance().addHook('preParsing', decompressBody);
}
