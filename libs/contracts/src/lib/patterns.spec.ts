import { BotEvents, BotWorkerPatterns, MarketDataPatterns } from './patterns';

describe('message patterns', () => {
  const all = [
    ...Object.values(BotWorkerPatterns),
    ...Object.values(MarketDataPatterns),
    ...Object.values(BotEvents),
  ];

  it('are unique, so no two handlers answer one pattern by accident', () => {
    expect(new Set(all).size).toBe(all.length);
  });

  it('are namespaced `<area>.<verb or past participle>`', () => {
    for (const pattern of all) expect(pattern).toMatch(/^[a-z-]+\.[a-z-]+$/);
  });
});
