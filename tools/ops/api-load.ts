// Clients of the API that keep calling through the balancer while services restart: each signs
// in, makes a (stopped) bot of its own, then loops over authenticated GETs and a PATCH (a
// write nginx never retries once sent). Every answer that is not 2xx, and every request that
// got no answer, is a failure, kept with what and when.
import { ApiClient } from '@platform/testing';

export interface LoadFigures {
  requests: number;
  writes: number;
  failures: string[];
}

/** Between two calls of one client: a steady load that leaves a 2-core machine room. */
const PAUSE_MS = 25;

export class ApiLoad {
  private running = true;
  private readonly figures: LoadFigures = { requests: 0, writes: 0, failures: [] };
  private loops: Promise<void>[] = [];

  private constructor(private readonly baseUrl: string) {}

  /** Signs `clients` users in through `baseUrl` and starts their loops. */
  static async start(baseUrl: string, clients: number): Promise<ApiLoad> {
    const load = new ApiLoad(baseUrl);
    const sessions = await Promise.all(
      Array.from({ length: clients }, (_, i) => load.prepare(`load-${i}@example.com`)),
    );
    load.loops = sessions.map((session) => load.loop(session));
    return load;
  }

  /** Stops the loops after their current call; the figures of the whole run. */
  async stop(): Promise<LoadFigures> {
    this.running = false;
    await Promise.all(this.loops);
    return this.figures;
  }

  private async prepare(email: string) {
    const api = new ApiClient(this.baseUrl);
    const token = await api.signIn(email);
    const created = await api.post('/bots', {
      token,
      body: {
        name: 'load',
        exchangeId: 'binance',
        symbol: 'BTC/USDT',
        timeframe: '1m',
        strategy: 'dca',
        params: { quotePerBuy: 10, intervalSeconds: 60, takeProfitPct: 5 },
      },
    });
    if (created.status !== 201)
      throw new Error(`creating a bot: ${created.status} ${created.text}`);
    return { api, token, botId: created.body.id as string };
  }

  private async loop({ api, token, botId }: { api: ApiClient; token: string; botId: string }) {
    let n = 0;
    while (this.running) {
      n += 1;
      const write = n % 4 === 0;
      const [method, path] = write
        ? ['PATCH', `/bots/${botId}`]
        : [
            ['GET', '/bots'],
            ['GET', `/bots/${botId}`],
            ['GET', '/auth/me'],
          ][n % 3];
      const started = new Date().toISOString();
      try {
        const answer = await api.call(method, path, {
          token,
          body: write ? { name: `load ${n}` } : undefined,
        });
        if (answer.status < 200 || answer.status > 299)
          this.figures.failures.push(
            `${started} ${method} ${path}: ${answer.status} ${answer.text.slice(0, 200)}`,
          );
      } catch (error) {
        this.figures.failures.push(`${started} ${method} ${path}: ${(error as Error).message}`);
      }
      this.figures.requests += 1;
      if (write) this.figures.writes += 1;
      api.answers.length = 0; // the client keeps every answer; a long loop need not
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    }
  }
}
