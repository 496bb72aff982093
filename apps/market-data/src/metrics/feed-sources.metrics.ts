import type { MetricsRegistry } from '@platform/service-kit';
import { Counter, Gauge } from 'prom-client';
import type { FeedsService } from '../feeds/feeds.service';

type SwitchKind = 'fallback' | 'recovery' | 'reconnect';

/**
 * Where this replica's feeds get their data (issue 16: the switch from streams to REST polling
 * visible in metrics as in `/cluster`):
 * - `platform_market_data_feeds{source}`: held feeds on the exchange's stream or on polling now;
 * - `platform_market_data_stream_switches_total{kind}`: feeds that fell back to polling, came
 *   back to the stream, and stream connection sets opened again.
 */
export function registerFeedSources(registry: MetricsRegistry, feeds: FeedsService): void {
  new Gauge({
    name: 'platform_market_data_feeds',
    help: 'Market feeds held by this replica by where their data comes from now (stream or poll)',
    labelNames: ['source'],
    registers: [registry],
    collect() {
      const held = feeds.report().feeds;
      for (const source of ['stream', 'poll'] as const)
        this.set({ source }, held.filter((f) => f.source === source).length);
    },
  });
  // FeedsService counts since start; a counter here moves by what it counted since the scrape before
  const counted: Record<SwitchKind, number> = { fallback: 0, recovery: 0, reconnect: 0 };
  new Counter({
    name: 'platform_market_data_stream_switches_total',
    help: 'Feeds moved from the stream to polling (fallback) or back (recovery); stream reconnects',
    labelNames: ['kind'],
    registers: [registry],
    collect() {
      const { fallbacks, recoveries, reconnects } = feeds.report().streams;
      const now: Record<SwitchKind, number> = {
        fallback: fallbacks,
        recovery: recoveries,
        reconnect: reconnects,
      };
      for (const kind of Object.keys(now) as SwitchKind[]) {
        this.inc({ kind }, Math.max(0, now[kind] - counted[kind]));
        counted[kind] = now[kind];
      }
    },
  });
}
