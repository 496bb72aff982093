import type { PortfolioBot, PortfolioTotal } from '@platform/api-schemas';
import { Dec } from '@platform/exchange';

type Totaled = Pick<PortfolioBot, 'mode' | 'symbol' | 'position' | 'unrealizedProfit'>;

interface Sums {
  mode: PortfolioTotal['mode'];
  quoteCurrency: string;
  bots: number;
  unpricedBots: number;
  realized: Dec;
  fees: Dec;
  unrealized: Dec;
}

/** BTC/USDT -> USDT: profits and fees are counted in the quote currency. */
const quoteOf = (symbol: string) => symbol.split('/')[1] ?? symbol;

/**
 * Sums per mode and quote currency (paper money is never added to real money, nor USDT to
 * BTC), sorted by mode then quote. A position without a price is left out of the unrealized
 * sum and counted, so a partial sum never passes for a whole one.
 */
export function portfolioTotals(bots: readonly Totaled[]): PortfolioTotal[] {
  const groups = new Map<string, Sums>();
  for (const bot of bots) {
    const quoteCurrency = quoteOf(bot.symbol);
    const key = `${bot.mode} ${quoteCurrency}`;
    const sums = groups.get(key) ?? {
      mode: bot.mode,
      quoteCurrency,
      bots: 0,
      unpricedBots: 0,
      realized: new Dec(0),
      fees: new Dec(0),
      unrealized: new Dec(0),
    };
    sums.bots += 1;
    sums.realized = sums.realized.plus(bot.position.realizedProfit);
    sums.fees = sums.fees.plus(bot.position.feesQuote);
    if (bot.unrealizedProfit !== null) sums.unrealized = sums.unrealized.plus(bot.unrealizedProfit);
    else if (!new Dec(bot.position.base).isZero()) sums.unpricedBots += 1;
    groups.set(key, sums);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, sums]) => ({
      mode: sums.mode,
      quoteCurrency: sums.quoteCurrency,
      bots: sums.bots,
      realizedProfit: sums.realized.toFixed(),
      feesQuote: sums.fees.toFixed(),
      unrealizedProfit: sums.unrealized.toFixed(),
      unpricedBots: sums.unpricedBots,
    }));
}
