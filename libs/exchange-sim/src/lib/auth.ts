import { createHmac, timingSafeEqual } from 'node:crypto';
import { type Account, type Accounts, isApiKeyFormat } from './accounts';
import {
  API_KEY_FORMAT,
  BAD_SIGNATURE,
  ILLEGAL_CHARS,
  INVALID_API_KEY,
  RECV_WINDOW_TOO_LARGE,
  TIMESTAMP_AHEAD,
  TIMESTAMP_OUTSIDE_WINDOW,
} from './errors';
import type { Params } from './params';

export interface SignedRequest {
  apiKeyHeader: string | undefined;
  /** the raw query string, without '?' */
  rawQuery: string;
  /** the raw form body ('' for GET/DELETE) */
  rawBody: string;
  params: Params;
  /** the server's wall clock (ms) */
  serverTime: number;
}

/** Binance's default when the request names none; ccxt sends recvWindow=10000 itself. */
export const DEFAULT_RECV_WINDOW = 5000;
const MAX_RECV_WINDOW = 60000;

/**
 * SIGNED endpoints (binance-spot-api-docs rest-api.md "SIGNED endpoint security"): the key in
 * X-MBX-APIKEY, an HMAC-SHA256 hex `signature` over totalParams (query string concatenated
 * with the body, without the signature itself), and a `timestamp` accepted when
 * `timestamp < serverTime + 1000 && serverTime - timestamp <= recvWindow`.
 */
export function authenticate(request: SignedRequest, accounts: Accounts): Account {
  const { apiKeyHeader, params } = request;
  if (apiKeyHeader === undefined || !isApiKeyFormat(apiKeyHeader)) throw API_KEY_FORMAT();
  const account = accounts.get(apiKeyHeader);
  if (!account) throw INVALID_API_KEY();
  // milliseconds or microseconds (rest-api.md "Timing security")
  const timestamp = params.requiredTimeMs('timestamp');
  const signature = params.requiredString('signature');
  const recvWindow = recvWindowMs(params) ?? DEFAULT_RECV_WINDOW;
  if (recvWindow > MAX_RECV_WINDOW) throw RECV_WINDOW_TOO_LARGE();
  const payload = withoutSignature(request.rawQuery) + withoutSignature(request.rawBody);
  if (!signatureMatches(payload, account.secret, signature)) throw BAD_SIGNATURE();
  if (timestamp >= request.serverTime + 1000) throw TIMESTAMP_AHEAD();
  if (request.serverTime - timestamp > recvWindow) throw TIMESTAMP_OUTSIDE_WINDOW();
  return account;
}

/** recvWindow "supports up to three decimal places of precision (e.g., 6000.346)" */
function recvWindowMs(params: Params): number | undefined {
  const value = params.string('recvWindow');
  if (value === undefined) return undefined;
  if (!/^[0-9]{1,10}(\.[0-9]{1,3})?$/.test(value)) {
    throw ILLEGAL_CHARS('recvWindow', '^[0-9]{1,10}(\\.[0-9]{1,3})?$');
  }
  return Number(value);
}

export function sign(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

function signatureMatches(payload: string, secret: string, signature: string): boolean {
  const expected = Buffer.from(sign(payload, secret), 'utf8');
  const given = Buffer.from(signature.toLowerCase(), 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function withoutSignature(encoded: string): string {
  if (encoded === '') return '';
  return encoded
    .split('&')
    .filter((part) => !part.startsWith('signature='))
    .join('&');
}
