import type { Balances, MarketInfo, PlaceOrderRequest, Ticker } from '../client/exchange-client';
import { ceilToStep, Dec, decText, floorToStep, isMultipleOf } from '../client/decimal';
import { InsufficientFundsError, InvalidOrderError } from '../errors/exchange.errors';
import type { PaperOrder } from './paper-ledger';
import { MAX_TAKER_LEVELS, planCancel, planLimitFill, planPlacement } from './paper-matching';

/*
 * Every expected number below is worked out by hand in the comments and asserted as an exact
 * decimal string: a float anywhere in the path (0.1 + 0.2 style) would show up as a wrong digit.
 */

const EX = 'binance';

const btc: MarketInfo = {
  symbol: 'BTC/USDT',
  base: 'BTC',
  quote: 'USDT',
  active: true,
  amountStep: '0.00000001',
  priceStep: '0.01',
  minAmount: '0.0001',
  minNotional: '1',
  takerFee: '0.001',
  makerFee: '0.0002',
};

const ticker: Ticker = {
  symbol: 'BTC/USDT',
  last: '30000.05',
  bid: '30000.07',
  ask: '30000.1',
  timestamp: 1_700_000_000_000,
};

/** 0.05 % slippage on market fills. */
const settings = { slippagePct: 0.05 };

const balances = (entries: Record<string, string>): Balances =>
  Object.fromEntries(
    Object.entries(entries).map(([asset, free]) => [asset, { free, used: '0', total: free }]),
  );

const rich = balances({ USDT: '100000', BTC: '10' });

const market = (
  side: 'buy' | 'sell',
  amount: string,
  extra: Partial<PlaceOrderRequest> = {},
): PlaceOrderRequest => ({
  symbol: 'BTC/USDT',
  side,
  type: 'market',
  amount,
  clientOrderId: `c-${side}-${amount}`,
  ...extra,
});

const limit = (side: 'buy' | 'sell', amount: string, price: string | undefined) =>
  market(side, amount, { type: 'limit', price });

/** The error a thunk throws (fails the test when nothing is thrown). */
function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw, nothing was thrown');
}

/** The ticker with this last price (no quoted depth: a resting order fills whole). */
const lastAt = (last: string): Ticker => ({ ...ticker, last });

const openOrder = (over: Partial<PaperOrder>): PaperOrder => ({
  id: '1',
  clientOrderId: 'c-1',
  symbol: 'BTC/USDT',
  side: 'buy',
  type: 'limit',
  amount: '0.00012345',
  price: '29000.01',
  status: 'open',
  filled: '0',
  average: null,
  fee: '0',
  feeCurrency: null,
  fills: [],
  createdAt: 1,
  filledAt: null,
  ...over,
});

describe('decimal helpers', () => {
  it('isMultipleOf is exact where floats are not (0.3 % 0.1 is not 0 in floats)', () => {
    expect(0.3 % 0.1).not.toBe(0); // the float trap this guards against
    expect(isMultipleOf('0.3', '0.1')).toBe(true);
    expect(isMultipleOf('0.00012345', '0.00000001')).toBe(true);
    expect(isMultipleOf('0.000123455', '0.00000001')).toBe(false);
    expect(isMultipleOf('29000.015', '0.01')).toBe(false);
    expect(isMultipleOf('1.23456789', null)).toBe(true);
  });

  it('floorToStep: 0.3 floored to 0.0001 stays 0.3 (floats give 0.2999)', () => {
    expect(Math.floor(0.3 / 0.0001) * 0.0001).not.toBe(0.3);
    expect(decText(floorToStep('0.3', '0.0001'))).toBe('0.3');
    expect(decText(floorToStep('29985.069965', '0.01'))).toBe('29985.06');
    expect(decText(floorToStep('0.000123459', '0.00000001'))).toBe('0.00012345');
    expect(decText(floorToStep('1.23456789', null))).toBe('1.23456789');
  });

  it('ceilToStep: 0.1 x 1.002 = 0.1002 ceiled to 0.0001 stays 0.1002 (floats give 0.1003)', () => {
    expect(Math.ceil((0.1 * 1.002) / 0.0001)).toBe(1003); // the float trap
    expect(decText(ceilToStep(new Dec('0.1').mul('1.002'), '0.0001'))).toBe('0.1002');
    expect(decText(ceilToStep('30015.10005', '0.01'))).toBe('30015.11');
    expect(decText(ceilToStep('30015.11', '0.01'))).toBe('30015.11');
    expect(decText(ceilToStep('1.23456789', null))).toBe('1.23456789');
  });

  it('Dec adds 0.1 + 0.2 to exactly 0.3 and decText never uses an exponent', () => {
    expect(decText(new Dec('0.1').plus('0.2'))).toBe('0.3');
    expect(String(0.00000001)).toBe('1e-8'); // what a float would print
    expect(decText('0.00000001')).toBe('0.00000001');
    expect(decText(new Dec('1e21'))).toBe('1000000000000000000000');
  });
});

