import type { ApiCredentials } from './accounts';
import { sign } from './auth';

// Plain-HTTP calls for the simulator's own integration specs (no ccxt in between).

export interface Reply {
  status: number;
  headers: Headers;
  body: unknown;
}

export async function call(url: string, init: RequestInit = {}): Promise<Reply> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // plain text (404, 5xx faults)
  }
  return { status: response.status, headers: response.headers, body };
}

export interface RawRequest {
  /** the query string as sent (without '?'), timestamp included by the caller */
  query?: string;
  /** the form body as sent */
  body?: string;
  headers?: Record<string, string>;
}

/** A signed request from raw text: the signature covers query + body, as Binance's does. */
export function signedRaw(
  baseUrl: string,
  key: ApiCredentials,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  raw: RawRequest,
): Promise<Reply> {
  const query = raw.query ?? '';
  const body = raw.body ?? '';
  const signature = sign(query + body, key.secret);
  const headers: Record<string, string> = { 'X-MBX-APIKEY': key.apiKey, ...raw.headers };
  if (body !== '') {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    return call(`${baseUrl}${path}?${query}`, {
      method,
      headers,
      body: `${body}&signature=${signature}`,
    });
  }
  const sep = query === '' ? '' : '&';
  return call(`${baseUrl}${path}?${query}${sep}signature=${signature}`, { method, headers });
}

/** A signed request with a fresh timestamp: POST in the body, GET and DELETE in the query. */
export function signed(
  baseUrl: string,
  key: ApiCredentials,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  params: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const text = new URLSearchParams({ ...params, timestamp: String(Date.now()) }).toString();
  return method === 'POST'
    ? signedRaw(baseUrl, key, method, path, { body: text, headers })
    : signedRaw(baseUrl, key, method, path, { query: text, headers });
}
