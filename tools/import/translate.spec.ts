import { refusalLines } from './import-report';
import { parseImportArgs, UsageError } from './import-options';
import { importedId } from './legacy-ids';
import { legacySymbol, translateParams } from './translate-bot';
import { legacyTime } from './translate';

describe('legacy values as ours', () => {
  it("SQLAlchemy's naive DateTime text is UTC; ISO with a zone as it says; junk is null", () => {
    expect(legacyTime('2025-03-01 10:00:00.123456')).toBe('2025-03-01T10:00:00.123Z');
    expect(legacyTime('2025-03-01 10:00')).toBe('2025-03-01T10:00:00.000Z');
    expect(legacyTime('2025-03-01T10:00:00+02:00')).toBe('2025-03-01T08:00:00.000Z');
    for (const junk of ['yesterday', '', null, '2025-13-01 10:00:00', 12])
      expect(legacyTime(junk)).toBeNull();
  });

  it('symbols in their legacy spellings', () => {
    expect(['BTC/USDT', 'btc-usdt', 'BTC_USDT', 'BTCUSDT'].map(legacySymbol)).toEqual(
      Array(4).fill('BTC/USDT'),
    );
    expect(legacySymbol('ETHBTC')).toBe('ETH/BTC');
  });

  it('params: camelCase, flat risk settings under risk; dca keeps its own take profit', () => {
    expect(translateParams('sma-cross', { fast_period: 5, stake: 50, take_profit_pct: 3 })).toEqual(
      {
        fastPeriod: 5,
        risk: { stakeQuote: 50, takeProfitPct: 3 },
      },
    );
    expect(
      translateParams('dca', { quote_per_buy: 10, take_profit_pct: 2, stop_loss_pct: 5 }),
    ).toEqual({
      quotePerBuy: 10,
      takeProfitPct: 2,
      risk: { stopLossPct: 5 },
    });
  });

  it('ids: the same row always the same UUID, another source or table another one', () => {
    const id = importedId('abc', 'bots', 7);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(importedId('abc', 'bots', 7)).toBe(id);
    expect(
      new Set([
        importedId('abd', 'bots', 7),
        importedId('abc', 'users', 7),
        importedId('abc', 'bots', 8),
      ]),
    ).not.toContain(id);
  });

  it('refused rows: consecutive ids with one reason on one line', () => {
    const reason = 'its bot (legacy id 3) was refused';
    expect(
      refusalLines([
        { table: 'trades', id: 7, reason },
        { table: 'trades', id: 5, reason },
        { table: 'trades', id: 6, reason },
        { table: 'trades', id: 9, reason },
        { table: 'users', id: 2, reason: 'duplicate email' },
      ]),
    ).toEqual([
      '  users 2: duplicate email',
      `  trades 5-7 (3 rows): ${reason}`,
      `  trades 9: ${reason}`,
    ]);
  });

  it('options: a dry run unless --apply; bad input is a usage error', () => {
    expect(parseImportArgs(['a.db'])).toMatchObject({ file: 'a.db', apply: false, start: false });
    expect(parseImportArgs(['a.db', '--apply', '--start', '--batch-size=50'])).toMatchObject({
      apply: true,
      start: true,
      batchSize: 50,
    });
    expect(parseImportArgs(['--help'])).toBe('help');
    for (const bad of [[], ['a', 'b'], ['a.db', '--batch-size', '0'], ['a.db', '--frobnicate']])
      expect(() => parseImportArgs(bad)).toThrow(UsageError);
  });
});
