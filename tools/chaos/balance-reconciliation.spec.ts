import { type BotBook, partialFills, reconcileBalances } from './balance-reconciliation';

// Key k1 with two bots: 0.1 BTC bought for 6000 USDT in two fills (fee 0.0001 BTC), 1 ETH
// bought for 3000 USDT (fee 0.001 ETH); the exchange holds what they say.
const btcBot: BotBook = {
  botId: 'bot-btc',
  apiKey: 'k1',
  symbol: 'BTC/USDT',
  positionBase: '0.0999',
  positionTrades: 2,
  tradeRows: 2,
  baseFromTrades: '0.09990000',
  quoteFromTrades: '6000.00',
};
const ethBot: BotBook = {
  botId: 'bot-eth',
  apiKey: 'k1',
  symbol: 'ETH/USDT',
  positionBase: '0.999',
  positionTrades: 1,
  tradeRows: 1,
  baseFromTrades: '0.999',
  quoteFromTrades: '3000',
};
const account = {
  apiKey: 'k1',
  startBalances: { USDT: '10000' },
  balances: { USDT: '1000.00000000', BTC: '0.0999', ETH: '0.999', SOL: '0' },
};

describe('reconcileBalances', () => {
  it('passes books that add up to the exchange, each asset compared exactly', () => {
    expect(reconcileBalances([btcBot, ethBot], [account], [])).toEqual({
      doubleCountedFills: 0,
      balanceMismatches: 0,
      balancesCompared: 3, // BTC, ETH, USDT
      examples: [],
    });
  });

  it('finds a trade recorded twice and a position that applied a fill twice', () => {
    const twice = { ...btcBot, positionBase: '0.1498', positionTrades: 3 };
    const r = reconcileBalances(
      [twice, ethBot],
      [account],
      [{ symbol: 'BTCUSDT', tradeId: '17', rows: 2 }],
    );
    expect(r.doubleCountedFills).toBe(2);
    // the position is not its trades, and BTC at the exchange is not the positions' sum
    expect(r.balanceMismatches).toBe(2);
    expect(r.examples).toEqual([
      'trade-recorded-twice BTCUSDT #17 x2',
      'fill-applied-twice bot bot-btc: the position applied 3 fills, 2 trades rows',
      'position-vs-trades bot bot-btc: position 0.1498 BTC, its trades 0.0999',
      "balance key k1 BTC: exchange 0.0999, bots' books 0.1498 (-0.0499)",
    ]);
  });

  it('finds a fill the books never saw: the exchange spent more quote and holds more base', () => {
    const r = reconcileBalances(
      [btcBot, ethBot],
      [{ ...account, balances: { ...account.balances, USDT: '700', BTC: '0.10485' } }],
      [],
    );
    expect(r.balanceMismatches).toBe(2);
    expect(r.examples).toEqual([
      "balance key k1 BTC: exchange 0.10485, bots' books 0.0999 (0.00495)",
      "balance key k1 USDT: exchange 700, bots' books 1000 (-300)",
    ]);
  });
});

describe('partialFills', () => {
  it('counts the fills of orders filled in more than one part, and those orders', () => {
    const fills = [
      { symbol: 'BTCUSDT', orderId: 1 },
      { symbol: 'BTCUSDT', orderId: 1 },
      { symbol: 'BTCUSDT', orderId: 1 },
      { symbol: 'ETHUSDT', orderId: 1 },
      { symbol: 'BTCUSDT', orderId: 2 },
      { symbol: 'BTCUSDT', orderId: 2 },
    ];
    expect(partialFills(fills)).toEqual({ partialFills: 5, ordersFilledInParts: 2 });
  });
});
