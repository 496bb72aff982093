import type { BacktestTrade } from '@platform/contracts';
import {
  dailyReturns,
  feesInQuote,
  roundTrips,
  sharpeRatio,
  sortinoRatio,
} from './backtest-metrics';

const trade = (
  side: 'buy' | 'sell',
  price: string,
  amount: string,
  fee: string,
  time: number,
): BacktestTrade => ({
  clientOrderId: 'x',
  time,
  side,
  price,
  amount,
  fee,
  feeCurrency: side === 'buy' ? 'BTC' : 'USDT',
});

describe('backtest metrics', () => {
  it('matches sells against earlier buys, first in first out, fees on both sides', () => {
    const trips = roundTrips(
      [
        trade('buy', '100', '1', '0', 0),
        trade('buy', '200', '1', '0', 1000),
        trade('sell', '150', '1.5', '3', 3000), // 1 at 100 and 0.5 at 200: cost 200, proceeds 222
        trade('sell', '300', '0.5', '0', 5000), // 0.5 at 200: cost 100, proceeds 150
      ],
      'BTC',
    );
    expect(trips[0].pnl).toBeCloseTo(225 - 3 - 200, 9);
    expect(trips[0].heldMs).toBeCloseTo((1 * 3000 + 0.5 * 2000) / 1.5, 9);
    expect(trips[1].pnl).toBeCloseTo(50, 9);
    expect(trips[1].heldMs).toBe(4000);
  });

  it('a buy fee in base leaves less base to sell, and is valued at the fill price', () => {
    const trades = [
      trade('buy', '100', '1', '0.001', 0),
      trade('sell', '110', '0.999', '0.10989', 60_000),
    ];
    const [trip] = roundTrips(trades, 'BTC');
    expect(trip.pnl).toBeCloseTo(0.999 * 110 - 0.10989 - 100, 9);
    expect(feesInQuote(trades, 'BTC')).toBeCloseTo(0.1 + 0.10989, 9);
  });

  it('annualises daily Sharpe and Sortino by sqrt(365)', () => {
    const returns = dailyReturns([101, 100, 102], 100); // +1 %, -0.990 %, +2 %
    expect(returns[0]).toBeCloseTo(0.01, 12);
    const mean = (0.01 + (100 / 101 - 1) + 0.02) / 3;
    const sd = Math.sqrt(returns.reduce((s, r) => s + (r - mean) ** 2, 0) / 2);
    expect(sharpeRatio(returns)).toBeCloseTo((mean / sd) * Math.sqrt(365), 9);
    const downside = Math.sqrt((100 / 101 - 1) ** 2 / 3);
    expect(sortinoRatio(returns)).toBeCloseTo((mean / downside) * Math.sqrt(365), 9);
    expect(sortinoRatio([0.01, 0.02])).toBeNull(); // nothing fell
    expect(sharpeRatio([0.01])).toBeNull();
  });
});
