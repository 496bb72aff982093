import { dca } from './strategies/dca';
import { grid } from './strategies/grid';
import { rsiReversion } from './strategies/rsi-reversion';
import { smaCross } from './strategies/sma-cross';
import { MAX_CANDLES } from './candle-history';
import {
  candlesNeededBy,
  getStrategy,
  strategies,
  strategyNames,
  validateBotParams,
} from './registry';

const defaultRisk = { stakeQuote: 100, maxOpenOrders: 20, paperQuoteBalance: 10000 };
const validGrid = { lowerPrice: 100, upperPrice: 200, levels: 5, basePerLevel: 0.5 };
const validDca = { quotePerBuy: 50, intervalSeconds: 60, takeProfitPct: 5 };
const atMost999 = 'must be at most 999: market data keeps at most 1000 candles';

describe('registry', () => {
  it('lists every strategy under its own name', () => {
    expect(strategyNames).toEqual(['sma-cross', 'rsi-reversion', 'grid', 'dca']);
    expect(Object.keys(strategies)).toEqual([...strategyNames]);
    for (const name of strategyNames) expect(strategies[name].name).toBe(name);
  });

  it('getStrategy finds known names only', () => {
    expect(getStrategy('sma-cross')).toBe(smaCross);
    expect(getStrategy('rsi-reversion')).toBe(rsiReversion);
    expect(getStrategy('grid')).toBe(grid);
    expect(getStrategy('dca')).toBe(dca);
    expect(getStrategy('martingale')).toBeUndefined();
    expect(getStrategy('constructor')).toBeUndefined();
    expect(getStrategy('__proto__')).toBeUndefined();
  });
});

