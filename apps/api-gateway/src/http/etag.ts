import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Express's weak ETag (`etag` package: size in hex and the base64 SHA-1 of the bytes). */
export function weakEtag(bytes: Buffer | string): string {
  const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  const hash = createHash('sha1').update(buffer).digest('base64').substring(0, 27);
  return `W/"${buffer.length.toString(16)}-${hash}"`;
}

const NO_CACHE = /(?:^|,)\s*?no-cache\s*?(?:,|$)/;

/**
 * Whether the client's copy is fresh: If-None-Match names `etag` (weak comparison, as HTTP
 * asks for GET) and the request does not insist on a new one (`Cache-Control: no-cache`).
 */
export function isFresh(request: Pick<FastifyRequest, 'headers'>, etag: string): boolean {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch === undefined || NO_CACHE.test(request.headers['cache-control'] ?? ''))
    return false;
  if (ifNoneMatch.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === bare);
}

/**
 * An onSend hook: a successful GET or HEAD answered with a body in memory gets a weak ETag, and
 * a 304 without the body when the client's copy is fresh, as Express's `send` did for every
 * answer (a route that set its own ETag, GET /bots, decides for itself).
 */
export function etagOnSend(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  done: (error: null, payload?: unknown) => void,
): void {
  const method = request.method;
  if (
    (method !== 'GET' && method !== 'HEAD') ||
    reply.statusCode !== 200 ||
    (typeof payload !== 'string' && !Buffer.isBuffer(payload)) ||
    reply.hasHeader('etag')
  )
    return done(null, payload);
  const etag = weakEtag(payload);
  reply.header('ETag', etag);
  if (!isFresh(request, etag)) return done(null, payload);
  reply.code(304);
  reply.removeHeader('content-type');
  reply.removeHeader('content-length');
  done(null, '');
}