describe('planPlacement: market orders', () => {
  it('a market buy fills at the ask moved up by the slippage, rounded UP to the tick; fee in base', () => {
    // touch = ceil(30000.1 x 1.0005, 0.01) = ceil(30015.10005) = 30015.11
    // cost  = 0.00012345 x 30015.11 = 3.7053653295 USDT
    // fee   = 0.00012345 x 0.001 (taker) = 0.00000012345 BTC
    // BTC received = 0.00012345 - 0.00000012345 = 0.00012332655
    const plan = planPlacement(market('buy', '0.00012345'), btc, ticker, rich, settings, EX);
    expect(plan.order).toEqual({
      clientOrderId: 'c-buy-0.00012345',
      symbol: 'BTC/USDT',
      side: 'buy',
      type: 'market',
      amount: '0.00012345',
      price: null,
      status: 'closed',
      filled: '0.00012345',
      average: '30015.11',
      fee: '0.00000012345',
      feeCurrency: 'BTC',
      // one fill: no depth is quoted at the touch
      fills: [
        {
          price: '30015.11',
          amount: '0.00012345',
          fee: '0.00000012345',
          feeCurrency: 'BTC',
          tickerAt: ticker.timestamp,
        },
      ],
    });
    expect(plan.changes).toEqual([
      { asset: 'USDT', free: '-3.7053653295', used: '0' },
      { asset: 'BTC', free: '0.00012332655', used: '0' },
    ]);
  });

  it('a market sell fills at the bid moved down by the slippage, rounded DOWN; fee in quote', () => {
    // touch = floor(30000.07 x 0.9995, 0.01) = floor(29985.069965) = 29985.06
    // cost  = 0.00012345 x 29985.06 = 3.701655657 USDT
    // fee   = 3.701655657 x 0.001 = 0.003701655657 USDT
    // USDT received = 3.701655657 - 0.003701655657 = 3.697954001343
    const plan = planPlacement(market('sell', '0.00012345'), btc, ticker, rich, settings, EX);
    expect(plan.order).toMatchObject({
      side: 'sell',
      status: 'closed',
      filled: '0.00012345',
      average: '29985.06',
      fee: '0.003701655657',
      feeCurrency: 'USDT',
      price: null,
    });
    expect(plan.changes).toEqual([
      { asset: 'BTC', free: '-0.00012345', used: '0' },
      { asset: 'USDT', free: '3.697954001343', used: '0' },
    ]);
  });

  it('prices that break floats: ask 0.1 + 0.2 % slippage, bid 0.3 without, tick 0.0001', () => {
    const alt: MarketInfo = {
      ...btc,
      symbol: 'ALT/USDT',
      base: 'ALT',
      amountStep: '0.1',
      priceStep: '0.0001',
      minAmount: '0.1',
      minNotional: null,
    };
    const t: Ticker = { symbol: 'ALT/USDT', last: '0.2', bid: '0.3', ask: '0.1', timestamp: 1 };
    // buy: touch = ceil(0.1 x 1.002, 0.0001) = 0.1002; cost = 0.3 x 0.1002 = 0.03006
    //      fee = 0.3 x 0.001 = 0.0003 ALT; ALT received = 0.2997
    const buy = planPlacement(
      { ...market('buy', '0.3'), symbol: 'ALT/USDT' },
      alt,
      t,
      balances({ USDT: '1' }),
      { slippagePct: 0.2 },
      EX,
    );
    expect(buy.order.average).toBe('0.1002');
    expect(buy.order.fee).toBe('0.0003');
    expect(buy.changes).toEqual([
      { asset: 'USDT', free: '-0.03006', used: '0' },
      { asset: 'ALT', free: '0.2997', used: '0' },
    ]);
    // sell: touch = floor(0.3, 0.0001) = 0.3; cost = 0.7 x 0.3 = 0.21;
    //       fee = 0.21 x 0.001 = 0.00021 USDT; USDT received = 0.20979
    const sell = planPlacement(
      { ...market('sell', '0.7'), symbol: 'ALT/USDT' },
      alt,
      t,
      balances({ ALT: '0.7' }),
      { slippagePct: 0 },
      EX,
    );
    expect(sell.order.average).toBe('0.3');
    expect(sell.order.fee).toBe('0.00021');
    expect(sell.changes).toEqual([
      { asset: 'ALT', free: '-0.7', used: '0' },
      { asset: 'USDT', free: '0.20979', used: '0' },
    ]);
  });

  it('without a bid/ask the last price is the touch', () => {
    // buy: ceil(30000.05 x 1.0005) = ceil(30015.050025) = 30015.06
    // sell: floor(30000.05 x 0.9995) = floor(29985.049975) = 29985.04
    const t: Ticker = { ...ticker, bid: null, ask: null };
    expect(planPlacement(market('buy', '0.001'), btc, t, rich, settings, EX).order.average).toBe(
      '30015.06',
    );
    expect(planPlacement(market('sell', '0.001'), btc, t, rich, settings, EX).order.average).toBe(
      '29985.04',
    );
  });

  it('the whole free balance can be spent to the last unit, one unit more is refused', () => {
    // the buy above costs exactly 3.7053653295 USDT
    const exact = planPlacement(
      market('buy', '0.00012345'),
      btc,
      ticker,
      balances({ USDT: '3.7053653295' }),
      settings,
      EX,
    );
    expect(exact.changes[0]).toEqual({ asset: 'USDT', free: '-3.7053653295', used: '0' });

    const short = thrown(() =>
      planPlacement(
        market('buy', '0.00012345'),
        btc,
        ticker,
        balances({ USDT: '3.7053653294' }),
        settings,
        EX,
      ),
    );
    expect(short).toBeInstanceOf(InsufficientFundsError);
    expect(short.message).toContain('needs 3.7053653295 USDT, 3.7053653294 free');
  });

  it('a buy without enough quote is InsufficientFundsError (also when the asset is missing)', () => {
    for (const held of [balances({ USDT: '3', BTC: '100' }), balances({ BTC: '100' })]) {
      const error = thrown(() =>
        planPlacement(market('buy', '0.00012345'), btc, ticker, held, settings, EX),
      );
      expect(error).toBeInstanceOf(InsufficientFundsError);
      expect((error as InsufficientFundsError).exchangeId).toBe(EX);
    }
  });

  it('a sell without enough base is InsufficientFundsError', () => {
    const error = thrown(() =>
      planPlacement(
        market('sell', '0.00012345'),
        btc,
        ticker,
        balances({ USDT: '100000', BTC: '0.00012344' }),
        settings,
        EX,
      ),
    );
    expect(error).toBeInstanceOf(InsufficientFundsError);
    expect(error.message).toContain('needs 0.00012345 BTC, 0.00012344 free');
    // holding exactly the amount is enough
    expect(
      planPlacement(
        market('sell', '0.00012345'),
        btc,
        ticker,
        balances({ BTC: '0.00012345' }),
        settings,
        EX,
      ).order.status,
    ).toBe('closed');
  });
});

