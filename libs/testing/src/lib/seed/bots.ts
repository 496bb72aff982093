import { randomUUID } from 'node:crypto';
import { idOf, type Ref, rowsOf, type SeedDb, unique } from './seed-db';

export interface BotSeed {
  /** The bot's desired state: what the supervisors run (there is no default on purpose). */
  state: 'running' | 'stopped';
  /** Required unless `account` is given: then the account's owner. */
  user?: Ref;
  account?: Ref | null;
  /** Unique among the user's bots; `bot-<hex of this call>-<n>` by default. */
  name?: string;
  exchangeId?: string;
  symbol?: string;
  timeframe?: string;
  strategy?: string;
  params?: Record<string, unknown>;
  /** `live` when an account is given, else `paper`. */
  mode?: 'paper' | 'live';
  placementTag?: string | null;
  cancelOrdersOnStop?: boolean;
  /** Why it stopped on an error (stamped now). */
  lastError?: string | null;
  /** Created this long ago (by Postgres' clock); now by default. */
  secondsAgo?: number;
}

/** A value for every bot, or one per bot from its index n (0, 1, ... count - 1). */
export type PerBot<T> = T | ((n: number) => T);

/** {@link BotSeed} where each field may differ per bot: `symbol: (n) => symbols[n % symbols.length]`. */
export type BotsSeed = { [K in keyof BotSeed]: PerBot<BotSeed[K]> };

export interface SeededBot {
  id: string;
  userId: string;
  exchangeAccountId: string | null;
  name: string;
  exchangeId: string;
  symbol: string;
  strategy: string;
  mode: 'paper' | 'live';
}

/** One bot (defaults: binance BTC/USDT 1m, sma-cross with its default params, paper). */
export async function seedBot(db: SeedDb, seed: BotSeed): Promise<SeededBot> {
  const [bot] = await seedBots(db, 1, seed);
  return bot;
}

// Rows per statement: a few statements for the benchmarks' 10,000-20,000 bots.
const CHUNK = 5000;

/** `count` bots in a few statements (one per 5,000), in index order. */
export async function seedBots(db: SeedDb, count: number, seed: BotsSeed): Promise<SeededBot[]> {
  // default names: the index keeps them apart within the call, this part across calls
  const call = unique();
  const seeded: SeededBot[] = [];
  for (let first = 0; first < count; first += CHUNK) {
    const indexes = Array.from({ length: Math.min(CHUNK, count - first) }, (_, i) => first + i);
    seeded.push(...(await insertBots(db, seed, indexes, call)));
  }
  return seeded;
}

const valueAt = <T>(value: PerBot<T>, n: number): T =>
  typeof value === 'function' ? (value as (n: number) => T)(n) : value;

type Row = {
  id: string;
  user_id: string;
  exchange_account_id: string | null;
  name: string;
  exchange_id: string;
  symbol: string;
  strategy: string;
  mode: 'paper' | 'live';
};

async function insertBots(db: SeedDb, seed: BotsSeed, indexes: number[], call: string) {
  const ids = indexes.map(() => randomUUID());
  /** The field's value for each bot, else `fallback` (per bot too). */
  const column = <T>(field: PerBot<T | undefined>, fallback: (i: number) => T) =>
    indexes.map((n, i) => valueAt(field, n) ?? fallback(i));
  const refs = (field: PerBot<Ref | null | undefined>) =>
    column(field, () => null).map((ref) => (ref ? idOf(ref) : null));
  const users = refs(seed.user);
  const accounts = refs(seed.account);
  if (users.some((user, i) => !user && !accounts[i]))
    throw new Error('seedBots: give a user or an account');
  const rows = await rowsOf<Row>(
    db,
    `INSERT INTO bots (id, user_id, exchange_account_id, name, exchange_id, symbol, timeframe,
       strategy, params, mode, desired_state, placement_tag, cancel_orders_on_stop, last_error,
       last_error_at, created_at)
     SELECT t.id, COALESCE(t.user_id, a.user_id), t.account_id, t.name, t.exchange_id, t.symbol,
            t.timeframe, t.strategy, t.params, t.mode, t.state, t.tag, t.cancel, t.error,
            CASE WHEN t.error IS NOT NULL THEN now() END, now() - make_interval(secs => t.age)
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[],
                   $7::text[], $8::text[], $9::jsonb[], $10::text[], $11::text[], $12::text[],
                   $13::boolean[], $14::text[], $15::float8[])
         AS t(id, user_id, account_id, name, exchange_id, symbol, timeframe, strategy, params,
              mode, state, tag, cancel, error, age)
       LEFT JOIN exchange_accounts a ON a.id = t.account_id
     RETURNING id, user_id, exchange_account_id, name, exchange_id, symbol, strategy, mode`,
    [
      ids,
      users,
      accounts,
      column(seed.name, (i) => `bot-${call}-${indexes[i]}`),
      column(seed.exchangeId, () => 'binance'),
      column(seed.symbol, () => 'BTC/USDT'),
      column(seed.timeframe, () => '1m'),
      column(seed.strategy, () => 'sma-cross'),
      column(seed.params, () => ({})).map((params) => JSON.stringify(params)),
      column(seed.mode, (i) => (accounts[i] ? 'live' : 'paper')),
      column(seed.state, () => {
        throw new Error('seedBots: give the desired state');
      }),
      column(seed.placementTag, () => null),
      column(seed.cancelOrdersOnStop, () => true),
      column(seed.lastError, () => null),
      column(seed.secondsAgo, () => 0),
    ],
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => {
    const row = byId.get(id);
    if (!row) throw new Error(`seedBots: bot ${id} was not returned`);
    return {
      id,
      userId: row.user_id,
      exchangeAccountId: row.exchange_account_id,
      name: row.name,
      exchangeId: row.exchange_id,
      symbol: row.symbol,
      strategy: row.strategy,
      mode: row.mode,
    };
  });
}
