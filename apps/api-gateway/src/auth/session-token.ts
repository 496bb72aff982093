import { hash, randomBytes } from 'node:crypto';

const TOKEN_BYTES = 32;
// 32 bytes in base64url, unpadded.
const TOKEN_LENGTH = 43;
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;
const BEARER = 'bearer ';

/** A new opaque session token: 256 random bits, base64url. */
export const newSessionToken = () => randomBytes(TOKEN_BYTES).toString('base64url');

/**
 * What Redis stores instead of the token: a leaked Redis dump or key listing cannot be
 * replayed as a session. SHA-256 suffices (no salt, no slow hash) because the token is random.
 */
export const hashSessionToken = (token: string) => hash('sha256', token, 'base64url');

/** The token of an `Authorization: Bearer <token>` header, or null when absent or malformed. */
export function bearerToken(header: string | undefined): string | null {
  // "<scheme> <token>", the scheme in any case; one space, no other (read on every request,
  // so without splitting)
  if (!header || header.length !== BEARER.length + TOKEN_LENGTH) return null;
  if (header.slice(0, BEARER.length).toLowerCase() !== BEARER) return null;
  const token = header.slice(BEARER.length);
  return TOKEN_FORMAT.test(token) ? token : null;
}
