import type { TickerSnapshot } from '@platform/market-snapshots';
import { SnapshotWriter } from './snapshot-writer';

const snapshot = (symbol: string, last: string): TickerSnapshot => ({
  exchangeId: 'binance',
  symbol,
  ticker: { symbol, last, bid: null, ask: null, timestamp: 1 },
  fetchedAt: 1,
});

describe('SnapshotWriter', () => {
  it('writes at once when idle; meanwhile only the newest per market, in one write after', async () => {
    const writes: string[][] = [];
    let release: () => void = () => undefined;
    const sink = {
      writeTickers: async (snapshots: readonly TickerSnapshot[]) => {
        writes.push(snapshots.map((s) => `${s.symbol}=${s.ticker.last}`));
        if (writes.length === 1) await new Promise<void>((resolve) => (release = resolve));
      },
      writeCandles: async () => undefined,
    };
    const writer = new SnapshotWriter(
      sink,
      () => 1000,
      () => undefined,
    );
    writer.ticker(snapshot('BTC/USDT', '1'));
    expect(writes).toEqual([['BTC/USDT=1']]); // no timer: written at once
    writer.ticker(snapshot('BTC/USDT', '2'));
    writer.ticker(snapshot('ETH/USDT', '5'));
    writer.ticker(snapshot('BTC/USDT', '3'));
    release();
    await writer.drained();
    expect(writes).toEqual([['BTC/USDT=1'], ['BTC/USDT=3', 'ETH/USDT=5']]);
  });

  it('a failed write is reported and the next update is written', async () => {
    const errors: unknown[] = [];
    let fail = true;
    const written: string[] = [];
    const sink = {
      writeTickers: async (snapshots: readonly TickerSnapshot[]) => {
        if (fail) throw new Error('redis down');
        written.push(...snapshots.map((s) => s.symbol));
      },
      writeCandles: async () => undefined,
    };
    const writer = new SnapshotWriter(
      sink,
      () => 1000,
      (e) => errors.push(e),
    );
    writer.ticker(snapshot('BTC/USDT', '1'));
    await writer.drained();
    fail = false;
    writer.ticker(snapshot('ETH/USDT', '1'));
    await writer.drained();
    expect(errors).toHaveLength(1);
    expect(written).toEqual(['ETH/USDT']);
  });
});
