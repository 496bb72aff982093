import { idOf, type Ref, rowsOf, type SeedDb, unique } from './seed-db';

export type OrderStatus =
  | 'intent'
  | 'open'
  | 'partially_filled'
  | 'filled'
  | 'canceled'
  | 'rejected'
  | 'expired'
  | 'unknown';

export interface OrderSeed {
  /** `seed-<hex>` by default (unique across all orders). */
  clientOrderId?: string;
  fenceToken?: number;
  side?: 'buy' | 'sell';
  type?: 'market' | 'limit';
  amount?: string;
  /** A limit order needs one. */
  price?: string | null;
  status?: OrderStatus;
  /** The whole amount when `filled`, else 0. */
  filled?: string;
  exchangeOrderId?: string | null;
  /** The bot's unless given (a live order also takes the bot's account). */
  exchangeId?: string;
  symbol?: string;
  mode?: 'paper' | 'live';
  /** Created this long ago (by Postgres' clock); now by default. */
  secondsAgo?: number;
}

export interface SeededOrder {
  id: string;
  botId: string;
  side: 'buy' | 'sell';
  amount: string;
  status: OrderStatus;
}

/** An order of `bot` as the engine records it (defaults: a filled market buy of 0.1). */
export async function seedOrder(db: SeedDb, bot: Ref, seed: OrderSeed = {}): Promise<SeededOrder> {
  const amount = seed.amount ?? '0.1';
  const status = seed.status ?? 'filled';
  const rows = await rowsOf<{ id: string; bot_id: string; side: 'buy' | 'sell'; amount: string }>(
    db,
    `INSERT INTO orders (bot_id, client_order_id, fence_token, exchange_id, symbol, mode,
       exchange_account_id, side, type, amount, price, filled, status, exchange_order_id, created_at)
     SELECT b.id, $2, $3, COALESCE($4::text, b.exchange_id), COALESCE($5::text, b.symbol), m.mode,
            CASE WHEN m.mode = 'live' THEN b.exchange_account_id END, $7, $8, $9::numeric,
            $10::numeric, $11::numeric, $12, $13, now() - make_interval(secs => $14::float8)
       FROM bots b, LATERAL (SELECT COALESCE($6::text, b.mode) AS mode) m
      WHERE b.id = $1
     RETURNING id, bot_id, side, amount::text`,
    [
      idOf(bot),
      seed.clientOrderId ?? `seed-${unique()}`,
      seed.fenceToken ?? 1,
      seed.exchangeId ?? null,
      seed.symbol ?? null,
      seed.mode ?? null,
      seed.side ?? 'buy',
      seed.type ?? 'market',
      amount,
      seed.price ?? null,
      seed.filled ?? (status === 'filled' ? amount : '0'),
      status,
      seed.exchangeOrderId ?? null,
      seed.secondsAgo ?? 0,
    ],
  );
  if (!rows[0]) throw new Error(`seedOrder: no bot ${idOf(bot)}`);
  const [row] = rows;
  return { id: row.id, botId: row.bot_id, side: row.side, amount: row.amount, status };
}

export interface TradeSeed {
  /** `seed-<hex>` by default. */
  exchangeTradeId?: string;
  /** The order's unless given. */
  side?: 'buy' | 'sell';
  /** The order's average price or limit price, else 30000. */
  price?: string;
  /** What the order filled, else its amount. */
  amount?: string;
  fee?: string;
  feeCurrency?: string | null;
  /** Executed this long ago (by Postgres' clock); now by default. */
  secondsAgo?: number;
}

/** A fill of `order` (its bot's). */
export async function seedTrade(
  db: SeedDb,
  order: Ref,
  seed: TradeSeed = {},
): Promise<{ id: string }> {
  const rows = await rowsOf<{ id: string }>(
    db,
    `INSERT INTO trades (order_id, bot_id, exchange_trade_id, side, price, amount, fee,
       fee_currency, executed_at)
     SELECT o.id, o.bot_id, $2, COALESCE($3::text, o.side),
            COALESCE($4::numeric, o.average_price, o.price, 30000),
            COALESCE($5::numeric, NULLIF(o.filled, 0), o.amount), $6::numeric, $7,
            now() - make_interval(secs => $8::float8)
       FROM orders o WHERE o.id = $1
     RETURNING id`,
    [
      idOf(order),
      seed.exchangeTradeId ?? `seed-${unique()}`,
      seed.side ?? null,
      seed.price ?? null,
      seed.amount ?? null,
      seed.fee ?? '0',
      seed.feeCurrency ?? null,
      seed.secondsAgo ?? 0,
    ],
  );
  if (!rows[0]) throw new Error(`seedTrade: no order ${idOf(order)}`);
  return rows[0];
}

export interface BotEventSeed {
  /** e.g. `order.intent`, `bot.claimed`. */
  type: string;
  message?: string;
  /** A worker's write carries its token; null: the user's act through the API. */
  fenceToken?: number | null;
  data?: Record<string, unknown>;
}

/** One entry of the bot's activity feed (bot_events). */
export async function seedBotEvent(
  db: SeedDb,
  bot: Ref,
  seed: BotEventSeed,
): Promise<{ id: string }> {
  const [row] = await rowsOf<{ id: string }>(
    db,
    `INSERT INTO bot_events (bot_id, fence_token, type, message, data)
     VALUES ($1, $2, $3, $4, $5) RETURNING id::text`,
    [
      idOf(bot),
      seed.fenceToken ?? null,
      seed.type,
      seed.message ?? '',
      JSON.stringify(seed.data ?? {}),
    ],
  );
  return row;
}
