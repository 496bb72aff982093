import type { ReadinessCheck } from '@platform/service-kit';
import type { FeedsService } from '../feeds/feeds.service';

/**
 * Readiness detail, never a failure: feeds fall back to polling when a stream is down, so
 * market-data stays ready; the details say how many feeds stream and how many are polled.
 */
export class FeedSourcesCheck implements ReadinessCheck {
  readonly name = 'feeds';

  constructor(private readonly feeds: FeedsService) {}

  async check(): Promise<Record<string, unknown>> {
    const { streams, feeds } = this.feeds.report();
    return {
      streams: streams.enabled ? 'on' : 'off',
      connected: streams.connected,
      streamed: feeds.filter((f) => f.source === 'stream').length,
      polled: feeds.filter((f) => f.source === 'poll').length,
      reconnects: streams.reconnects,
      fallbacks: streams.fallbacks,
    };
  }
}
