import type { MarketInfo } from '@platform/exchange';
import { emptyPosition, type OrderRecord } from '@platform/persistence';
import { riskSchema } from '@platform/strategies';
import { btcUsdtMarket } from '@platform/testing';
import { type PlanContext, planOrders } from './order-planner';

// BTC/USDT with a minimum amount of 0.0001 BTC (ten amount steps), for the dust cases
const market: MarketInfo = { ...btcUsdtMarket, minAmount: '0.0001' };

const ctx = (over: Partial<PlanContext> = {}): PlanContext => ({
  market,
  last: '30000',
  bid: '29999.99',
  ask: '30000.01',
  position: emptyPosition(),
  openOrders: [],
  risk: riskSchema.parse({}),
  ...over,
});

const openOrder = (key: string): OrderRecord => ({
  id: `id-${key}`,
  clientOrderId: `c-${key}`,
  exchangeOrderId: `x-${key}`,
  side: 'buy',
  type: 'limit',
  amount: '0.001',
  price: '29000',
  filled: '0',
  averagePrice: null,
  status: 'open',
  signal: key,
  createdAt: new Date(0),
});

describe('planOrders', () => {
  it('a market buy spends the quote at the ask, rounded DOWN to the step', () => {
    // 100 / 30000.01 = 0.0033333322... -> 0.00333
    expect(planOrders([{ kind: 'market', side: 'buy', quote: 100, reason: 'go' }], ctx())).toEqual([
      {
        kind: 'place',
        intent: { side: 'buy', type: 'market', amount: '0.00333', price: null, signal: 'go' },
      },
    ]);
  });

  it('caps a buy at the maximum position', () => {
    const plans = planOrders(
      [{ kind: 'market', side: 'buy', quote: 1000, reason: 'go' }],
      ctx({
        position: { ...emptyPosition(), base: '0.009' },
        risk: riskSchema.parse({ maxPositionBase: 0.01 }),
      }),
    );
    expect(plans[0]).toMatchObject({ kind: 'place', intent: { amount: '0.001' } });
  });

  it('skips what the market would reject: below the minimum notional, dust', () => {
    // 4 USDT < 5 minimum notional
    expect(planOrders([{ kind: 'market', side: 'buy', quote: 4, reason: 'small' }], ctx())).toEqual(
      [{ kind: 'skip', signal: 'small', reason: expect.stringContaining('notional') }],
    );
    // selling all of 0.00005 BTC: below the 0.0001 minimum amount
    expect(
      planOrders(
        [{ kind: 'market', side: 'sell', base: 'all', reason: 'exit' }],
        ctx({ position: { ...emptyPosition(), base: '0.00005' } }),
      ),
    ).toEqual([{ kind: 'skip', signal: 'exit', reason: expect.stringContaining('minimum') }]);
  });

  it('sells all of the position, rounded down to the step', () => {
    const plans = planOrders(
      [{ kind: 'market', side: 'sell', base: 'all', reason: 'exit' }],
      ctx({ position: { ...emptyPosition(), base: '0.0019980' } }),
    );
    expect(plans[0]).toMatchObject({ kind: 'place', intent: { side: 'sell', amount: '0.00199' } });
  });

  it('limit orders: prices onto the tick (buy down, sell up), one per key, at most maxOpenOrders', () => {
    const plans = planOrders(
      [
        {
          kind: 'limit',
          side: 'buy',
          price: 29000.129,
          base: 0.001,
          key: 'grid-buy-0',
          reason: 'grid',
        },
        {
          kind: 'limit',
          side: 'sell',
          price: 31000.121,
          base: 0.001,
          key: 'grid-sell-2',
          reason: 'grid',
        },
        {
          kind: 'limit',
          side: 'buy',
          price: 28000,
          base: 0.001,
          key: 'grid-buy-1',
          reason: 'grid',
        },
        { kind: 'limit', side: 'buy', price: 29000.001, base: 0.001, key: 'kept', reason: 'grid' },
      ],
      ctx({ openOrders: [openOrder('kept')], risk: riskSchema.parse({ maxOpenOrders: 3 }) }),
    );
    expect(plans).toEqual([
      {
        kind: 'place',
        intent: {
          side: 'buy',
          type: 'limit',
          amount: '0.001',
          price: '29000.12',
          signal: 'grid-buy-0',
        },
      },
      {
        kind: 'place',
        intent: {
          side: 'sell',
          type: 'limit',
          amount: '0.001',
          price: '31000.13',
          signal: 'grid-sell-2',
        },
      },
      { kind: 'skip', signal: 'grid-buy-1', reason: 'maximum of 3 open orders reached' },
    ]);
  });

  it('an open order of the key elsewhere on the tick is cancelled, to be placed again later', () => {
    const moved = (price: number, side: 'buy' | 'sell' = 'buy') =>
      planOrders(
        [{ kind: 'limit', side, price, base: 0.002, key: 'kept', reason: 'grid-level' }],
        ctx({ openOrders: [openOrder('kept')] }),
      );
    // 29000.009 is 29000 on the tick: the order stays, whatever its amount
    expect(moved(29000.009)).toEqual([]);
    expect(moved(29000.01)).toEqual([
      { kind: 'cancel', order: openOrder('kept'), reason: 'grid-level-moved' },
    ]);
    expect(moved(29000, 'sell')).toEqual([
      { kind: 'cancel', order: openOrder('kept'), reason: 'grid-level-moved' },
    ]);
  });

  it('cancels an order once, even when asked twice', () => {
    const plans = planOrders(
      [
        { kind: 'cancel', key: 'kept', reason: 'not-wanted' },
        { kind: 'limit', side: 'buy', price: 1, base: 1, key: 'kept', reason: 'grid-level' },
      ],
      ctx({ openOrders: [openOrder('kept')] }),
    );
    expect(plans).toEqual([{ kind: 'cancel', order: openOrder('kept'), reason: 'not-wanted' }]);
  });

  it('a cancel names the open order of its key', () => {
    const plans = planOrders(
      [{ kind: 'cancel', key: 'kept', reason: 'moved' }],
      ctx({ openOrders: [openOrder('kept')] }),
    );
    expect(plans).toEqual([{ kind: 'cancel', order: openOrder('kept'), reason: 'moved' }]);
  });
});
