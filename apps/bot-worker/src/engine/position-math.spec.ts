import { emptyPosition, type FillRecord } from '@platform/persistence';
import { applyFills, unrealizedPnl } from './position-math';

const assets = { base: 'BTC', quote: 'USDT' };
const fill = (
  side: 'buy' | 'sell',
  price: string,
  amount: string,
  fee: string,
  feeCurrency: string,
): FillRecord => ({
  exchangeTradeId: `${side}-${price}`,
  side,
  price,
  amount,
  fee,
  feeCurrency,
  executedAt: new Date(0),
});

describe('applyFills', () => {
  it('a buy with its fee in base: less base received, the entry is cost / received', () => {
    // 0.002 BTC at 30000 = 60 USDT; fee 0.1 % of 0.002 = 0.000002 BTC -> 0.001998 BTC held
    // entry = 60 / 0.001998 = 30030.03003003003...; fee in quote = 0.000002 x 30000 = 0.06
    const p = applyFills(
      emptyPosition(),
      [fill('buy', '30000', '0.002', '0.000002', 'BTC')],
      assets,
    );
    expect(p.base).toBe('0.001998');
    expect(p.averageEntry).toBe('30030.03003003003');
    expect(p.feesQuote).toBe('0.06');
    expect(p.realizedPnl).toBe('0');
    expect(p.tradesCount).toBe(1);
  });

  it('two buys average by cost; a sell with its fee in quote realizes proceeds minus basis', () => {
    // buys: 1 @ 100 and 1 @ 200, no fee: 2 held, entry 150
    let p = applyFills(
      emptyPosition(),
      [fill('buy', '100', '1', '0', 'BTC'), fill('buy', '200', '1', '0', 'BTC')],
      assets,
    );
    expect(p.base).toBe('2');
    expect(p.averageEntry).toBe('150');
    // sell 1.5 @ 180, fee 0.27 USDT: proceeds 270 - 0.27 = 269.73; basis 1.5 x 150 = 225
    // realized = 44.73; 0.5 left at entry 150
    p = applyFills(p, [fill('sell', '180', '1.5', '0.27', 'USDT')], assets);
    expect(p.base).toBe('0.5');
    expect(p.averageEntry).toBe('150');
    expect(p.realizedPnl).toBe('44.73');
    expect(p.feesQuote).toBe('0.27');
    expect(unrealizedPnl(p, '170')).toBe('10'); // 0.5 x (170 - 150)
  });

  it('selling everything closes the position: no entry, no unrealized profit', () => {
    const bought = applyFills(emptyPosition(), [fill('buy', '0.1', '3', '0', 'BTC')], assets);
    const sold = applyFills(bought, [fill('sell', '0.3', '3', '0', 'USDT')], assets);
    // (0.3 - 0.1) x 3 = 0.6 exactly (floats would say 0.6000000000000001)
    expect(sold.realizedPnl).toBe('0.6');
    expect(sold.base).toBe('0');
    expect(sold.averageEntry).toBeNull();
    expect(unrealizedPnl(sold, '1')).toBe('0');
  });

  it('fees in a third currency (BNB) count in neither base nor quote', () => {
    const p = applyFills(emptyPosition(), [fill('buy', '100', '1', '0.01', 'BNB')], assets);
    expect(p.base).toBe('1');
    expect(p.feesQuote).toBe('0');
  });
});
