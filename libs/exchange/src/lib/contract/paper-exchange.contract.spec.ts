import { btcUsdtMarket } from '@platform/testing';
import type { Candle, MarketInfo, Ticker } from '../client/exchange-client';
import { PaperExchangeClient, type PaperMarketSource } from '../paper/paper-exchange.client';
import { exchangeClientContract } from './exchange-client.contract';
import { MemoryPaperLedger } from '../paper/memory-paper-ledger';

// The paper client over an in-memory ledger (the Postgres one is tested in libs/persistence)
// and a fixed market: BTC/USDT at 60000.
const btc: MarketInfo = btcUsdtMarket;
const ticker: Ticker = {
  symbol: 'BTC/USDT',
  last: '60000',
  bid: '59999.99',
  ask: '60000.01',
  timestamp: 0,
};
const candles: Candle[] = Array.from({ length: 10 }, (_, i) => [
  1_700_000_000_000 + i * 60_000,
  '60000',
  '60010',
  '59990',
  '60000',
  '1.5',
]);

const market: PaperMarketSource = {
  loadMarkets: async () => ({ [btc.symbol]: btc }),
  fetchTicker: async () => ({ ...ticker, timestamp: Date.now() }),
  fetchTickers: async () => ({ [btc.symbol]: ticker }),
  fetchCandles: async (_symbol, _timeframe, limit) => candles.slice(-limit),
};

exchangeClientContract('PaperExchangeClient (in-memory ledger)', async () => ({
  client: new PaperExchangeClient({
    exchangeId: 'binance',
    accountId: 'paper-1',
    ledger: new MemoryPaperLedger(),
    market,
    slippagePct: 0,
    initialBalances: { USDT: '10000' },
  }),
  symbol: 'BTC/USDT',
  price: 60_000,
  quote: { asset: 'USDT', free: '10000' },
}));
