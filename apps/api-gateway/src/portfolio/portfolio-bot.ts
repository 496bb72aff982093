import type { PortfolioBot } from '@platform/api-schemas';
import type { PortfolioRow } from '@platform/persistence';
import { unrealizedProfit } from '../bots/unrealized-profit';

export type Price = NonNullable<PortfolioBot['price']>;

/** Where a bot's price comes from: its exchange's market. */
export const marketKey = (bot: { exchange_id: string; symbol: string }) =>
  `${bot.exchange_id}:${bot.symbol}`;

/** A bot's status line, with the same rules as GET /bots/:id/status. */
export function portfolioBot(row: PortfolioRow, price: Price | null): PortfolioBot {
  return {
    id: row.id,
    name: row.name,
    exchangeId: row.exchange_id,
    symbol: row.symbol,
    mode: row.mode,
    strategy: row.strategy,
    desiredState: row.desired_state,
    actualState: row.actual_state,
    worker:
      row.live && row.worker_id && row.claimed_iso
        ? {
            id: row.worker_id,
            host: row.host,
            claimedAt: row.claimed_iso,
            lastTickAt: row.last_tick_iso,
          }
        : null,
    position: {
      base: row.base_amount,
      averageEntry: row.average_entry,
      realizedProfit: row.realized_pnl,
      feesQuote: row.fees_quote,
      tradesCount: row.trades_count,
    },
    price,
    unrealizedProfit: unrealizedProfit(row.base_amount, row.average_entry, price?.last ?? null),
    lastError: row.last_error,
    lastErrorAt: row.last_error_iso,
  };
}