describe('validateBotParams', () => {
  it('rejects an unknown strategy, naming the known ones', () => {
    expect(validateBotParams('martingale', {}, 'paper')).toEqual({
      ok: false,
      errors: [
        {
          field: 'strategy',
          message:
            'unknown strategy "martingale"; choose one of: sma-cross, rsi-reversion, grid, dca',
        },
      ],
    });
  });

  it('applies defaults', () => {
    expect(validateBotParams('sma-cross', {}, 'paper')).toEqual({
      ok: true,
      params: { fastPeriod: 9, slowPeriod: 21, risk: defaultRisk },
    });
    expect(validateBotParams('rsi-reversion', { risk: { stakeQuote: 20 } }, 'paper')).toEqual({
      ok: true,
      params: {
        period: 14,
        oversold: 30,
        overbought: 70,
        risk: { ...defaultRisk, stakeQuote: 20 },
      },
    });
    expect(validateBotParams('grid', validGrid, 'paper')).toEqual({
      ok: true,
      params: { ...validGrid, risk: defaultRisk },
    });
    expect(validateBotParams('dca', validDca, 'paper')).toEqual({
      ok: true,
      params: { ...validDca, risk: defaultRisk },
    });
  });

  it('accepts the edges of every range', () => {
    const accepted = [
      ['sma-cross', { fastPeriod: 1, slowPeriod: 999 }],
      ['rsi-reversion', { period: 999, oversold: 0.5, overbought: 99.5 }],
      ['grid', { ...validGrid, levels: 2 }],
      ['grid', { ...validGrid, levels: 100 }],
      ['dca', { quotePerBuy: 1, intervalSeconds: 1, takeProfitPct: 1000 }],
      ['dca', { quotePerBuy: 1, dropPct: 99.9, takeProfitPct: 0.01 }],
      ['sma-cross', { risk: { maxOpenOrders: 1, stopLossPct: 99.9, takeProfitPct: 1000 } }],
      ['sma-cross', { risk: { maxOpenOrders: 200, maxPositionBase: 0.0001 } }],
    ] as const;
    for (const [strategy, params] of accepted)
      expect(validateBotParams(strategy, params, 'paper')).toMatchObject({ ok: true });
  });

  it('requires the params without defaults', () => {
    expect(validateBotParams('grid', {}, 'paper')).toEqual({
      ok: false,
      errors: ['lowerPrice', 'upperPrice', 'levels', 'basePerLevel'].map((name) => ({
        field: `params.${name}`,
        message: 'is required',
      })),
    });
  });

  // [strategy, params, field, message]: each case has exactly one error
  const rejected: [string, unknown, string, string][] = [
    // not an object
    ['sma-cross', null, 'params', 'must be an object'],
    ['sma-cross', undefined, 'params', 'must be an object'],
    ['sma-cross', [], 'params', 'must be an object'],
    // not a number, not finite
    ['sma-cross', { fastPeriod: '9' }, 'params.fastPeriod', 'must be a number'],
    ['sma-cross', { fastPeriod: null }, 'params.fastPeriod', 'must be a number'],
    ['sma-cross', { fastPeriod: NaN }, 'params.fastPeriod', 'must be a finite number'],
    [
      'grid',
      { ...validGrid, basePerLevel: Infinity },
      'params.basePerLevel',
      'must be a finite number',
    ],
    [
      'sma-cross',
      { risk: { stakeQuote: -Infinity } },
      'params.risk.stakeQuote',
      'must be a finite number',
    ],
    // periods
    ['sma-cross', { fastPeriod: 0 }, 'params.fastPeriod', 'must be a positive whole number'],
    ['sma-cross', { fastPeriod: -3 }, 'params.fastPeriod', 'must be a positive whole number'],
    ['sma-cross', { fastPeriod: 2.5 }, 'params.fastPeriod', 'must be a whole number'],
    ['sma-cross', { slowPeriod: 1000 }, 'params.slowPeriod', atMost999],
    ['rsi-reversion', { period: 0 }, 'params.period', 'must be a positive whole number'],
    ['rsi-reversion', { period: 14.5 }, 'params.period', 'must be a whole number'],
    ['rsi-reversion', { period: 1000 }, 'params.period', atMost999],
    // sma-cross: fast below slow
    [
      'sma-cross',
      { fastPeriod: 21, slowPeriod: 21 },
      'params.fastPeriod',
      'fastPeriod must be less than slowPeriod',
    ],
    [
      'sma-cross',
      { fastPeriod: 30 },
      'params.fastPeriod',
      'fastPeriod must be less than slowPeriod',
    ],
    [
      'sma-cross',
      { slowPeriod: 5 },
      'params.fastPeriod',
      'fastPeriod must be less than slowPeriod',
    ],
    // one error per field: the range, not also the comparison
    ['sma-cross', { fastPeriod: 2000 }, 'params.fastPeriod', atMost999],
    // rsi thresholds
    [
      'rsi-reversion',
      { oversold: 0 },
      'params.oversold',
      'must be greater than 0 and less than 100',
    ],
    [
      'rsi-reversion',
      { oversold: -5 },
      'params.oversold',
      'must be greater than 0 and less than 100',
    ],
    [
      'rsi-reversion',
      { overbought: 100 },
      'params.overbought',
      'must be greater than 0 and less than 100',
    ],
    [
      'rsi-reversion',
      { overbought: 150 },
      'params.overbought',
      'must be greater than 0 and less than 100',
    ],
    [
      'rsi-reversion',
      { oversold: 70, overbought: 70 },
      'params.oversold',
      'oversold must be less than overbought',
    ],
    ['rsi-reversion', { oversold: 80 }, 'params.oversold', 'oversold must be less than overbought'],
    // grid
    [
      'grid',
      { ...validGrid, upperPrice: 100 },
      'params.upperPrice',
      'upperPrice must be greater than lowerPrice',
    ],
    [
      'grid',
      { ...validGrid, upperPrice: 50 },
      'params.upperPrice',
      'upperPrice must be greater than lowerPrice',
    ],
    ['grid', { ...validGrid, lowerPrice: 0 }, 'params.lowerPrice', 'must be a positive number'],
    ['grid', { ...validGrid, lowerPrice: -1 }, 'params.lowerPrice', 'must be a positive number'],
    ['grid', { ...validGrid, levels: 1 }, 'params.levels', 'must be between 2 and 100'],
    ['grid', { ...validGrid, levels: 101 }, 'params.levels', 'must be between 2 and 100'],
    ['grid', { ...validGrid, levels: 4.5 }, 'params.levels', 'must be a whole number'],
    ['grid', { ...validGrid, basePerLevel: 0 }, 'params.basePerLevel', 'must be a positive number'],
    // dca
    ['dca', { ...validDca, quotePerBuy: 0 }, 'params.quotePerBuy', 'must be a positive number'],
    [
      'dca',
      { ...validDca, intervalSeconds: 0 },
      'params.intervalSeconds',
      'must be at least 1 second',
    ],
    [
      'dca',
      { ...validDca, intervalSeconds: 0.5 },
      'params.intervalSeconds',
      'must be a whole number of seconds',
    ],
    [
      'dca',
      { ...validDca, intervalSeconds: 400 * 86400 },
      'params.intervalSeconds',
      'must be at most a year (31622400 seconds)',
    ],
    [
      'dca',
      { quotePerBuy: 50, takeProfitPct: 5 },
      'params.intervalSeconds',
      'set intervalSeconds, dropPct or both, so the bot knows when to buy again',
    ],
    [
      'dca',
      { ...validDca, dropPct: 0 },
      'params.dropPct',
      'must be greater than 0 and less than 100',
    ],
    [
      'dca',
      { ...validDca, dropPct: 100 },
      'params.dropPct',
      'must be greater than 0 and less than 100',
    ],
    [
      'dca',
      { ...validDca, takeProfitPct: 0 },
      'params.takeProfitPct',
      'must be greater than 0 and at most 1000',
    ],
    [
      'dca',
      { ...validDca, takeProfitPct: 1001 },
      'params.takeProfitPct',
      'must be greater than 0 and at most 1000',
    ],
    ['dca', { quotePerBuy: 50, intervalSeconds: 60 }, 'params.takeProfitPct', 'is required'],
    // risk
    ['sma-cross', { risk: null }, 'params.risk', 'must be an object'],
    [
      'sma-cross',
      { risk: { stakeQuote: 0 } },
      'params.risk.stakeQuote',
      'must be a positive number',
    ],
    [
      'grid',
      { ...validGrid, risk: { stakeQuote: -5 } },
      'params.risk.stakeQuote',
      'must be a positive number',
    ],
    [
      'sma-cross',
      { risk: { maxPositionBase: 0 } },
      'params.risk.maxPositionBase',
      'must be a positive number',
    ],
    [
      'sma-cross',
      { risk: { maxOpenOrders: 0 } },
      'params.risk.maxOpenOrders',
      'must be between 1 and 200',
    ],
    [
      'sma-cross',
      { risk: { maxOpenOrders: 201 } },
      'params.risk.maxOpenOrders',
      'must be between 1 and 200',
    ],
    [
      'sma-cross',
      { risk: { maxOpenOrders: 1.5 } },
      'params.risk.maxOpenOrders',
      'must be a whole number',
    ],
    [
      'sma-cross',
      { risk: { stopLossPct: 0 } },
      'params.risk.stopLossPct',
      'must be greater than 0 and less than 100',
    ],
    [
      'sma-cross',
      { risk: { stopLossPct: 100 } },
      'params.risk.stopLossPct',
      'must be greater than 0 and less than 100',
    ],
    [
      'sma-cross',
      { risk: { takeProfitPct: 0 } },
      'params.risk.takeProfitPct',
      'must be greater than 0 and at most 1000',
    ],
    [
      'sma-cross',
      { risk: { takeProfitPct: 1000.5 } },
      'params.risk.takeProfitPct',
      'must be greater than 0 and at most 1000',
    ],
    [
      'dca',
      { ...validDca, risk: { paperQuoteBalance: -1 } },
      'params.risk.paperQuoteBalance',
      'must be a positive number',
    ],
    // unknown keys
    ['sma-cross', { fastPeriod: 5, extra: 1 }, 'params.extra', 'is not a known parameter'],
    ['grid', { ...validGrid, lower: 100 }, 'params.lower', 'is not a known parameter'],
    ['sma-cross', { risk: { stake: 10 } }, 'params.risk.stake', 'is not a known parameter'],
  ];

  it.each(rejected)('%s %j: %s %s', (strategy, params, field, message) => {
    expect(validateBotParams(strategy, params, 'paper')).toEqual({
      ok: false,
      errors: [{ field, message }],
    });
  });

  it('reports every bad field at once', () => {
    expect(
      validateBotParams('grid', { ...validGrid, lowerPrice: 0, levels: 1, x: 1 }, 'paper'),
    ).toEqual({
      ok: false,
      errors: [
        { field: 'params.lowerPrice', message: 'must be a positive number' },
        { field: 'params.levels', message: 'must be between 2 and 100' },
        { field: 'params.x', message: 'is not a known parameter' },
      ],
    });
  });
});