describe('planPlacement: the exchange filters', () => {
  const reject = (request: PlaceOrderRequest, info: MarketInfo = btc) => {
    const error = thrown(() => planPlacement(request, info, ticker, rich, settings, EX));
    expect(error).toBeInstanceOf(InvalidOrderError);
    expect((error as InvalidOrderError).exchangeId).toBe(EX);
    return error.message;
  };

  it('an amount that is not a multiple of the step is refused', () => {
    expect(reject(market('buy', '0.000123455'))).toContain(
      'amount 0.000123455 is not a multiple of the step 0.00000001',
    );
  });

  it('an amount below the minimum amount is refused', () => {
    expect(reject(market('buy', '0.00009999'))).toContain(
      'amount 0.00009999 is below the minimum 0.0001',
    );
  });

  it('a notional below the minimum is refused (market: at the touch, limit: at its price)', () => {
    // market buy: 0.00012345 x 30015.11 = 3.7053653295 < 10
    expect(reject(market('buy', '0.00012345'), { ...btc, minNotional: '10' })).toContain(
      'notional 3.7053653295 is below the minimum 10',
    );
    // limit buy: 0.00012345 x 29000.01 = 3.5800512345 < 10
    expect(reject(limit('buy', '0.00012345', '29000.01'), { ...btc, minNotional: '10' })).toContain(
      'notional 3.5800512345 is below the minimum 10',
    );
  });

  it('a market that is not trading refuses every order', () => {
    expect(reject(market('buy', '0.00012345'), { ...btc, active: false })).toContain(
      'market is not trading',
    );
    expect(reject(limit('sell', '0.00012345', '31000'), { ...btc, active: false })).toContain(
      'market is not trading',
    );
  });

  it('a limit price off the tick is refused', () => {
    expect(reject(limit('buy', '0.00012345', '29000.015'))).toContain(
      'price 29000.015 is not a multiple of the tick 0.01',
    );
  });

  it('a zero or negative amount, a zero limit price are refused', () => {
    expect(reject(market('buy', '0'))).toContain('amount must be positive');
    expect(reject(market('sell', '-0.001'))).toContain('amount must be positive');
    expect(reject(limit('buy', '0.001', '0'))).toContain('a limit order needs a positive price');
  });

  it('a limit order without a price is an InvalidOrderError (not a raw DecimalError)', () => {
    // checkFilters has a branch for `price === undefined`, but planPlacement builds
    // `new Dec(request.price)` before the filters run.
    expect(reject(limit('buy', '0.001', undefined))).toContain(
      'a limit order needs a positive price',
    );
  });
});

