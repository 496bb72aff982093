import type { MetricsRegistry } from '@platform/service-kit';
import { Gauge } from 'prom-client';
import type { FeedsService } from '../feeds/feeds.service';

/**
 * `platform_market_data_age_seconds{exchange,symbol,timeframe,kind}`: how old the ticker and
 * candles snapshot of each feed this replica holds are, from memory at scrape time. A feed
 * nobody holds has no series here (the bot-workers' stale-data skips show it).
 */
export function registerFeedAges(registry: MetricsRegistry, feeds: FeedsService): Gauge {
  return new Gauge({
    name: 'platform_market_data_age_seconds',
    help: 'Age of the newest ticker / candles snapshot of each market feed held by this replica',
    labelNames: ['exchange', 'symbol', 'timeframe', 'kind'],
    registers: [registry],
    collect() {
      // feeds come and go: series of a feed no longer held must go too
      this.reset();
      for (const { feed, tickerSeconds, candlesSeconds } of feeds.feedAges()) {
        const labels = {
          exchange: feed.exchangeId,
          symbol: feed.symbol,
          timeframe: feed.timeframe,
        };
        if (tickerSeconds !== null) this.set({ ...labels, kind: 'ticker' }, tickerSeconds);
        if (candlesSeconds !== null) this.set({ ...labels, kind: 'candles' }, candlesSeconds);
      }
    },
  });
}
