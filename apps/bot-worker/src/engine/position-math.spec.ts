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

describe('applyFills: what the risk stops need', () => {
  const at = (iso: string, f: FillRecord): FillRecord => ({ ...f, executedAt: new Date(iso) });
  // a sell of "all" floored to the 0.001 step leaves dust the market won't take
  const market = {
    ...assets,
    limits: { amountStep: '0.001', minAmount: '0.001', minNotional: null },
  };

  it('a round trip closed at a loss, dust left behind, starts the cooldown at its last fill', () => {
    // buy 1 BTC at 100, fee 0.0005 BTC: 0.9995 held; sell 0.999 at 90: 0.0005 dust is left
    const bought = applyFills(emptyPosition(), [fill('buy', '100', '1', '0.0005', 'BTC')], market);
    expect(bought.peakPrice).toBe('100'); // the entry starts the high
    const sold = applyFills(
      bought,
      [at('2025-03-01T10:00:00Z', fill('sell', '90', '0.999', '0', 'USDT'))],
      market,
    );
    expect(sold.base).toBe('0.0005');
    // 0.999 x 90 - 0.999 x 100 / 0.9995 = 89.91 - 99.94997... = -10.03997...
    expect(Number(sold.roundTripPnl)).toBeCloseTo(-10.03997, 5);
    expect(sold.lastLossAt).toBe(Date.parse('2025-03-01T10:00:00Z'));
    expect(sold.peakPrice).toBeNull();
    // without the market's minimums the dust is still a position: the round trip goes on
    const open = applyFills(bought, [fill('sell', '90', '0.999', '0', 'USDT')], assets);
    expect(open.lastLossAt).toBeNull();
    expect(open.peakPrice).toBe('100');
  });

  it('a profitable round trip leaves the last loss where it was; the next entry starts from 0', () => {
    const lost = { ...emptyPosition(), lastLossAt: 5, realizedPnl: '-3', roundTripPnl: '-3' };
    let p = applyFills(lost, [fill('buy', '100', '1', '0', 'USDT')], market);
    expect(p.roundTripPnl).toBe('0');
    p = applyFills(p, [fill('sell', '110', '0.5', '0', 'USDT')], market); // +5, still open
    p = applyFills(p, [fill('sell', '98', '0.5', '0', 'USDT')], market); // -1: +4 in all
    expect(p.roundTripPnl).toBe('4');
    expect(p.base).toBe('0');
    expect(p.lastLossAt).toBe(5);
    expect(p.realizedPnl).toBe('1');
  });

  it('the high of a round trip: set by the entry, raised by fills above it, never lowered', () => {
    let p = applyFills(emptyPosition(), [fill('buy', '100', '1', '0', 'USDT')], market);
    p = applyFills(p, [fill('buy', '80', '1', '0', 'USDT')], market); // averaging down
    expect(p.peakPrice).toBe('100');
    p = applyFills(p, [fill('sell', '120', '1', '0', 'USDT')], market);
    expect(p.peakPrice).toBe('120');
  });

  it('realized profit is added up per UTC day of the fills, from 0 on each new day', () => {
    let p = applyFills(emptyPosition(), [fill('buy', '100', '3', '0', 'USDT')], market);
    expect(p.pnlDay).toBeNull(); // a buy realizes nothing
    p = applyFills(
      p,
      [
        at('2025-03-01T23:00:00Z', fill('sell', '90', '1', '0', 'USDT')), // -10
        at('2025-03-01T23:59:59Z', fill('sell', '95', '1', '0', 'USDT')), // -5
      ],
      market,
    );
    expect([p.pnlDay, p.dayRealizedPnl]).toEqual(['2025-03-01', '-15']);
    p = applyFills(p, [at('2025-03-02T00:00:00Z', fill('sell', '103', '1', '0', 'USDT'))], market);
    expect([p.pnlDay, p.dayRealizedPnl, p.realizedPnl]).toEqual(['2025-03-02', '3', '-12']);
  });
});
