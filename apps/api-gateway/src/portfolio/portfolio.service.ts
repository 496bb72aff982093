import { Injectable, Logger } from '@nestjs/common';
import type { PortfolioView } from '@platform/api-schemas';
import { SnapshotStore } from '@platform/market-snapshots';
import { PLAN_LIMITS, type PortfolioRow, PortfolioStore } from '@platform/persistence';
import { marketKey, portfolioBot, type Price } from './portfolio-bot';
import { portfolioTotals } from './portfolio-totals';

/**
 * The most bots one answer holds: what the largest plan may store (at most 1000), so the work
 * of a request stays bounded. A user above it (limits changed later) gets the newest ones and
 * `truncated`.
 */
export const PORTFOLIO_MAX_BOTS = Math.min(
  1000,
  Math.max(...Object.values(PLAN_LIMITS).map((limits) => limits.maxBots)),
);

/**
 * Every bot of a user with its status in one request: one SQL query and one Redis round trip
 * for the prices, however many bots (polling each bot's status instead quickly exceeds the
 * per-user rate limit).
 */
@Injectable()
export class PortfolioService {
  private readonly logger = new Logger('portfolio');

  constructor(
    private readonly store: PortfolioStore,
    private readonly snapshots: SnapshotStore,
  ) {}

  async portfolio(userId: string): Promise<PortfolioView> {
    const rows = await this.store.bots(userId, PORTFOLIO_MAX_BOTS + 1);
    const kept = rows.slice(0, PORTFOLIO_MAX_BOTS);
    const prices = await this.prices(kept);
    const bots = kept.map((row) => portfolioBot(row, prices.get(marketKey(row)) ?? null));
    return { bots, totals: portfolioTotals(bots), truncated: rows.length > kept.length };
  }

  /**
   * The snapshots of the bots' markets, each read once, in one MGET. Only snapshots: asking
   * market-data for each missing market would make the request's work grow with the bots. A
   * price is a nicety here: Redis trouble leaves them null, never fails the answer.
   */
  private async prices(rows: PortfolioRow[]): Promise<Map<string, Price>> {
    const markets = [...new Map(rows.map((row) => [marketKey(row), row])).values()].map((row) => ({
      exchangeId: row.exchange_id,
      symbol: row.symbol,
    }));
    const prices = new Map<string, Price>();
    try {
      const snapshots = await this.snapshots.readTickers(markets);
      for (const snapshot of snapshots)
        if (snapshot)
          prices.set(marketKey({ exchange_id: snapshot.exchangeId, symbol: snapshot.symbol }), {
            last: snapshot.ticker.last,
            fetchedAt: new Date(snapshot.fetchedAt).toISOString(),
          });
    } catch (error) {
      this.logger.warn(
        `no prices for the portfolio: ${error instanceof Error ? error.message : error}`,
      );
    }
    return prices;
  }
}
