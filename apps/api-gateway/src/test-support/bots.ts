import type { ApiClient } from '@platform/testing';

/** A POST /bots body: a paper sma-cross bot on binance BTC/USDT 1m, with `extra` on top. */
export const smaCrossBot = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  exchangeId: 'binance',
  symbol: 'BTC/USDT',
  timeframe: '1m',
  strategy: 'sma-cross',
  ...extra,
});

/** A POST /bots body: a paper dca bot on binance BTC/USDT 1m, its required params given. */
export const dcaBot = (name: string) => ({
  ...smaCrossBot(name),
  strategy: 'dca',
  params: { quotePerBuy: 10, intervalSeconds: 60, takeProfitPct: 5 },
});

/** Creates a bot through the API and returns its id (throws unless it was created). */
export async function createBot(
  api: ApiClient,
  token: string,
  body: Record<string, unknown>,
): Promise<string> {
  const answer = await api.post('/bots', { token, body });
  if (answer.status !== 201)
    throw new Error(`create ${body.name}: ${answer.status} ${answer.text}`);
  return answer.body.id as string;
}