describe('planPlacement: limit orders', () => {
  it('a limit buy below the ask rests: status open, its quote moved from free to used', () => {
    // locked = 0.00012345 x 29000.01 = 3.5800512345 USDT
    const plan = planPlacement(
      limit('buy', '0.00012345', '29000.01'),
      btc,
      ticker,
      rich,
      settings,
      EX,
    );
    expect(plan.order).toEqual({
      clientOrderId: 'c-buy-0.00012345',
      symbol: 'BTC/USDT',
      side: 'buy',
      type: 'limit',
      amount: '0.00012345',
      price: '29000.01',
      status: 'open',
      filled: '0',
      average: null,
      fee: '0',
      feeCurrency: null,
      fills: [],
    });
    expect(plan.changes).toEqual([{ asset: 'USDT', free: '-3.5800512345', used: '3.5800512345' }]);
  });

  it('a limit sell above the bid rests, its base moved from free to used', () => {
    const plan = planPlacement(
      limit('sell', '0.00012345', '31000.03'),
      btc,
      ticker,
      rich,
      settings,
      EX,
    );
    expect(plan.order.status).toBe('open');
    expect(plan.order.price).toBe('31000.03');
    expect(plan.changes).toEqual([{ asset: 'BTC', free: '-0.00012345', used: '0.00012345' }]);
  });

  it('a resting limit buy needs its whole locked quote free', () => {
    const error = thrown(() =>
      planPlacement(
        limit('buy', '0.00012345', '29000.01'),
        btc,
        ticker,
        balances({ USDT: '3.5800512344' }),
        settings,
        EX,
      ),
    );
    expect(error).toBeInstanceOf(InsufficientFundsError);
  });

  it('a limit buy above the slipped ask fills at once as taker, at the touch (never worse than its price)', () => {
    // touch 30015.11 <= 30100: fills at 30015.11, taker fee 0.00012345 x 0.001 = 0.00000012345
    const plan = planPlacement(
      limit('buy', '0.00012345', '30100'),
      btc,
      ticker,
      rich,
      settings,
      EX,
    );
    expect(plan.order).toMatchObject({
      type: 'limit',
      price: '30100',
      status: 'closed',
      filled: '0.00012345',
      average: '30015.11',
      fee: '0.00000012345',
      feeCurrency: 'BTC',
    });
    expect(plan.changes).toEqual([
      { asset: 'USDT', free: '-3.7053653295', used: '0' },
      { asset: 'BTC', free: '0.00012332655', used: '0' },
    ]);
  });

  it('a limit buy exactly at the ask fills at once as taker (no slippage configured)', () => {
    // touch = ask = 30000.1; cost = 0.00012345 x 30000.1 = 3.703512345
    const plan = planPlacement(
      limit('buy', '0.00012345', '30000.1'),
      btc,
      ticker,
      rich,
      { slippagePct: 0 },
      EX,
    );
    expect(plan.order).toMatchObject({
      status: 'closed',
      average: '30000.1',
      fee: '0.00000012345',
    });
    expect(plan.changes).toEqual([
      { asset: 'USDT', free: '-3.703512345', used: '0' },
      { asset: 'BTC', free: '0.00012332655', used: '0' },
    ]);
  });

  it('a limit buy exactly at the ask fills at once as taker, also with slippage configured', () => {
    // A limit buy at the best ask is marketable on any exchange: it takes liquidity at once
    // (taker fee) and never pays more than its limit.
    const plan = planPlacement(
      limit('buy', '0.00012345', '30000.1'),
      btc,
      ticker,
      rich,
      settings,
      EX,
    );
    expect(plan.order.status).toBe('closed');
    expect(plan.order.fee).toBe('0.00000012345'); // 0.00012345 x 0.001 (taker)
    expect(new Dec(plan.order.average as string).lte('30000.1')).toBe(true);
  });

  it('a limit sell exactly at the bid fills at once as taker, also with slippage configured', () => {
    const plan = planPlacement(
      limit('sell', '0.00012345', '30000.07'),
      btc,
      ticker,
      rich,
      settings,
      EX,
    );
    expect(plan.order.status).toBe('closed');
    expect(plan.order.feeCurrency).toBe('USDT');
    expect(new Dec(plan.order.average as string).gte('30000.07')).toBe(true);
  });
});

