import { LeaseNames } from './lease-names';

describe('LeaseNames', () => {
  const bots = new LeaseNames('bot');

  it('names a thing and reads its id back', () => {
    expect(bots.of('7f3a')).toBe('bot:7f3a');
    expect(bots.idOf(bots.of('7f3a'))).toBe('7f3a');
    expect(bots.idOf(bots.of('binance:BTC/USDT:1m'))).toBe('binance:BTC/USDT:1m');
  });

  it('does not read another kind of resource', () => {
    expect(bots.idOf('feed:binance:BTC/USDT:1m')).toBeUndefined();
  });
});
