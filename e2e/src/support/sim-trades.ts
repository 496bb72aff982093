import { createHmac } from 'node:crypto';
import type { ApiCredentials, ExchangeSimulator } from '@platform/exchange-sim';

/** A fill as the simulator reports it (Binance's "Account trade list" shape, the fields used). */
export interface SimTrade {
  id: number;
  orderId: number;
  qty: string;
}

const PAGE = 1000; // Binance's most per request

/**
 * Every fill the simulator made for one key on one market, oldest first: GET /api/v3/myTrades
 * signed as Binance wants it (HMAC-SHA256 of the query), a page per request from `fromId`.
 * One request per page instead of one ccxt call per order keeps the audit quick.
 */
export async function simTradesOf(
  sim: ExchangeSimulator,
  credentials: ApiCredentials,
  symbol: string,
): Promise<SimTrade[]> {
  const trades: SimTrade[] = [];
  for (;;) {
    const fromId = trades.length > 0 ? trades[trades.length - 1].id + 1 : 0;
    const query = new URLSearchParams({
      symbol: symbol.replace('/', ''),
      fromId: String(fromId),
      limit: String(PAGE),
      timestamp: String(Date.now()),
    }).toString();
    const signature = createHmac('sha256', credentials.secret).update(query).digest('hex');
    const response = await fetch(`${sim.url}/api/v3/myTrades?${query}&signature=${signature}`, {
      headers: { 'X-MBX-APIKEY': credentials.apiKey },
      signal: AbortSignal.timeout(10_000),
    });
    if (response.status !== 200)
      throw new Error(`myTrades ${symbol}: ${response.status} ${await response.text()}`);
    const page = (await response.json()) as SimTrade[];
    trades.push(...page);
    if (page.length < PAGE) return trades;
  }
}
