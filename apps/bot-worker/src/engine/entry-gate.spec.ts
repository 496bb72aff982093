import { emptyPosition, type UserDailyLoss } from '@platform/persistence';
import { riskSchema, type Signal } from '@platform/strategies';
import type { TradingRecords } from './engine-context';
import { EntryGate, forgetUserFigures, USER_LIMIT_CACHE_MS } from './entry-gate';

// The gate between a strategy's signals and the orders, with a plain fake of the two records
// calls it makes (what the user's bots lost today, and its events).
describe('EntryGate', () => {
  const NOW = Date.UTC(2025, 2, 1, 12);
  const claim = { botId: 'b', fenceToken: '1' };
  const config = { userId: 'u', mode: 'paper' as const, symbol: 'BTC/USDT' };
  const grid: Signal[] = [
    { kind: 'limit', side: 'buy', price: 90, base: 1, key: 'grid-0', reason: 'grid' },
    { kind: 'limit', side: 'buy', price: 80, base: 1, key: 'grid-1', reason: 'grid' },
    { kind: 'limit', side: 'sell', price: 110, base: 1, key: 'grid-2', reason: 'grid' },
  ];
  const records = (user: UserDailyLoss) => {
    const asked: unknown[][] = [];
    const events: { type: string; message: string }[] = [];
    const repo = {
      userDailyLoss: async (...args: unknown[]) => {
        asked.push(args);
        return user;
      },
      event: async (_claim: unknown, type: string, message: string) => {
        events.push({ type, message });
      },
    } as unknown as TradingRecords;
    return { repo, asked, events };
  };
  const lost = (amount: number) => ({
    ...emptyPosition(),
    pnlDay: '2025-03-01',
    dayRealizedPnl: String(-amount),
  });

  it('while a limit holds: buys dropped, a resting buy cancelled, sells kept; said once', async () => {
    const { repo, events } = records({ limit: null, realized: 0 });
    const gate = new EntryGate(riskSchema.parse({ maxDailyLossQuote: 10 }), config, repo, claim);
    const market: Signal = { kind: 'market', side: 'buy', quote: 10, reason: 'dca' };
    const signals = await gate.filter([market, ...grid], lost(10), new Set(['grid-0']), NOW);
    expect(signals).toEqual([
      { kind: 'cancel', key: 'grid-0', reason: 'daily-loss' }, // it rested: cancelled
      grid[2], // grid-1 never rested: simply not placed
    ]);
    await gate.filter(grid, lost(12), new Set(), NOW + 1000);
    expect(events.map((e) => e.type)).toEqual(['risk.daily-loss']);
    // below the limit, nothing changes
    expect(await gate.filter(grid, lost(9.99), new Set(['grid-0']), NOW)).toEqual(grid);
  });

  it("asks for the user's figures only when it would buy, and reuses them for a few seconds", async () => {
    const { repo, asked, events } = records({ limit: 100, realized: -100 });
    const gate = new EntryGate(riskSchema.parse({}), config, repo, claim);
    const sells: Signal[] = [{ kind: 'market', side: 'sell', base: 'all', reason: 'x' }];
    expect(await gate.filter(sells, emptyPosition(), new Set(), NOW)).toEqual(sells);
    expect(asked).toEqual([]);
    expect(await gate.filter(grid, emptyPosition(), new Set(), NOW)).toEqual([grid[2]]);
    await gate.filter(grid, emptyPosition(), new Set(), NOW + USER_LIMIT_CACHE_MS - 1);
    expect(asked).toEqual([['u', 'paper', 'USDT', '2025-03-01']]);
    await gate.filter(grid, emptyPosition(), new Set(), NOW + USER_LIMIT_CACHE_MS);
    expect(asked).toHaveLength(2);
    expect(events.map((e) => e.message)).toEqual([
      'daily loss limit reached: your bots lost 100 today (limit 100); no new buys until 2025-03-02T00:00:00.000Z',
    ]);
  });

  it("a user's bots on one worker share one read of the figures; another user's bot reads its own", async () => {
    const { repo, asked } = records({ limit: 100, realized: 0 });
    const gates = [1, 2, 3].map(
      (n) => new EntryGate(riskSchema.parse({}), config, repo, { botId: `b${n}`, fenceToken: '1' }),
    );
    for (const gate of gates) await gate.filter(grid, emptyPosition(), new Set(), NOW);
    expect(asked).toHaveLength(1);
    const other = new EntryGate(riskSchema.parse({}), { ...config, userId: 'v' }, repo, claim);
    await other.filter(grid, emptyPosition(), new Set(), NOW);
    expect(asked).toEqual([
      ['u', 'paper', 'USDT', '2025-03-01'],
      ['v', 'paper', 'USDT', '2025-03-01'],
    ]);
    // a fill of one of u's bots here: u's next buy reads again, v's does not
    forgetUserFigures(repo, 'u');
    await gates[0].filter(grid, emptyPosition(), new Set(), NOW + 1);
    await other.filter(grid, emptyPosition(), new Set(), NOW + 1);
    expect(asked).toHaveLength(3);
  });
});
