import type { ApiCredentials, ExchangeSimulator } from '@platform/exchange-sim';
import { Dec, type KeyRing, sealCredentials } from '@platform/exchange';
import { seedAccount, seedBot, seedUser, withPgClient } from '@platform/testing';

export interface LiveBot {
  botId: string;
  accountId: string;
  userId: string;
}

/**
 * A user with a verified exchange account (the simulator key, sealed with `ring` as the
 * gateway would) and one live bot on it whose desired state is running.
 */
export async function seedLiveBot(
  databaseUrl: string,
  options: {
    ring: KeyRing;
    credentials: ApiCredentials;
    strategy: string;
    params: Record<string, unknown>;
    symbol?: string;
    timeframe?: string;
  },
): Promise<LiveBot> {
  return withPgClient(databaseUrl, async (sql) => {
    const user = await seedUser(sql);
    const account = await seedAccount(sql, user, {
      label: 'main',
      verified: true,
      sealedFor: (id) => sealCredentials(options.ring, id, options.credentials),
    });
    const bot = await seedBot(sql, {
      account,
      name: 'live-bot',
      symbol: options.symbol,
      timeframe: options.timeframe,
      strategy: options.strategy,
      params: options.params,
      state: 'running',
    });
    return { botId: bot.id, accountId: account.id, userId: user.id };
  });
}

/** An order as the simulator keeps it (Binance's "query order" shape). */
export interface SimOrder {
  symbol: string;
  orderId: number;
  clientOrderId: string;
  side: 'BUY' | 'SELL';
  type: string;
  status: string;
  origQty: string;
  executedQty: string;
  cummulativeQuoteQty: string;
  apiKey: string;
}

/** Every order the simulator holds for one API key, oldest first. */
export const simOrdersOf = (sim: ExchangeSimulator, apiKey: string): SimOrder[] =>
  sim.orders({ apiKey }) as unknown as SimOrder[];

/** A decimal in one canonical spelling ('0.00066000' and '0.00066' are the same amount). */
export const dec = (value: string | number | null | undefined): string | null =>
  value === null || value === undefined ? null : new Dec(value).toFixed();
