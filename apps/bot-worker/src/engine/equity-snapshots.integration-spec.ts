import type { Ticker } from '@platform/exchange';
import type { FeedKey } from '@platform/market-snapshots';
import {
  type Claim,
  createDataSource,
  EquityRollup,
  EquitySnapshotsRepository,
  FencedWriter,
  PortfolioTotals,
  runMigrations,
  sqlOver,
} from '@platform/persistence';
import {
  createTestDatabase,
  seedBot,
  seedPaperBalances,
  seedPosition,
  seedUser,
  type TestDatabase,
  waitFor,
} from '@platform/testing';
import type { DataSource } from 'typeorm';
import { EquitySnapshots, type PriceSource } from './equity-snapshots';
import type { MarketView } from './market-hub';

const btcFeed: FeedKey = { exchangeId: 'binance', symbol: 'BTC/USDT', timeframe: '1m' };
const ethFeed: FeedKey = { exchangeId: 'binance', symbol: 'ETH/USDT', timeframe: '1m' };

/** The worker's last prices, as its MarketHub would hold them (BTC only: ETH has no ticker yet). */
const prices: PriceSource = {
  view: (feed): MarketView | null =>
    feed.symbol === 'BTC/USDT'
      ? {
          feed,
          ticker: { symbol: feed.symbol, last: '40000', bid: '39999', ask: '40001' } as Ticker,
          tickerAt: Date.now(),
          candles: [],
        }
      : null,
};

describe('EquitySnapshots: a worker writes the equity of the bots it holds', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let writer: FencedWriter;
  let userId: string;

  beforeAll(async () => {
    db = await createTestDatabase(runMigrations);
    dataSource = createDataSource({ url: db.url });
    await dataSource.initialize();
    writer = new FencedWriter(dataSource);
    ({ id: userId } = await seedUser(dataSource));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const worker = () => {
    const sql = sqlOver(dataSource);
    const jobs = { totals: new PortfolioTotals(sql), rollup: new EquityRollup(sql) };
    return new EquitySnapshots(new EquitySnapshotsRepository(sql), jobs, prices);
  };
  const claimed = async (symbol = 'BTC/USDT'): Promise<Claim> => {
    const bot = await seedBot(dataSource, { user: userId, state: 'running', symbol });
    return (await writer.claim(bot.id, 'w', 'host'))!;
  };
  const pricesOf = async (botId: string): Promise<(string | null)[]> =>
    (await dataSource.query(`SELECT price::text FROM bot_equity WHERE bot_id = $1`, [botId])).map(
      (row: { price: string | null }) => row.price,
    );

  it("values each bot at its market's last price; a flat bot without one still gets its row", async () => {
    const snapshots = worker();
    const [btc, eth] = [await claimed(), await claimed('ETH/USDT')];
    await seedPosition(dataSource, btc.botId, { baseAmount: '0.5', averageEntry: '38000' });
    await seedPaperBalances(dataSource, btc.botId, { USDT: '100', BTC: '0.5' });
    await seedPaperBalances(dataSource, eth.botId, { USDT: '1000' });
    snapshots.track(btc, btcFeed);
    snapshots.track(eth, ethFeed);

    const recording = await snapshots.write();

    expect(recording.written.sort()).toEqual([btc.botId, eth.botId].sort());
    expect(await pricesOf(btc.botId)).toEqual(['40000']);
    expect(await pricesOf(eth.botId)).toEqual([null]);
  });

  it('forgets a bot taken over by another worker, and one it released; keeps the rest', async () => {
    const snapshots = worker();
    const [kept, takenOver, released] = [await claimed(), await claimed(), await claimed()];
    for (const claim of [kept, takenOver, released]) snapshots.track(claim, btcFeed);
    await new FencedWriter(dataSource).claim(takenOver.botId, 'other', 'host-2');
    await writer.release(released, 'stopped by its user');

    const recording = await snapshots.write();

    expect(recording.written).toEqual([kept.botId]);
    expect(snapshots.trackedBotIds).toEqual([kept.botId]);
    expect(await pricesOf(takenOver.botId)).toEqual([]);
  });

  it('a bot claimed again by the same worker is written under its new claim', async () => {
    const snapshots = worker();
    const first = await claimed();
    snapshots.track(first, btcFeed);
    const again = (await writer.claim(first.botId, 'w', 'host'))!;
    snapshots.track(again, btcFeed);

    expect((await snapshots.write()).written).toEqual([first.botId]);
    expect(snapshots.trackedBotIds).toEqual([first.botId]);
  });

  it('once started, writes at once and then each minute until stopped', async () => {
    const snapshots = worker();
    const claim = await claimed();
    snapshots.track(claim, btcFeed);
    snapshots.start();
    try {
      await waitFor('the first snapshot', async () => (await pricesOf(claim.botId)).length === 1);
    } finally {
      await snapshots.stop();
    }
  });
});
