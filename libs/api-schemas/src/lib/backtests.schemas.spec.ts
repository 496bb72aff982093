import {
  CreateBacktestBody,
  CreateSweepBody,
  gridCombinations,
  gridSize,
  withCombination,
} from './backtests.schemas';

const body = {
  exchangeId: 'binance',
  symbol: 'btc/usdt',
  timeframe: '1h',
  strategy: 'sma-cross',
  params: { fastPeriod: 5, slowPeriod: 20 },
  from: '2026-01-01T00:00:00Z',
  to: Date.UTC(2026, 1, 1),
};

const fieldsOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  result.error?.issues.map((issue) => issue.path.join('.')) ?? [];

describe('backtest schemas', () => {
  it('takes ISO times and ms alike, fills the defaults', () => {
    const parsed = CreateBacktestBody.parse(body);
    expect(parsed).toMatchObject({
      symbol: 'BTC/USDT',
      from: Date.UTC(2026, 0, 1),
      to: Date.UTC(2026, 1, 1),
      slippagePct: 0.05,
    });
  });

  it('reports each bad field at its place: params by the strategy, a reversed range at to', () => {
    const result = CreateBacktestBody.safeParse({
      ...body,
      params: { fastPeriod: 'x', magic: 1 },
      from: body.to,
      to: '2026-01-01T00:00:00Z',
      extra: true,
    });
    expect(fieldsOf(result).sort()).toEqual(['', 'params.fastPeriod', 'params.magic', 'to'].sort());
  });

  it('a grid makes every combination, the last parameter fastest; dotted names reach into objects', () => {
    const grid = { fastPeriod: [5, 6], slowPeriod: [20, 30, 40] };
    expect(gridSize(grid)).toBe(6);
    expect(gridCombinations(grid).slice(0, 4)).toEqual([
      { fastPeriod: 5, slowPeriod: 20 },
      { fastPeriod: 5, slowPeriod: 30 },
      { fastPeriod: 5, slowPeriod: 40 },
      { fastPeriod: 6, slowPeriod: 20 },
    ]);
    expect(
      withCombination(
        { fastPeriod: 1, risk: { stakeQuote: 5, maxOpenOrders: 2 } },
        {
          fastPeriod: 9,
          'risk.stakeQuote': 50,
        },
      ),
    ).toEqual({ fastPeriod: 9, risk: { stakeQuote: 50, maxOpenOrders: 2 } });
  });

  it('refuses a grid beyond any plan before making it', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 2);
    const result = CreateSweepBody.safeParse({
      ...body,
      grid: { fastPeriod: values, slowPeriod: values },
    });
    expect(fieldsOf(result)).toEqual(['grid']);
  });
});