describe('validateBotParams for live bots', () => {
  const liveRisk = { stakeQuote: 100, maxOpenOrders: 20 };

  it('leaves the paper balance out of a live bot', () => {
    expect(validateBotParams('sma-cross', {}, 'live')).toEqual({
      ok: true,
      params: { fastPeriod: 9, slowPeriod: 21, risk: liveRisk },
    });
    expect(validateBotParams('grid', validGrid, 'live')).toEqual({
      ok: true,
      params: { ...validGrid, risk: liveRisk },
    });
  });

  it('refuses a paper balance given to a live bot, once per field, with the other errors', () => {
    const paperOnly = {
      field: 'params.risk.paperQuoteBalance',
      message: 'applies to paper bots only: a live bot trades its account balance',
    };
    expect(
      validateBotParams('dca', { ...validDca, risk: { paperQuoteBalance: 500 } }, 'live'),
    ).toEqual({ ok: false, errors: [paperOnly] });
    expect(
      validateBotParams('dca', { ...validDca, risk: { paperQuoteBalance: -1 } }, 'live'),
    ).toEqual({ ok: false, errors: [paperOnly] });
    expect(
      validateBotParams('sma-cross', { slowPeriod: 1000, risk: { paperQuoteBalance: 1 } }, 'live'),
    ).toEqual({
      ok: false,
      errors: [paperOnly, { field: 'params.slowPeriod', message: atMost999 }],
    });
  });

  it('a live bot measures its drawdown on capitalQuote, which it must give', () => {
    expect(validateBotParams('dca', { ...validDca, risk: { maxDrawdownPct: 20 } }, 'live')).toEqual(
      {
        ok: false,
        errors: [
          {
            field: 'params.risk.capitalQuote',
            message:
              'is required with maxDrawdownPct on a live bot: the quote amount its drawdown is measured on',
          },
        ],
      },
    );
    expect(
      validateBotParams(
        'dca',
        { ...validDca, risk: { maxDrawdownPct: 20, capitalQuote: 500 } },
        'live',
      ),
    ).toMatchObject({ ok: true });
    // a paper bot measures it on its paper balance
    expect(
      validateBotParams('dca', { ...validDca, risk: { maxDrawdownPct: 20 } }, 'paper'),
    ).toMatchObject({
      ok: true,
    });
  });

  it('a paper bot keeps the paper balance it is given', () => {
    expect(
      validateBotParams('dca', { ...validDca, risk: { paperQuoteBalance: 500 } }, 'paper'),
    ).toMatchObject({ ok: true, params: { risk: { paperQuoteBalance: 500 } } });
  });
});

