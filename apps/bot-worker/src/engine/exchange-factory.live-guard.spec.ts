import type { BotConfig } from '@platform/persistence';
import { BotConfigurationError, ExchangeFactory } from './exchange-factory';

// A live bot on an exchange whose descriptor has no send window is stopped with the reason
// before any key is opened: nothing there keeps an order from landing after the lease ends.
describe('ExchangeFactory refuses live trading without a send window', () => {
  const unused = {} as never;
  const factory = new ExchangeFactory(
    { keyRing: null, baseUrls: [], paperSlippagePct: 0, lateOrderWindowMs: 6000 },
    unused,
    unused,
    unused,
    unused,
    unused,
  );
  const bot = (exchangeId: string): BotConfig => ({
    id: 'b1',
    userId: 'u1',
    exchangeId,
    symbol: 'BTC/USDT',
    timeframe: '1m',
    strategy: 'dca',
    params: {},
    mode: 'live',
    exchangeAccountId: 'a1',
    accountVerified: true,
    cancelOrdersOnStop: false,
  });

  it('an undescribed exchange: BotConfigurationError naming the missing send window', async () => {
    const refusal = factory.forBot(bot('kraken'), 0);
    await expect(refusal).rejects.toBeInstanceOf(BotConfigurationError);
    await expect(refusal).rejects.toThrow(/live trading on kraken .*send window/);
  });

  it('binance passes the guard (and stops at the next check: no ENCRYPTION_KEYS here)', async () => {
    await expect(factory.forBot(bot('binance'), 0)).rejects.toThrow(/ENCRYPTION_KEYS/);
  });
});
