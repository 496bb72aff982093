import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ExchangeSimulator } from '@platform/exchange-sim';
import { TestRedisServer, workspaceRoot } from '@platform/testing';

const runHammer = (env: Record<string, string>) =>
  new Promise<{ calls: number }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['tools/scripts/run-ts.mjs', join(__dirname, 'fixtures', 'hammer.ts')],
      {
        cwd: workspaceRoot(),
        env: { ...process.env, ...env },
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as { calls: number }) : reject(new Error(err)),
    );
  });

// Two real processes, 8 concurrent callers each, one budget in Redis: the exchange never sees
// more weight per window than the budget allows, and never answers 429 or 418.
describe('WeightBudget shared by two processes', () => {
  let sim: ExchangeSimulator;
  let redis: TestRedisServer;
  const windowMs = 2000;

  beforeAll(async () => {
    // the exchange's own limit: 100 weight per 2 s window; our budget: 40 (fetchTicker costs 2)
    [sim, redis] = await Promise.all([
      ExchangeSimulator.start({
        port: 0,
        seed: 5,
        clockSpeed: 0,
        weightLimit: 100,
        weightWindowMs: windowMs,
      }),
      TestRedisServer.start(),
    ]);
  });

  afterAll(async () => {
    await sim.stop();
    await redis.stop();
  });

  it('never exceeds the budget per window, and gets no 429/418', async () => {
    const env = {
      REDIS_URL: redis.url,
      SIM_URL: sim.url,
      BUDGET: '40',
      WINDOW_MS: String(windowMs),
      DURATION_MS: '5000',
    };
    const results = await Promise.all([runHammer(env), runHammer(env)]);
    const tickerRequests = sim.requests({ path: '/api/v3/ticker/24hr' });
    expect(results[0].calls + results[1].calls).toBe(tickerRequests.length);
    expect(tickerRequests.length).toBeGreaterThan(20); // both processes did work

    expect(tickerRequests.filter((r) => r.status === 429 || r.status === 418)).toEqual([]);
    // per budget window (Redis clock ~ this clock on one machine): at most 40 weight = 20 calls
    const perWindow = new Map<number, number>();
    for (const r of tickerRequests)
      perWindow.set(
        Math.floor(r.time / windowMs),
        (perWindow.get(Math.floor(r.time / windowMs)) ?? 0) + r.weight,
      );
    // a call is counted when taken and may arrive just after the window turns: at most the 16
    // calls in flight (2 weight each) spill into the next window, still far below the exchange's 100
    expect(Math.max(...perWindow.values())).toBeLessThanOrEqual(40 + 16 * 2);
  }, 60000);
});
