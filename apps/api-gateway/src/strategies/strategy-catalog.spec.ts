import { strategyNames, validateBotParams } from '@platform/strategies';
import { strategyCatalog } from './strategy-catalog';

describe('strategyCatalog', () => {
  const catalog = strategyCatalog();
  const entry = (name: string) => catalog.find((strategy) => strategy.name === name);

  it('lists every strategy of the registry, with its description', () => {
    expect(catalog.map((strategy) => strategy.name)).toEqual([...strategyNames]);
    for (const strategy of catalog) expect(strategy.description.length).toBeGreaterThan(20);
  });

  it('describes the params as sent: strict objects, bounds, and the defaults filled in', () => {
    const smaCross = entry('sma-cross')?.paramsSchema as {
      additionalProperties: boolean;
      properties: Record<string, { default?: unknown; maximum?: number }>;
    };
    expect(smaCross.additionalProperties).toBe(false);
    expect(smaCross.properties['fastPeriod']).toMatchObject({ default: 9, maximum: 999 });
    expect(smaCross.properties['slowPeriod']).toMatchObject({ default: 21 });
    expect(smaCross.properties['risk']).toMatchObject({
      properties: { stakeQuote: { default: 100 }, maxOpenOrders: { default: 20 } },
    });
    expect(entry('grid')?.paramsSchema).toMatchObject({
      required: ['lowerPrice', 'upperPrice', 'levels', 'basePerLevel'],
    });
  });

  it('says how many candles the defaults need, and null where the defaults are not enough', () => {
    expect(entry('sma-cross')?.candlesNeeded).toBe(22); // slowPeriod 21 + 1
    expect(entry('rsi-reversion')?.candlesNeeded).toBe(15); // period 14 + 1
    expect(entry('grid')?.candlesNeeded).toBeNull();
    expect(entry('dca')?.candlesNeeded).toBeNull();
    // null exactly where a bot cannot be created without params
    for (const { name, candlesNeeded } of catalog)
      expect({ name, valid: validateBotParams(name, {}, 'paper').ok }).toEqual({
        name,
        valid: candlesNeeded !== null,
      });
  });
});
