import type { ApiCredentials, ExchangeSimulator } from '@platform/exchange-sim';
import { Dec, type KeyRing, sealCredentials } from '@platform/exchange';
import { Client } from 'pg';

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
  const sql = new Client({ connectionString: databaseUrl });
  await sql.connect();
  try {
    const { rows: users } = await sql.query(
      `INSERT INTO users (email, password_hash) VALUES ('trader-' || gen_random_uuid() || '@example.com', 'h') RETURNING id`,
    );
    const userId = users[0].id as string;
    const accountId = (await sql.query(`SELECT gen_random_uuid() AS id`)).rows[0].id as string;
    const sealed = sealCredentials(options.ring, accountId, options.credentials);
    await sql.query(
      `INSERT INTO exchange_accounts (id, user_id, exchange_id, label, encryption_key_id,
         credentials_ciphertext, api_key_masked, verified_at)
       VALUES ($1, $2, 'binance', 'main', $3, $4, $5, now())`,
      [accountId, userId, sealed.keyId, sealed.ciphertext, sealed.apiKeyMasked],
    );
    const { rows: bots } = await sql.query(
      `INSERT INTO bots (user_id, exchange_account_id, name, exchange_id, symbol, timeframe,
         strategy, params, mode, desired_state)
       VALUES ($1, $2, 'live-bot', 'binance', $3, $4, $5, $6, 'live', 'running') RETURNING id`,
      [
        userId,
        accountId,
        options.symbol ?? 'BTC/USDT',
        options.timeframe ?? '1m',
        options.strategy,
        JSON.stringify(options.params),
      ],
    );
    return { botId: bots[0].id as string, accountId, userId };
  } finally {
    await sql.end();
  }
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
