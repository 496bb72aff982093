import { type ApiCredentials, ExchangeSimulator } from '@platform/exchange-sim';
import { CcxtExchangeClient } from '@platform/exchange';
import {
  createDataSource,
  FencedWriter,
  runMigrations,
  TradingRepository,
} from '@platform/persistence';
import { createTestDatabase, type TestDatabase } from '@platform/testing';
import type { DataSource } from 'typeorm';

/**
 * What the engine's live specs trade and record on: the exchange simulator (its clock stopped)
 * with BTC/USDT at 30,000, real ccxt `binance` on a new simulator key, and a migrated database
 * with the engine's stores.
 */
export interface SimulatedLiveTrading {
  sim: ExchangeSimulator;
  db: TestDatabase;
  /** The simulator key `client` trades with. */
  key: ApiCredentials;
  /** ccxt binance on the simulator, giving up on an answer after 1.5 s. */
  client: CcxtExchangeClient;
  dataSource: DataSource;
  writer: FencedWriter;
  repo: TradingRepository;
  /** Closes the pool, stops the simulator and drops the database. */
  close(): Promise<void>;
}

export async function startSimulatedLiveTrading(options: {
  /** The simulator's seed (order ids, fills, fault chances). */
  seed: number;
  /** The key's free balances by asset: { USDT: '1000' }. */
  balances: Record<string, string>;
}): Promise<SimulatedLiveTrading> {
  const [sim, db] = await Promise.all([
    ExchangeSimulator.start({
      port: 0,
      seed: options.seed,
      clockSpeed: 0,
    }),
    createTestDatabase(runMigrations),
  ]);
  const dataSource = createDataSource({ url: db.url });
  const stopAll = () => Promise.all([sim.stop(), db.drop()]);
  try {
    await dataSource.initialize();
  } catch (error) {
    await stopAll();
    throw error;
  }
  sim.setPrice('BTC/USDT', 30_000);
  const key = sim.createApiKey({ balances: options.balances });
  const writer = new FencedWriter(dataSource);
  return {
    sim,
    db,
    key,
    client: new CcxtExchangeClient({
      exchangeId: 'binance',
      credentials: key,
      baseUrl: sim.url,
      timeoutMs: 1500,
    }),
    dataSource,
    writer,
    repo: new TradingRepository(dataSource, writer),
    async close() {
      await dataSource.destroy();
      await stopAll();
    },
  };
}
