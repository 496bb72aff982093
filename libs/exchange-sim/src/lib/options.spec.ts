import { UsageError, parseCli } from './options';

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
  });
});
