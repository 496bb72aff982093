import { Lease } from '@platform/distributed-lock';
import type { FeedKey } from '@platform/market-snapshots';
import type { Claim, FencedWriter } from '@platform/persistence';
import type { BotEngine } from '../engine/bot-engine';
import type { MarketHub, Urgency } from '../engine/market-hub';
import { BotRuntime } from './bot-runtime';

// Which queue a bot's market updates reach it through: a live bot's at once, a paper bot's
// behind them (MarketHub's queue), since a live order's market moves while it waits.
describe('BotRuntime subscription', () => {
  const feed: FeedKey = { exchangeId: 'binance', symbol: 'BTC/USDT', timeframe: '1m' };
  const claim = { botId: 'b1', fenceToken: '1' } as unknown as Claim;

  async function subscribedAs(live: boolean): Promise<Urgency | undefined> {
    let urgency: Urgency | undefined;
    let subscribed!: () => void;
    const done = new Promise<void>((resolve) => (subscribed = resolve));
    const hub = {
      subscribe: (_feed: FeedKey, _listener: unknown, given: Urgency) => {
        urgency = given;
        subscribed();
        return () => undefined;
      },
      view: () => null,
    } as unknown as MarketHub;
    const engine = {
      progress: { retryAt: 0, isFailing: false },
      evaluate: async () => undefined,
      requestActions: () => false,
    } as unknown as BotEngine;
    const lease = new Lease('bot:b1', 60_000, {} as Lease['lock'], performance.now() + 60_000);
    const runtime = new BotRuntime(
      claim,
      lease,
      async () => ({ engine, feed, userId: 'u1', live }),
      hub,
      {} as FencedWriter,
      'worker-1',
      { tickMs: 60_000, workMs: 0, safetyMarginMs: 0, heartbeatHistory: false },
      () => undefined,
    );
    runtime.start();
    await done;
    await runtime.stop();
    return urgency;
  }

  it('hears a live bot’s market at once', async () => {
    expect(await subscribedAs(true)).toBe('now');
  });

  it('queues a paper bot’s market behind the live bots’', async () => {
    expect(await subscribedAs(false)).toBe('queued');
  });
});
