import { portfolioTotals } from './portfolio-totals';

const bot = (
  mode: 'paper' | 'live',
  symbol: string,
  base: string,
  realizedProfit: string,
  unrealizedProfit: string | null,
) => ({
  mode,
  symbol,
  position: { base, averageEntry: null, realizedProfit, feesQuote: '0.1', tradesCount: 1 },
  unrealizedProfit,
});

describe('portfolioTotals', () => {
  it('adds exactly per mode and quote currency, never paper to live or USDT to BTC', () => {
    expect(
      portfolioTotals([
        bot('paper', 'BTC/USDT', '1', '0.1', '0.2'),
        bot('paper', 'ETH/USDT', '1', '0.2', '-0.1'),
        bot('live', 'BTC/USDT', '1', '5', '1'),
        bot('paper', 'ETH/BTC', '0', '0.00000001', '0'),
      ]),
    ).toEqual([
      {
        mode: 'live',
        quoteCurrency: 'USDT',
        bots: 1,
        realizedProfit: '5',
        feesQuote: '0.1',
        unrealizedProfit: '1',
        unpricedBots: 0,
      },
      {
        mode: 'paper',
        quoteCurrency: 'BTC',
        bots: 1,
        realizedProfit: '0.00000001',
        feesQuote: '0.1',
        unrealizedProfit: '0',
        unpricedBots: 0,
      },
      {
        mode: 'paper',
        quoteCurrency: 'USDT',
        bots: 2,
        realizedProfit: '0.3',
        feesQuote: '0.2',
        unrealizedProfit: '0.1',
        unpricedBots: 0,
      },
    ]);
  });

  it('counts positions without a price instead of passing a partial sum for a whole one', () => {
    const [total] = portfolioTotals([
      bot('paper', 'BTC/USDT', '0.5', '0', null),
      bot('paper', 'BTC/USDT', '0', '0', null),
      bot('paper', 'BTC/USDT', '1', '0', '3'),
    ]);
    expect(total).toMatchObject({ bots: 3, unrealizedProfit: '3', unpricedBots: 1 });
  });

  it('nothing in, nothing out', () => {
    expect(portfolioTotals([])).toEqual([]);
  });
});