describe('planLimitFill', () => {
  it('a resting buy fills only once the last price reaches its price', () => {
    const order = openOrder({});
    expect(planLimitFill(order, btc, lastAt('29000.02'))).toBeNull();
    expect(planLimitFill(order, btc, lastAt('30000'))).toBeNull();
    expect(planLimitFill(order, btc, lastAt('29000.01'))).not.toBeNull();
  });

  it('a buy fills at its limit price with the MAKER fee, releasing exactly the locked quote', () => {
    // locked = 0.00012345 x 29000.01 = 3.5800512345 = cost: free += 0, used -= 3.5800512345
    // fee = 0.00012345 x 0.0002 (maker) = 0.00000002469 BTC; BTC received = 0.00012342531
    const fill = planLimitFill(openOrder({}), btc, lastAt('28000')); // even far below: at its own price
    expect(fill).toEqual({
      update: {
        status: 'closed',
        filled: '0.00012345',
        average: '29000.01',
        fee: '0.00000002469',
        feeCurrency: 'BTC',
      },
      newFills: [
        {
          price: '29000.01',
          amount: '0.00012345',
          fee: '0.00000002469',
          feeCurrency: 'BTC',
          tickerAt: ticker.timestamp,
        },
      ],
      changes: [
        { asset: 'USDT', free: '0', used: '-3.5800512345' },
        { asset: 'BTC', free: '0.00012342531', used: '0' },
      ],
    });
  });

  it('a sell fills at its limit price with the maker fee in quote, releasing exactly the locked base', () => {
    // cost = 0.00012345 x 31000.03 = 3.8269537035; fee = 3.8269537035 x 0.0002 = 0.0007653907407
    // USDT received = 3.8269537035 - 0.0007653907407 = 3.8261883127593
    const order = openOrder({ side: 'sell', price: '31000.03' });
    expect(planLimitFill(order, btc, lastAt('31000.02'))).toBeNull();
    expect(planLimitFill(order, btc, lastAt('31000.03'))).toEqual({
      update: {
        status: 'closed',
        filled: '0.00012345',
        average: '31000.03',
        fee: '0.0007653907407',
        feeCurrency: 'USDT',
      },
      newFills: [
        {
          price: '31000.03',
          amount: '0.00012345',
          fee: '0.0007653907407',
          feeCurrency: 'USDT',
          tickerAt: ticker.timestamp,
        },
      ],
      changes: [
        { asset: 'BTC', free: '0', used: '-0.00012345' },
        { asset: 'USDT', free: '3.8261883127593', used: '0' },
      ],
    });
  });

  it('an order that is not open (or has no price) never fills', () => {
    expect(planLimitFill(openOrder({ status: 'closed' }), btc, lastAt('1'))).toBeNull();
    expect(planLimitFill(openOrder({ status: 'canceled' }), btc, lastAt('1'))).toBeNull();
    expect(planLimitFill(openOrder({ type: 'market', price: null }), btc, lastAt('1'))).toBeNull();
  });
});

