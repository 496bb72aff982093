import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BacktestResult } from '@platform/contracts';
import { CcxtExchangeClient } from '@platform/exchange';
import { ExchangeSimulator } from '@platform/exchange-sim';
import { runMigrations } from '@platform/persistence';
import { createTestDatabase, runTsScript } from '@platform/testing';
import { fetchMinuteCandles, warmUpMs } from '../history-candles';
import { runBacktest } from '../run-backtest';

// `npm run backtest` as a user runs it: a child process reading two days of 1m candles from the
// simulator through real ccxt, printing the summary and writing the JSON and HTML reports.

const cli = (args: string[], env: Record<string, string>) =>
  runTsScript('apps/bot-worker/src/backtest/cli/backtest-cli.ts', args, {
    env,
    timeoutMs: 110_000,
  });

describe('npm run backtest', () => {
  let sim: ExchangeSimulator;
  let env: Record<string, string>;
  const out = mkdtempSync(join(tmpdir(), 'backtest-cli-'));
  const args = [
    '--strategy',
    'sma-cross',
    '--symbol',
    'BTC/USDT',
    '--timeframe',
    '15m',
    '--from',
    '2026-10-01',
    '--to',
    '2026-10-02',
    '--params',
    '{"fastPeriod":9,"slowPeriod":21}',
    '--out',
    out,
  ];

  beforeAll(async () => {
    sim = await ExchangeSimulator.start({
      port: 0,
      seed: 11,
      clockSpeed: 0,
      weightLimit: 1_000_000,
    });
    env = { EXCHANGE_BASE_URLS: `binance=${sim.url}` };
  });

  afterAll(async () => {
    await sim.stop();
  });

  it('prints the summary and writes the result, the same as the engine gives in this process', async () => {
    const { code, stdout, stderr } = await cli(args, env);
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/Total return\s+-?\d+\.\d\d %/);
    expect(stdout).toMatch(/Sharpe \(daily, x sqrt 365\)/);
    expect(stdout).toContain('(2880 1m candles)'); // 2 whole days, Oct 2 included
    const files = readdirSync(out).sort();
    expect(files).toEqual([
      'sma-cross-BTCUSDT-15m-2026-10-01.html',
      'sma-cross-BTCUSDT-15m-2026-10-01.json',
    ]);
    const written = JSON.parse(readFileSync(join(out, files[1]), 'utf8')) as BacktestResult;
    expect(written.orders.length).toBeGreaterThan(0);

    // the same definition run here on the same candles: byte for byte the same result
    const client = new CcxtExchangeClient({ exchangeId: 'binance', baseUrl: sim.url });
    const market = (await client.loadMarkets())['BTC/USDT'];
    const candles = await fetchMinuteCandles(client, written.definition, {
      warmUpMs: warmUpMs('15m', 22),
    });
    const here = await runBacktest(written.definition, candles, market);
    expect(JSON.stringify(here)).toBe(JSON.stringify(written));

    const html = readFileSync(join(out, files[0]), 'utf8');
    expect(html).toContain('<polyline');
    expect(html.match(/<tr><td>2026-10-/g)).toHaveLength(written.trades.length);
  }, 120_000);

  it('with DATABASE_URL, keeps the candles in the store: a second run asks the exchange nothing', async () => {
    const db = await createTestDatabase(runMigrations);
    try {
      const withStore = { ...env, DATABASE_URL: db.url };
      const storeOut = mkdtempSync(join(tmpdir(), 'backtest-cli-store-'));
      const storeArgs = args.map((a) => (a === out ? storeOut : a));
      const klines = () => sim.requests({ path: '/api/v3/klines' }).length;
      const before = klines();
      const first = await cli(storeArgs, withStore);
      expect({ code: first.code, stderr: first.code === 0 ? '' : first.stderr }).toEqual({
        code: 0,
        stderr: '',
      });
      expect(first.stderr).toContain('(candle store of DATABASE_URL)');
      const fetched = klines() - before;
      expect(fetched).toBeGreaterThan(0);
      const second = await cli(storeArgs, withStore);
      expect(second.code).toBe(0);
      expect(klines() - before).toBe(fetched); // nothing read again
      const file = 'sma-cross-BTCUSDT-15m-2026-10-01.json';
      expect(readFileSync(join(storeOut, file), 'utf8')).toBe(
        readFileSync(join(out, file), 'utf8'),
      );
    } finally {
      await db.drop();
    }
  }, 120_000);

  it('names what is wrong: a bad option, a refused param, an unknown symbol', async () => {
    const bad = await cli(['--strategy', 'sma-cross'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('missing --symbol, --timeframe, --from, --to');
    const params = await cli(
      args.map((a) => (a.startsWith('{"fast') ? '{"fastPeriod":30,"slowPeriod":10}' : a)),
      env,
    );
    expect(params.code).toBe(2);
    expect(params.stderr).toContain('--params: params.fastPeriod');
    const symbol = await cli(
      args.map((a) => (a === 'BTC/USDT' ? 'NOPE/USDT' : a)),
      env,
    );
    expect(symbol.code).toBe(2);
    expect(symbol.stderr).toContain('--symbol: binance has no market NOPE/USDT');
  }, 120_000);
});
