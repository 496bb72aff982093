// The import's SQL: which imported ids exist already, and each batch's rows written in one
// transaction. Every row carries its deterministic id (legacy-ids.ts) and is written with
// ON CONFLICT DO NOTHING, and a child row only where its parent row exists: a re-run skips
// what is there, and a kill leaves whole batches only.
import { type KeyRing, sealCredentials } from '@platform/exchange';
import type { Sql } from '@platform/persistence';
import type { PlannedBot, PlannedKey, PlannedTrade, PlannedUser } from './import-plan';

export type TargetTable = 'users' | 'exchange_accounts' | 'bots' | 'trades';

const DISABLED_REASON = 'disabled in the single-notebook version';

export class ImportWriter {
  constructor(private readonly sql: Sql) {}

  /** Users registered here under these emails: email -> id. */
  async registered(emails: string[]): Promise<Map<string, string>> {
    const rows = await this.sql.query<{ email: string; id: string }>(
      `SELECT email, id FROM users WHERE email = ANY($1::text[])`,
      [emails],
    );
    return new Map(rows.map((r) => [r.email, r.id]));
  }

  /** Which of these ids `table` holds. */
  async existing(table: TargetTable, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.sql.query<{ id: string }>(
      `SELECT id FROM ${table} WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Users with their subscriptions (never one without the other). The ids written. */
  async writeUsers(batch: PlannedUser[]): Promise<Set<string>> {
    return this.ids(
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::boolean[],
                              $6::uuid[], $7::text[], $8::int[], $9::int[], $10::int[], $11::timestamptz[])
           AS t(id, email, password_hash, created_at, disabled,
                subscription_id, plan, max_running_bots, max_bots, max_exchange_accounts, valid_until)),
       new_users AS (
         INSERT INTO users (id, email, password_hash, role, created_at, disabled_at, disabled_reason)
         SELECT id, email, password_hash, 'user', COALESCE(created_at, now()),
                CASE WHEN disabled THEN now() END, CASE WHEN disabled THEN $12 END
           FROM input ON CONFLICT DO NOTHING RETURNING id)
       INSERT INTO subscriptions (id, user_id, plan, max_running_bots, max_bots, max_exchange_accounts, valid_until)
       SELECT subscription_id, id, plan, max_running_bots, max_bots, max_exchange_accounts, valid_until
         FROM input WHERE id IN (SELECT id FROM new_users)
       RETURNING user_id AS id`,
      [
        batch.map((u) => u.id),
        batch.map((u) => u.user.email),
        batch.map((u) => u.user.passwordHash),
        batch.map((u) => u.user.createdAt),
        batch.map((u) => u.user.disabled),
        batch.map((u) => u.subscriptionId),
        batch.map((u) => u.subscription.plan),
        batch.map((u) => u.limits.maxRunningBots),
        batch.map((u) => u.limits.maxBots),
        batch.map((u) => u.limits.maxExchangeAccounts),
        batch.map((u) => u.subscription.validUntil),
        DISABLED_REASON,
      ],
    );
  }