describe('planCancel', () => {
  it('cancelling a buy returns its locked quote', () => {
    expect(planCancel(openOrder({}), btc)).toEqual({
      update: { status: 'canceled', filled: '0', average: null, fee: '0', feeCurrency: null },
      newFills: [],
      changes: [{ asset: 'USDT', free: '3.5800512345', used: '-3.5800512345' }],
    });
  });

  it('cancelling a sell returns its locked base', () => {
    expect(planCancel(openOrder({ side: 'sell', price: '31000.03' }), btc)?.changes).toEqual([
      { asset: 'BTC', free: '0.00012345', used: '-0.00012345' },
    ]);
  });

  it('a closed or canceled order cannot be cancelled', () => {
    expect(planCancel(openOrder({ status: 'closed' }), btc)).toBeNull();
    expect(planCancel(openOrder({ status: 'canceled' }), btc)).toBeNull();
  });

  it('placement then cancel nets to zero on both free and used', () => {
    const placed = planPlacement(
      limit('buy', '0.00012345', '29000.01'),
      btc,
      ticker,
      rich,
      settings,
      EX,
    );
    const cancel = planCancel(openOrder({}), btc)!;
    const [p] = placed.changes;
    const [c] = cancel.changes;
    expect(decText(new Dec(p.free).plus(c.free))).toBe('0');
    expect(decText(new Dec(p.used).plus(c.used))).toBe('0');
  });
});

