import { joinPath } from './route-registry';

describe('joinPath', () => {
  it.each([
    [['exchange-accounts', ':id/verify'], '/exchange-accounts/{id}/verify'],
    [['/docs/', ''], '/docs'],
    [['', '/'], '/'],
    [['market', ':exchangeId/ticker'], '/market/{exchangeId}/ticker'],
  ])('%j -> %s', (parts, expected) => {
    expect(joinPath(...parts)).toBe(expected);
  });
});
