import { idOf, type Ref, rowsOf, type SeedDb } from './seed-db';

export interface PositionSeed {
  baseAmount: string;
  averageEntry?: string | null;
  realizedPnl?: string;
  feesQuote?: string;
  tradesCount?: number;
}

/** What the bot holds and has earned (bot_positions), as its recorder keeps it. */
export async function seedPosition(db: SeedDb, bot: Ref, seed: PositionSeed): Promise<void> {
  await rowsOf(
    db,
    `INSERT INTO bot_positions (bot_id, base_amount, average_entry, realized_pnl, fees_quote, trades_count)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      idOf(bot),
      seed.baseAmount,
      seed.averageEntry ?? null,
      seed.realizedPnl ?? '0',
      seed.feesQuote ?? '0',
      seed.tradesCount ?? 0,
    ],
  );
}

/** A paper bot's balances per asset: the free amount, or free and used (in open orders). */
export async function seedPaperBalances(
  db: SeedDb,
  bot: Ref,
  balances: Record<string, string | { free: string; used?: string }>,
): Promise<void> {
  const assets = Object.entries(balances).map(([asset, balance]) =>
    typeof balance === 'string'
      ? { asset, free: balance, used: '0' }
      : { asset, free: balance.free, used: balance.used ?? '0' },
  );
  await rowsOf(
    db,
    `INSERT INTO paper_balances (bot_id, asset, free, used)
     SELECT $1, t.asset, t.free, t.used
       FROM unnest($2::text[], $3::numeric[], $4::numeric[]) AS t(asset, free, used)`,
    [idOf(bot), assets.map((a) => a.asset), assets.map((a) => a.free), assets.map((a) => a.used)],
  );
}

export interface BotStateSeed {
  /** The order sequence (the source of client order ids). */
  orderSeq?: number;
  strategyState?: Record<string, unknown> | null;
}

/** What the bot's engine remembers between evaluations (bot_state). */
export async function seedBotState(db: SeedDb, bot: Ref, seed: BotStateSeed = {}): Promise<void> {
  await rowsOf(
    db,
    `INSERT INTO bot_state (bot_id, order_seq, strategy_state) VALUES ($1, $2, $3)`,
    [
      idOf(bot),
      seed.orderSeq ?? 0,
      seed.strategyState === undefined || seed.strategyState === null
        ? null
        : JSON.stringify(seed.strategyState),
    ],
  );
}
