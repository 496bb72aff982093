import type { KeyRing } from '@platform/exchange';
import type { ApiCredentials, ExchangeSimulator } from '@platform/exchange-sim';
import { seedBot, seedUser, withPgClient } from '@platform/testing';
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
  const paperOwner = await withPgClient(databaseUrl, (sql) => seedUser(sql));
  for (const plan of plans) {
    const label = `${plan.mode} ${plan.strategy} ${plan.symbol}`;
    if (plan.mode === 'paper') {
      const { id: botId } = await withPgClient(databaseUrl, (sql) =>
        seedBot(sql, {
          user: paperOwner,
          name: label,
          symbol: plan.symbol,
          strategy: plan.strategy,
          params: plan.params,
          state: 'running',
        }),
      );
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