describe('candles', () => {
  it('every strategy needs at most MAX_CANDLES at the largest params it accepts', () => {
    const largest = [
      ['sma-cross', { fastPeriod: 998, slowPeriod: 999 }],
      ['rsi-reversion', { period: 999 }],
      ['grid', validGrid],
      ['dca', validDca],
    ] as const;
    expect(largest.map(([name]) => name)).toEqual([...strategyNames]);
    for (const [name, params] of largest) {
      const result = validateBotParams(name, params, 'paper');
      if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.errors)}`);
      expect(strategies[name].candlesNeeded(result.params)).toBeLessThanOrEqual(MAX_CANDLES);
    }
    expect(MAX_CANDLES).toBe(1000);
  });

  it('candlesNeededBy: what stored params need; 0 for params no longer valid', () => {
    expect(candlesNeededBy('sma-cross', { slowPeriod: 150 })).toBe(151);
    expect(candlesNeededBy('sma-cross', {})).toBe(22);
    expect(candlesNeededBy('rsi-reversion', { period: 999 })).toBe(1000);
    expect(candlesNeededBy('grid', validGrid)).toBe(0);
    // a live bot stored before paper-only settings were refused still counts
    expect(candlesNeededBy('sma-cross', { slowPeriod: 50, risk: { paperQuoteBalance: 1 } })).toBe(
      51,
    );
    expect(candlesNeededBy('sma-cross', { slowPeriod: 5000 })).toBe(0);
    expect(candlesNeededBy('martingale', {})).toBe(0);
  });
});
