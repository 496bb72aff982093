import { type FeedKey, SnapshotStore, type TickerSnapshot } from '@platform/market-snapshots';
import { TestRedisServer, waitFor } from '@platform/testing';
import { MarketHub, type MarketView } from './market-hub';

// The worker's window on market-data's snapshots, against a real Redis: who is called first
// when many markets update together, and that no update is lost or delivered twice.
const feedOf = (symbol: string): FeedKey => ({ exchangeId: 'binance', symbol, timeframe: '1m' });
const tickerOf = (symbol: string, last: string, fetchedAt: number): TickerSnapshot => ({
  exchangeId: 'binance',
  symbol,
  ticker: { symbol, last, bid: last, ask: last, timestamp: fetchedAt },
  fetchedAt,
});
const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('MarketHub against real Redis', () => {
  let redis: TestRedisServer;
  let writer: SnapshotStore;
  let reader: SnapshotStore;
  let hub: MarketHub;
  let clock = Date.now();
  const write = (...tickers: [string, string][]) =>
    writer.writeTickers(
      tickers.map(([symbol, last]) => tickerOf(symbol, last, ++clock)),
      60_000,
    );

  beforeAll(async () => {
    redis = await TestRedisServer.start();
    writer = new SnapshotStore(redis.url);
  });

  beforeEach(async () => {
    reader = new SnapshotStore(redis.url);
    hub = new MarketHub(redis.url, reader);
    await hub.start();
  });

  afterEach(async () => {
    await hub.close();
    await reader.close();
  });

  afterAll(async () => {
    await writer.close();
    await redis.stop();
  });

  /** Subscribes and waits for the first view (read at subscribe time) to have been delivered. */
  async function settled(feeds: FeedKey[]) {
    await waitFor('the first views', () => feeds.every((feed) => hub.view(feed) !== null));
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  it('calls the live listeners of a burst of markets before the queued ones, and the queue yields to timers and I/O', async () => {
    const symbols = ['A/USDT', 'B/USDT', 'C/USDT'];
    await write(...symbols.map((s): [string, string] => [s, '1']));
    const calls: string[] = [];
    let timerFiredAt = -1;
    for (const symbol of symbols) {
      for (let n = 0; n < 300; n++)
        hub.subscribe(feedOf(symbol), (view) => {
          if (view.ticker.last !== '2') return;
          if (!calls.some((c) => c.startsWith('queued'))) {
            // a timer due at once: it must run before the queue is through
            setTimeout(() => (timerFiredAt = calls.length), 0);
          }
          calls.push(`queued:${symbol}`);
          busy(0.05);
        });
      hub.subscribe(
        feedOf(symbol),
        (view) => view.ticker.last === '2' && calls.push(`now:${symbol}`),
        'now',
      );
    }
    await settled(symbols.map(feedOf));

    await write(...symbols.map((s): [string, string] => [s, '2'])); // one MULTI
    await waitFor('every listener called', () => calls.length === 903);

    // the first market's live bot before any paper bot; the others as soon as their update is
    // read (the same socket read, or a turn or two later: never behind a market's paper bots)
    expect(calls[0]).toMatch(/^now:/);
    const live = calls.flatMap((c, at) => (c.startsWith('now') ? [at] : []));
    expect(live).toHaveLength(3);
    expect(Math.max(...live)).toBeLessThan(300);
    // ~45 ms of queued work: the timer got its turn in between, not after all of it
    expect(timerFiredAt).toBeGreaterThan(0);
    expect(timerFiredAt).toBeLessThan(900);
  });

  it("calls a live listener at once while another market's long queue is under way", async () => {
    await write(['G/USDT', '1'], ['H/USDT', '1']);
    const calls: string[] = [];
    for (let n = 0; n < 1000; n++)
      hub.subscribe(feedOf('G/USDT'), (view) => {
        if (view.ticker.last !== '2') return;
        // ~100 ms of paper work queued; H's update comes once it has begun
        if (calls.length === 0) void write(['H/USDT', '2']);
        calls.push('queued:G');
        busy(0.1);
      });
    hub.subscribe(
      feedOf('H/USDT'),
      (view) => view.ticker.last === '2' && calls.push('now:H'),
      'now',
    );
    await settled([feedOf('G/USDT'), feedOf('H/USDT')]);

    await write(['G/USDT', '2']);
    await waitFor('every listener called', () => calls.length === 1001);
    expect(calls.indexOf('now:H')).toBeGreaterThan(0);
    expect(calls.indexOf('now:H')).toBeLessThan(1000);
  });

  it('calls a queued listener once per turn with the newest view, however many updates came before it', async () => {
    const feed = feedOf('D/USDT');
    await write(['D/USDT', '1']);
    const seen = new Map<number, string[]>();
    const nowSeen: string[] = [];
    let updating = false;
    for (let n = 0; n < 400; n++)
      hub.subscribe(feed, (view: MarketView) => {
        seen.set(n, [...(seen.get(n) ?? []), view.ticker.last]);
        // two more updates while the queue of the first is under way (~80 ms of work)
        if (view.ticker.last === '2' && !updating) {
          updating = true;
          void write(['D/USDT', '3']).then(() => write(['D/USDT', '4']));
        }
        busy(0.2);
      });
    hub.subscribe(feed, (view) => nowSeen.push(view.ticker.last), 'now');
    await settled([feed]);
    seen.clear();
    nowSeen.length = 0;

    await write(['D/USDT', '2']);
    await waitFor('every listener at the newest price', () =>
      [...Array(400).keys()].every((n) => seen.get(n)?.at(-1) === '4'),
    );
    await new Promise((resolve) => setTimeout(resolve, 100)); // nothing more may come
    for (const views of seen.values()) {
      expect(new Set(views).size).toBe(views.length); // no update twice
      expect(views.length).toBeLessThanOrEqual(3);
    }
    // the listeners still waiting when the last update came were called once, with it
    expect([...seen.values()].filter((v) => v.length === 1 && v[0] === '4').length).toBeGreaterThan(
      0,
    );
    // the live listener heard the updates as read (two announced together may be read as one)
    expect(nowSeen[0]).toBe('2');
    expect(nowSeen.at(-1)).toBe('4');
    expect(new Set(nowSeen).size).toBe(nowSeen.length);
  });

  it('reads again an update announced while the previous read was on its way', async () => {
    await hub.close();
    await reader.close();
    // a reader whose next read, once armed, holds its answer until the test has written again
    let hold: { release: () => void; returned: Promise<void>; reached: () => void } | null = null;
    class HeldReads extends SnapshotStore {
      override async readTicker(exchangeId: string, symbol: string) {
        const snapshot = await super.readTicker(exchangeId, symbol);
        const held = hold;
        if (held) {
          hold = null;
          held.reached();
          await held.returned;
        }
        return snapshot;
      }
    }
    reader = new HeldReads(redis.url);
    hub = new MarketHub(redis.url, reader);
    await hub.start();
    const feed = feedOf('E/USDT');
    await write(['E/USDT', '1']);
    const seen: string[] = [];
    hub.subscribe(feed, (view) => seen.push(view.ticker.last), 'now');
    await waitFor('the first view', () => seen.length === 1);

    let release!: () => void;
    let reached!: () => void;
    const reading = new Promise<void>((resolve) => (reached = resolve));
    hold = {
      release: () => release(),
      returned: new Promise<void>((resolve) => (release = resolve)),
      reached: () => reached(),
    };
    await write(['E/USDT', '2']);
    await reading; // the hub has read '2' and holds it
    await write(['E/USDT', '3']); // announced while that read is on its way
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await waitFor('the update announced during the read', () => seen.at(-1) === '3');
    expect(seen).toEqual(['1', '2', '3']);
  });

  it('does not call a listener unsubscribed while it waited, nor stop at one that throws', async () => {
    const feed = feedOf('F/USDT');
    await write(['F/USDT', '1']);
    const called: number[] = [];
    const unsubscribers: (() => void)[] = [];
    for (let n = 0; n < 600; n++)
      unsubscribers.push(
        hub.subscribe(feed, (view) => {
          if (view.ticker.last !== '2') return;
          called.push(n);
          if (n === 0) for (let m = 300; m < 600; m++) unsubscribers[m]();
          if (n === 1) throw new Error('a broken listener');
          busy(0.05);
        }),
      );
    await settled([feed]);
    await write(['F/USDT', '2']);
    await waitFor('the first 300 called', () => called.length === 300);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect([...called].sort((a, b) => a - b)).toEqual([...Array(300).keys()]);

    // and the queue goes on after the throw: the next update reaches them all again
    called.length = 0;
    await write(['F/USDT', '2']);
    await waitFor('called again', () => called.length === 300);
  });
});
