import { ExchangeSimulator } from '@platform/exchange-sim';
import { CcxtExchangeClient } from '../ccxt/ccxt-exchange.client';
import { exchangeClientContract } from './exchange-client.contract';

// Real ccxt `binance` against the local Binance simulator.
exchangeClientContract('CcxtExchangeClient (binance) against the simulator', async () => {
  const sim = await ExchangeSimulator.start({ port: 0, seed: 42, clockSpeed: 0 });
  sim.setPrice('BTC/USDT', 60_000);
  const credentials = sim.createApiKey({ balances: { USDT: '10000', BTC: '0' } });
  return {
    client: new CcxtExchangeClient({ exchangeId: 'binance', credentials, baseUrl: sim.url }),
    symbol: 'BTC/USDT',
    price: 60_000,
    quote: { asset: 'USDT', free: '10000' },
    close: () => sim.stop(),
  };
});
