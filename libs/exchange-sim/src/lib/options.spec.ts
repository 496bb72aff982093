import { UsageError, parseCli, resolveOptions } from './options';

describe('resolveOptions: Binance by default', () => {
  it('bans from 2 minutes to 3 days (rest-api.md "IP Limits"), finite depth, strict checks', () => {
    expect(resolveOptions({})).toMatchObject({
      banBaseMs: 2 * 60_000,
      banMaxMs: 3 * 86_400_000,
      fills: 'depth',
      strictParams: true,
      emptyCancelAllFails: true,
      orderLimits: [
        { interval: 'SECOND', intervalNum: 10, limit: 100 },
        { interval: 'DAY', intervalNum: 1, limit: 200_000 },
      ],
    });
  });
});

describe('parseCli', () => {
  it('defaults to port 8090 and takes flags over the environment', () => {
    expect(parseCli([], {}).port).toBe(8090);
    const options = parseCli(['--port', '9000', '--seed=5', '--weight-limit', '1200'], {
      PORT: '1',
      GENERATED_SYMBOLS: '20',
    });
    expect(options).toMatchObject({ port: 9000, seed: 5, weightLimit: 1200, generatedSymbols: 20 });
  });

  it('picks symbols from the defaults by name', () => {
    const options = parseCli(['--symbols', 'BTC/USDT, ethusdt'], {});
    expect(options.symbols?.map((s) => `${s.base}${s.quote}`)).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(() => parseCli(['--symbols', 'FOO/BAR'], {})).toThrow(UsageError);
  });

  it('refuses bad values and unknown flags', () => {
    expect(() => parseCli(['--port', 'x'], {})).toThrow(UsageError);
    expect(() => parseCli(['--clock-speed', '-1'], {})).toThrow(UsageError);
    expect(() => parseCli(['--nope'], {})).toThrow(UsageError);
    expect(() => parseCli(['--seed'], {})).toThrow(UsageError);
    expect(parseCli(['--clock-speed', '0.5'], {}).clockSpeed).toBe(0.5);
    expect(() => parseCli(['--fills', 'half'], {})).toThrow(UsageError);
  });

  it('short bans and whole fills for demos', () => {
    const options = parseCli(['--ban-base-ms', '2000', '--fills', 'whole'], {
      BAN_MAX_MS: '60000',
    });
    expect(options).toMatchObject({ banBaseMs: 2000, banMaxMs: 60_000, fills: 'whole' });
  });
});
