import { randomUUID } from 'node:crypto';
import type { KeyRing } from '@platform/exchange';
import type { ApiCredentials, ExchangeSimulator } from '@platform/exchange-sim';
import { Client } from 'pg';
import { seedLiveBot } from './trading';

export type BotMode = 'paper' | 'live';

/** One bot of the audit, with what the audit needs to read its orders back at the exchange. */
export interface AuditBot {
  botId: string;
  /** e.g. "live grid SOL/USDT": how failure messages name the bot. */
  label: string;
  mode: BotMode;
  symbol: string;
  /** Live bots only: the simulator key the bot trades with. */
  credentials: ApiCredentials | null;
}

export interface BotPlan {
  mode: BotMode;
  strategy: string;
  symbol: string;
  params: Record<string, unknown>;
}

/**
 * Seeds each planned bot with desired state running: a live bot gets its own user and verified
 * account on a fresh simulator key (holding `quoteBalance` USDT); paper bots share one user.
 */
export async function seedAuditBots(
  databaseUrl: string,
  sim: ExchangeSimulator,
  ring: KeyRing,
  plans: BotPlan[],
  quoteBalance: string,
): Promise<AuditBot[]> {
  const bots: AuditBot[] = [];
  const paperOwner = await seedUser(databaseUrl);
  for (const plan of plans) {
    const label = `${plan.mode} ${plan.strategy} ${plan.symbol}`;
    if (plan.mode === 'paper') {
      const botId = await seedPaperBot(databaseUrl, paperOwner, label, plan);
      bots.push({ botId, label, mode: 'paper', symbol: plan.symbol, credentials: null });
      continue;
    }
    const credentials = sim.createApiKey({ balances: { USDT: quoteBalance } });
    const { botId } = await seedLiveBot(databaseUrl, {
      ring,
      credentials,
      strategy: plan.strategy,
      params: plan.params,
      symbol: plan.symbol,
    });
    bots.push({ botId, label, mode: 'live', symbol: plan.symbol, credentials });
  }
  return bots;
}

async function seedUser(databaseUrl: string): Promise<string> {
  return withSql(databaseUrl, async (sql) => {
    const { rows } = await sql.query(
      `INSERT INTO users (email, password_hash) VALUES ($1, 'h') RETURNING id`,
      [`paper-${randomUUID()}@example.com`],
    );
    return rows[0].id as string;
  });
}

async function seedPaperBot(
  databaseUrl: string,
  userId: string,
  name: string,
  plan: BotPlan,
): Promise<string> {
  return withSql(databaseUrl, async (sql) => {
    const { rows } = await sql.query(
      `INSERT INTO bots (user_id, name, exchange_id, symbol, timeframe, strategy, params, mode,
         desired_state)
       VALUES ($1, $2, 'binance', $3, '1m', $4, $5, 'paper', 'running') RETURNING id`,
      [userId, name, plan.symbol, plan.strategy, JSON.stringify(plan.params)],
    );
    return rows[0].id as string;
  });
}

async function withSql<T>(databaseUrl: string, work: (sql: Client) => Promise<T>): Promise<T> {
  const sql = new Client({ connectionString: databaseUrl });
  await sql.connect();
  try {
    return await work(sql);
  } finally {
    await sql.end();
  }
}
