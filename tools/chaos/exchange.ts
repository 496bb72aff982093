import { createHmac } from 'node:crypto';
import type { ApiCredentials, ExchangeSimulator } from '@platform/exchange-sim';
import type { SimFill, SimOrder } from './trading-audit';

/** The markets the bots trade (round robin): a few feeds, so market-data polls a batch. */
export const CHAOS_SYMBOLS = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'] as const;

export const symbolId = (symbol: string) => symbol.replace('/', '').toUpperCase();
const FILLS_PAGE = 1000;

/** Every order the simulator holds, of every key. */
export function simOrders(sim: ExchangeSimulator): SimOrder[] {
  return sim.orders().map((json) => {
    const o = json as Record<string, unknown>;
    return {
      apiKey: String(o['apiKey']),
      symbol: String(o['symbol']),
      orderId: Number(o['orderId']),
      clientOrderId: String(o['clientOrderId']),
      status: String(o['status']),
    };
  });
}

/** An answer of the simulator's REST API: status, Binance error code (if any), parsed body. */
export interface SignedAnswer {
  status: number;
  code: number | null;
  body: unknown;
}

/**
 * A signed request of Binance's REST API, as a client would send it (HMAC over the query);
 * `headers` e.g. X-Forwarded-For, to come from another client's address.
 */
export async function signedRequest(
  sim: ExchangeSimulator,
  key: ApiCredentials,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  params: Record<string, string | number>,
  headers: Record<string, string> = {},
): Promise<SignedAnswer> {
  const all = { ...params, recvWindow: 60000, timestamp: sim.serverTime() };
  const query = new URLSearchParams(
    Object.entries(all).map(([name, value]): [string, string] => [name, String(value)]),
  ).toString();
  const signature = createHmac('sha256', key.secret).update(query).digest('hex');
  const response = await fetch(`${sim.url}${path}?${query}&signature=${signature}`, {
    method,
    headers: { 'X-MBX-APIKEY': key.apiKey, ...headers },
    signal: AbortSignal.timeout(10000),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  const code = (body as { code?: unknown } | null)?.code;
  return { status: response.status, code: typeof code === 'number' ? code : null, body };
}

/** A signed GET that must succeed. */
async function signedGet(
  sim: ExchangeSimulator,
  key: ApiCredentials,
  path: string,
  params: Record<string, string | number>,
): Promise<unknown> {
  const answer = await signedRequest(sim, key, 'GET', path, params);
  if (answer.status !== 200)
    throw new Error(`GET ${path}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
  return answer.body;
}

/**
 * Every fill of a key on a symbol, through the signed `myTrades` endpoint (what the account's
 * owner would see), a page of 1000 at a time from the first trade id on.
 */
export async function simFillsOf(
  sim: ExchangeSimulator,
  key: ApiCredentials,
  symbol: string,
): Promise<SimFill[]> {
  const fills: SimFill[] = [];
  for (let fromId = 1; ; ) {
    const page = (await signedGet(sim, key, '/api/v3/myTrades', {
      symbol: symbolId(symbol),
      fromId,
      limit: FILLS_PAGE,
    })) as { id: number; orderId: number; qty: string }[];
    for (const t of page)
      fills.push({
        apiKey: key.apiKey,
        symbol: symbolId(symbol),
        orderId: t.orderId,
        tradeId: String(t.id),
        qty: t.qty,
      });
    if (page.length < FILLS_PAGE) return fills;
    fromId = page[page.length - 1].id + 1;
  }
}

/**
 * Every fill of every key. Call it once the workers and market-data are gone: the usage of the
 * weight window is cleared first, so the audit is never refused with a 429.
 */
export async function simFills(
  sim: ExchangeSimulator,
  keys: readonly ApiCredentials[],
): Promise<SimFill[]> {
  sim.setRateLimits({}, true);
  const fills: SimFill[] = [];
  for (const key of keys)
    for (const symbol of CHAOS_SYMBOLS) fills.push(...(await simFillsOf(sim, key, symbol)));
  return fills;
}