describe('the depth the ticker quotes at the touch', () => {
  /** The ticker with this much quoted at the best bid and ask. */
  const deep = (qty: string, over: Partial<Ticker> = {}): Ticker => ({
    ...ticker,
    bidQty: qty,
    askQty: qty,
    ...over,
  });

  it('a market buy larger than the touch walks it: a slice per level, each a slippage step further', () => {
    // levels: ceil(30000.1 x 1.0005) = 30015.11, ceil(30000.1 x 1.001 = 30030.1001) = 30030.11,
    //         ceil(30000.1 x 1.0015 = 30045.10015) = 30045.11; 0.0001 each, the rest 0.00005
    // cost = 3.001511 + 3.003011 + 1.5022555 = 7.5067775; average = 7.5067775 / 0.00025 = 30027.11
    // fee = 0.00025 x 0.001 = 0.00000025 BTC; BTC received 0.00024975
    const plan = planPlacement(market('buy', '0.00025'), btc, deep('0.0001'), rich, settings, EX);
    expect(plan.order.fills.map((f) => [f.amount, f.price, f.fee])).toEqual([
      ['0.0001', '30015.11', '0.0000001'],
      ['0.0001', '30030.11', '0.0000001'],
      ['0.00005', '30045.11', '0.00000005'],
    ]);
    expect(plan.order).toMatchObject({
      status: 'closed',
      filled: '0.00025',
      average: '30027.11',
      fee: '0.00000025',
      feeCurrency: 'BTC',
    });
    expect(plan.changes).toEqual([
      { asset: 'USDT', free: '-7.5067775', used: '0' },
      { asset: 'BTC', free: '0.00024975', used: '0' },
    ]);
  });

  it('within the touch it is one fill at the first level, as without depth', () => {
    const plan = planPlacement(market('buy', '0.00015'), btc, deep('0.0002'), rich, settings, EX);
    expect(plan.order.fills.map((f) => [f.amount, f.price])).toEqual([['0.00015', '30015.11']]);
  });

  it('a market sell walks down the bids the same way', () => {
    // floor(30000.07 x 0.9995 = 29985.069965) = 29985.06; floor(30000.07 x 0.999 = 29970.06993) = 29970.06
    const plan = planPlacement(market('sell', '0.00015'), btc, deep('0.0001'), rich, settings, EX);
    expect(plan.order.fills.map((f) => [f.amount, f.price])).toEqual([
      ['0.0001', '29985.06'],
      ['0.00005', '29970.06'],
    ]);
  });

  it('a crossing limit buy takes the levels within its limit; the rest rests at the limit, partially filled', () => {
    // level 1: min(30020, 30015.11) = 30015.11 for 0.0001 (3.001511); level 2 (30030.11) is
    // past the limit: 0.00015 rests, locking 0.00015 x 30020 = 4.503
    // USDT free -(3.001511 + 4.503) = -7.504511, used +4.503; BTC 0.0001 - 0.0000001 = 0.0000999
    const plan = planPlacement(
      limit('buy', '0.00025', '30020'),
      btc,
      deep('0.0001'),
      rich,
      settings,
      EX,
    );
    expect(plan.order).toMatchObject({
      status: 'open',
      filled: '0.0001',
      average: '30015.11',
      price: '30020',
    });
    expect(plan.order.fills).toHaveLength(1);
    expect(plan.changes).toEqual([
      { asset: 'USDT', free: '-7.504511', used: '4.503' },
      { asset: 'BTC', free: '0.0000999', used: '0' },
    ]);
    // what the slice costs and the rest locks, together, must be free
    const error = thrown(() =>
      planPlacement(
        limit('buy', '0.00025', '30020'),
        btc,
        deep('0.0001'),
        balances({ USDT: '7.5' }),
        settings,
        EX,
      ),
    );
    expect(error).toBeInstanceOf(InsufficientFundsError);
    expect(error.message).toContain('needs 7.504511 USDT');
  });

  it(`a taker never walks more than ${MAX_TAKER_LEVELS} levels: the last one takes the rest`, () => {
    const plan = planPlacement(market('buy', '0.001'), btc, deep('0.00001'), rich, settings, EX);
    expect(plan.order.fills).toHaveLength(MAX_TAKER_LEVELS);
    expect(plan.order.fills.at(-1)?.amount).toBe('0.00091');
    expect(plan.order.filled).toBe('0.001');
  });

  it('a resting buy fills a slice per ticker, as deep as the asks quoted, until it is whole', () => {
    // 0.00012345 at 29000.01 against 0.00005 quoted: 0.00005, 0.00005, then the rest 0.00002345
    // maker fee per slice of 0.00005: 0.00000001 BTC
    let order = openOrder({});
    const at = (timestamp: number) => deep('0.00005', { last: '29000', timestamp });
    const slices: string[] = [];
    for (const timestamp of [10, 10, 11, 12, 13]) {
      const settled = planLimitFill(order, btc, at(timestamp));
      if (!settled) {
        slices.push('none');
        continue;
      }
      const [fill] = settled.newFills;
      slices.push(`${fill.amount} ${settled.update.status}`);
      order = { ...order, ...settled.update, fills: [...order.fills, { ...fill, at: timestamp }] };
    }
    // the same ticker twice takes nothing more; once whole, nothing at all
    expect(slices).toEqual(['0.00005 open', 'none', '0.00005 open', '0.00002345 closed', 'none']);
    expect(order).toMatchObject({
      filled: '0.00012345',
      average: '29000.01',
      fee: '0.00000002469',
    });
  });

  it('cancelling a partially filled order keeps its fills and gives back what its rest locked', () => {
    // rest 0.00012345 - 0.00005 = 0.00007345; locked 0.00007345 x 29000.01 = 2.1300507345
    const partial = openOrder({
      filled: '0.00005',
      average: '29000.01',
      fee: '0.00000001',
      feeCurrency: 'BTC',
    });
    expect(planCancel(partial, btc)).toEqual({
      update: {
        status: 'canceled',
        filled: '0.00005',
        average: '29000.01',
        fee: '0.00000001',
        feeCurrency: 'BTC',
      },
      newFills: [],
      changes: [{ asset: 'USDT', free: '2.1300507345', used: '-2.1300507345' }],
    });
  });
});