  /** Exchange accounts, their keys sealed with the key ring here, in memory only. */
  async writeKeys(batch: PlannedKey[], ring: KeyRing): Promise<Set<string>> {
    const sealed = batch.map((k) => sealCredentials(ring, k.id, k.key.credentials));
    return this.ids(
      `INSERT INTO exchange_accounts
         (id, user_id, exchange_id, label, encryption_key_id, credentials_ciphertext, api_key_masked, created_at)
       SELECT t.id, t.user_id, t.exchange_id, t.label, t.key_id, t.ciphertext, t.masked, COALESCE(t.created_at, now())
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::bytea[], $7::text[], $8::timestamptz[])
           AS t(id, user_id, exchange_id, label, key_id, ciphertext, masked, created_at)
        WHERE EXISTS (SELECT 1 FROM users u WHERE u.id = t.user_id)
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        batch.map((k) => k.id),
        batch.map((k) => k.userId),
        batch.map((k) => k.key.exchangeId),
        batch.map((k) => k.key.label),
        sealed.map((s) => s.keyId),
        sealed.map((s) => s.ciphertext),
        sealed.map((s) => s.apiKeyMasked),
        batch.map((k) => k.key.createdAt),
      ],
    );
  }

  /** Bots, each with a `bot.imported` event naming its legacy id. */
  async writeBots(batch: PlannedBot[], source: string): Promise<Set<string>> {
    return this.ids(
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[],
                              $7::text[], $8::text[], $9::jsonb[], $10::text[], $11::text[], $12::timestamptz[], $13::bigint[])
           AS t(id, user_id, account_id, name, exchange_id, symbol, timeframe, strategy, params, mode,
                desired_state, created_at, legacy_id)
          WHERE EXISTS (SELECT 1 FROM users u WHERE u.id = t.user_id)
            AND (t.account_id IS NULL OR EXISTS (SELECT 1 FROM exchange_accounts a WHERE a.id = t.account_id))),
       new_bots AS (
         INSERT INTO bots (id, user_id, exchange_account_id, name, exchange_id, symbol, timeframe, strategy,
                           params, mode, desired_state, created_at)
         SELECT id, user_id, account_id, name, exchange_id, symbol, timeframe, strategy, params, mode,
                desired_state, COALESCE(created_at, now())
           FROM input ON CONFLICT DO NOTHING RETURNING id)
       INSERT INTO bot_events (bot_id, type, message, data)
       SELECT id, 'bot.imported', 'imported from the single-notebook version',
              jsonb_build_object('legacyId', legacy_id, 'source', $14::text, 'desiredState', desired_state)
         FROM input WHERE id IN (SELECT id FROM new_bots)
       RETURNING bot_id AS id`,
      [
        batch.map((b) => b.id),
        batch.map((b) => b.userId),
        batch.map((b) => b.accountId),
        batch.map((b) => b.bot.name),
        batch.map((b) => b.bot.exchangeId),
        batch.map((b) => b.bot.symbol),
        batch.map((b) => b.bot.timeframe),
        batch.map((b) => b.bot.strategy),
        batch.map((b) => JSON.stringify(b.bot.params)),
        batch.map((b) => b.bot.mode),
        batch.map((b) => b.desiredState),
        batch.map((b) => b.bot.createdAt),
        batch.map((b) => b.legacyId),
        source,
      ],
    );
  }

  /**
   * Each legacy trade as a filled market order (fence token 0: no worker wrote it) and its one
   * fill. Live orders name their bot's account, as the engine's do.
   */
  async writeTrades(batch: PlannedTrade[]): Promise<Set<string>> {
    return this.ids(
      `WITH input AS (
         SELECT t.*, b.exchange_id, b.symbol, b.mode, b.exchange_account_id
           FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::numeric[],
                       $7::numeric[], $8::numeric[], $9::text[], $10::text[], $11::timestamptz[])
             AS t(order_id, trade_id, bot_id, client_order_id, side, price, amount, fee, fee_currency,
                  exchange_trade_id, executed_at)
           JOIN bots b ON b.id = t.bot_id),
       new_orders AS (
         INSERT INTO orders (id, bot_id, client_order_id, fence_token, exchange_id, symbol, side, type,
                             amount, filled, average_price, status, signal, mode, exchange_account_id,
                             created_at, updated_at)
         SELECT order_id, bot_id, client_order_id, 0, exchange_id, symbol, side, 'market', amount, amount,
                price, 'filled', 'legacy-import', mode,
                CASE WHEN mode = 'live' THEN exchange_account_id END, executed_at, executed_at
           FROM input ON CONFLICT DO NOTHING RETURNING id)
       INSERT INTO trades (id, order_id, bot_id, exchange_trade_id, side, price, amount, fee, fee_currency, executed_at)
       SELECT trade_id, order_id, bot_id, exchange_trade_id, side, price, amount, fee, fee_currency, executed_at
         FROM input WHERE order_id IN (SELECT id FROM new_orders)
       RETURNING id`,
      [
        batch.map((t) => t.orderId),
        batch.map((t) => t.tradeId),
        batch.map((t) => t.bot.id),
        batch.map((t) => t.clientOrderId),
        batch.map((t) => t.trade.side),
        batch.map((t) => t.trade.price),
        batch.map((t) => t.trade.amount),
        batch.map((t) => t.trade.fee),
        batch.map((t) => t.trade.feeCurrency),
        batch.map((t) => t.trade.exchangeTradeId),
        batch.map((t) => t.trade.executedAt),
      ],
    );
  }

  /** One batch: its statement in a transaction of its own. */
  private async ids(text: string, params: unknown[]): Promise<Set<string>> {
    const rows = await this.sql.transaction((tx) => tx.query<{ id: string }>(text, params));
    return new Set(rows.map((r) => r.id));
  }
}
