import { messageOf } from '@platform/contracts';
import { strategyNames } from '@platform/strategies';
import { type Promote, signInDemo } from './demo-account';
import {
  DEMO_EXCHANGE,
  demoBot,
  demoBotName,
  demoSymbol,
  needsPrice,
  stillActs,
} from './demo-bots';
import type { DemoLogin } from './demo-login';
import type { GatewayClient } from './gateway-client';

// npm start's demo, through the gateway's HTTP API like any client (sign-in, bots, start): one
// running paper bot per strategy. Idempotent: a later start finds the bots by name and reuses
// them, starts those that were stopped, and only makes again what is missing or no longer acts.

export interface SeedOptions {
  gateway: GatewayClient;
  login: DemoLogin;
  promote: Promote;
  say(line: string): void;
  /** How long to wait for market data of a market the demo needs a price of. */
  priceTimeoutMs?: number;
}

export interface SeedResult {
  /** bot ids by strategy */
  bots: Record<string, string>;
  created: string[];
  reused: string[];
  started: string[];
  failed: string[];
}

interface BotView {
  id: string;
  name: string;
  strategy: string;
  symbol: string;
  params: Record<string, unknown>;
  desiredState: string;
}

/**
 * The strategies as the gateway lists them (GET /strategies, what the dashboard offers); from a
 * gateway built before that route (404), the registry this tool was built with.
 */
async function strategiesOf(gateway: GatewayClient): Promise<string[]> {
  const answer = await gateway.call('GET', '/strategies');
  if (answer.status === 404) return [...strategyNames];
  if (answer.status !== 200) throw new Error(`GET /strategies answered ${answer.status}`);
  return (answer.body.items as { name: string }[]).map((strategy) => strategy.name);
}

async function allBots(gateway: GatewayClient): Promise<BotView[]> {
  const bots: BotView[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page = await gateway.expect('GET', `/bots?limit=200${query}`, [200]);
    bots.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return bots;
}

/** The market's last price, waiting while market-data fetches it for the first time. */
async function lastPrice(gateway: GatewayClient, symbol: string, timeoutMs: number) {
  const path = `/market/${DEMO_EXCHANGE}/ticker?symbol=${encodeURIComponent(symbol)}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await gateway.call('GET', path);
    const price = Number(answer.body?.last);
    if (answer.status === 200 && price > 0) return price;
    if (Date.now() > deadline)
      throw new Error(`no price of ${symbol} within ${timeoutMs / 1000} s (${answer.status})`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

type Outcome = { id: string; created: boolean; started: boolean };

/** Finds (or makes) the demo bot of `strategy`, the `index`th, and has it running. */
async function ensureDemoBot(
  options: SeedOptions,
  existing: BotView[],
  strategy: string,
  index: number,
): Promise<Outcome> {
  const { gateway, say } = options;
  let bot = existing.find((b) => b.name === demoBotName(strategy) && b.strategy === strategy);
  const symbol = bot?.symbol ?? demoSymbol(strategy, index);
  const price = needsPrice(strategy)
    ? await lastPrice(gateway, symbol, options.priceTimeoutMs ?? 30_000)
    : undefined;
  if (bot && price !== undefined && !stillActs(strategy, bot.params, price)) {
    say(`${bot.name}: the price ${price} left its range: made again around it`);
    await gateway.expect('DELETE', `/bots/${bot.id}`, [204]);
    bot = undefined;
  }
  const created = bot === undefined;
  bot ??= (await gateway.expect(
    'POST',
    '/bots',
    [201],
    demoBot(strategy, index, price),
  )) as BotView;
  const started = bot.desiredState !== 'running';
  if (started) await gateway.expect('POST', `/bots/${bot.id}/start`, [200]);
  return { id: bot.id, created, started };
}

export async function seedDemo(options: SeedOptions): Promise<SeedResult> {
  const { gateway, login, say } = options;
  const changes = await signInDemo(gateway, login, options.promote);
  if (changes.length > 0) say(`${login.email}: ${changes.join(', ')}`);
  const result: SeedResult = { bots: {}, created: [], reused: [], started: [], failed: [] };
  const existing = await allBots(gateway);
  for (const [index, strategy] of (await strategiesOf(gateway)).entries()) {
    try {
      const { id, created, started } = await ensureDemoBot(options, existing, strategy, index);
      result.bots[strategy] = id;
      (created ? result.created : result.reused).push(strategy);
      if (started) result.started.push(strategy);
    } catch (error) {
      result.failed.push(strategy);
      say(`${demoBotName(strategy)}: ${messageOf(error)}`);
    }
  }
  return result;
}
