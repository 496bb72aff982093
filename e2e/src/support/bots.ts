import { Client } from 'pg';

/** Creates a user with `count` bots whose desired state is running; returns their ids. */
export async function seedRunningBots(
  databaseUrl: string,
  count: number,
  placementTag: string | null = null,
  symbol = 'BTC/USDT',
): Promise<string[]> {
  const sql = new Client({ connectionString: databaseUrl });
  await sql.connect();
  try {
    const { rows: users } = await sql.query(
      `INSERT INTO users (email, password_hash) VALUES ('owner-' || gen_random_uuid() || '@example.com', 'h') RETURNING id`,
    );
    const { rows } = await sql.query(
      `INSERT INTO bots (user_id, name, exchange_id, symbol, timeframe, strategy, desired_state, placement_tag)
       SELECT $1, 'bot-' || n, 'binance', $4, '1m', 'sma-cross', 'running', $3 FROM generate_series(1, $2) n
       RETURNING id`,
      [users[0].id, count, placementTag, symbol],
    );
    return rows.map((r) => r.id as string);
  } finally {
    await sql.end();
  }
}
