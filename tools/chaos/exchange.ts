import { createHmac } from 'node:crypto';
import type { ApiCredentials, ExchangeSimulator } from '@platform/exchange-sim';
import type { SimFill, SimOrder } from './trading-audit';

/** The markets the bots trade (round robin): a few feeds, so market-data polls a batch. */
export const CHAOS_SYMBOLS = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'] as const;

const symbolId = (symbol: string) => symbol.replace('/', '').toUpperCase();
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

/** A signed GET of Binance's REST API, as a client would send it (HMAC over the query). */
async function signedGet(
  sim: ExchangeSimulator,
  key: ApiCredentials,
  path: string,
  params: Record<string, string | number>,
): Promise<unknown> {
  const all = { ...params, recvWindow: 60000, timestamp: sim.serverTime() };
  const query = new URLSearchParams(
    Object.entries(all).map(([name, value]): [string, string] => [name, String(value)]),
  ).toString();
  const signature = createHmac('sha256', key.secret).update(query).digest('hex');
  const response = await fetch(`${sim.url}${path}?${query}&signature=${signature}`, {
    headers: { 'X-MBX-APIKEY': key.apiKey },
    signal: AbortSignal.timeout(10000),
  });
  const body = await response.text();
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${body.slice(0, 200)}`);
  return JSON.parse(body);
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
