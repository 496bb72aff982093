import { strategyNames, validateBotParams } from '@platform/strategies';
import { demoBot, gridAround, stillActs } from './demo-bots';

describe('the demo bots', () => {
  const bots = strategyNames.map((strategy, index) => demoBot(strategy, index, 61_234.56));

  it('one paper bot per strategy of the registry, each on its own market of the simulator', () => {
    expect(bots.map((bot) => bot.strategy)).toEqual([...strategyNames]);
    expect(new Set(bots.map((bot) => bot.symbol)).size).toBe(bots.length);
    for (const bot of bots) expect(bot).toMatchObject({ exchangeId: 'binance', mode: 'paper' });
    expect(bots.find((bot) => bot.strategy === 'grid')?.symbol).toBe('BTC/USDT');
  });

  it.each(strategyNames.map((strategy, index) => [strategy, index]))(
    '%s: params its strategy accepts',
    (strategy, index) => {
      const { params } = demoBot(strategy, index, 61_234.56);
      expect(validateBotParams(strategy, params, 'paper')).toMatchObject({ ok: true });
    },
  );

  it.each([61_234.56, 3_012.3, 0.4567])(
    'the grid at %d: around the price, levels 0.1 %% apart, each above the 5 USDT minimum',
    (price) => {
      const grid = gridAround(price) as Record<string, number>;
      expect(grid['lowerPrice']).toBeLessThan(price);
      expect(grid['upperPrice']).toBeGreaterThan(price);
      const spacing = (grid['upperPrice'] - grid['lowerPrice']) / (grid['levels'] - 1);
      expect(spacing / price).toBeCloseTo(0.001, 4);
      expect(grid['basePerLevel'] * price).toBeGreaterThanOrEqual(25);
      expect(grid['basePerLevel'] * price).toBeLessThan(30);
    },
  );

  it('a grid made earlier acts only while the price is inside its range', () => {
    const grid = gridAround(60_000);
    expect(stillActs('grid', grid, 60_300)).toBe(true);
    expect(stillActs('grid', grid, 61_000)).toBe(false);
    expect(stillActs('grid', grid, 59_000)).toBe(false);
    expect(stillActs('dca', {}, 1)).toBe(true);
  });

  it('a strategy added later runs on its defaults, on a market no tuned bot uses', () => {
    const bot = demoBot('new-strategy', 4);
    expect(bot.params).toEqual({});
    expect(bots.map((b) => b.symbol)).not.toContain(bot.symbol);
  });
});
