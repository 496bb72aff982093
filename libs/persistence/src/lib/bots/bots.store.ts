import { Inject, Injectable } from '@nestjs/common';
import type { BotDesiredState } from '../schema/domain-values';
import { SQL, type Sql } from '../sql/sql';
import { SqlStates, sqlStateOf } from '../sql/sql-state';
import {
  type BotListFilter,
  type BotListOrder,
  filterCondition,
  orderAndAfter,
  SqlParams,
} from './bot-list-query';
import { BOT_COLUMNS, BOT_FROM, BOT_LIST_COLUMNS, type BotListRow, type BotRow } from './bot-row';

export interface NewBot {
  userId: string;
  name: string;
  exchangeId: string;
  symbol: string;
  timeframe: string;
  strategy: string;
  params: Record<string, unknown>;
  mode: string;
  exchangeAccountId: string | null;
  placementTag: string | null;
  cancelOrdersOnStop: boolean;
  allowSharedAccount: boolean;
}

/** Another running live bot on the same exchange account and symbol. */
export interface AccountSharer {
  id: string;
  name: string;
}

/** The bot's columns that PATCH may change, in their SQL names. */
export interface BotChanges {
  name?: string;
  symbol?: string;
  timeframe?: string;
  strategy?: string;
  params?: Record<string, unknown>;
  mode?: string;
  exchange_account_id?: string | null;
  placement_tag?: string | null;
  cancel_orders_on_stop?: boolean;
  allow_shared_account?: boolean;
}

export type LockedBot = BotRow & { account_verified: boolean };

const OWNED = `b.user_id = $1 AND b.deleted_at IS NULL`;

/** Users' bots. Every query names the owner, so another user's bot is simply not found. */
@Injectable()
export class BotsStore {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  /** The new bot's id, or null when the user already has a bot of that name. */
  async insert(bot: NewBot, sql: Sql = this.sql): Promise<string | null> {
    try {
      const [row] = await sql.query<{ id: string }>(
        `INSERT INTO bots (user_id, name, exchange_id, symbol, timeframe, strategy, params, mode,
           exchange_account_id, placement_tag, cancel_orders_on_stop, allow_shared_account)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [
          bot.userId,
          bot.name,
          bot.exchangeId,
          bot.symbol,
          bot.timeframe,
          bot.strategy,
          JSON.stringify(bot.params),
          bot.mode,
          bot.exchangeAccountId,
          bot.placementTag,
          bot.cancelOrdersOnStop,
          bot.allowSharedAccount,
        ],
      );
      return row.id;
    } catch (error) {
      if (sqlStateOf(error) === SqlStates.uniqueViolation) return null;
      throw error;
    }
  }

  async findOwned(userId: string, id: string, sql: Sql = this.sql): Promise<BotRow | null> {
    const [row] = await sql.query<BotRow>(
      `SELECT ${BOT_COLUMNS} FROM ${BOT_FROM} WHERE ${OWNED} AND b.id = $2`,
      [userId, id],
    );
    return row ?? null;
  }

  /**
   * A page of the user's bots that match `filter`, in `order` after its cursor: `limit + 1`
   * rows (the extra one tells that a next page exists).
   */
  list(
    userId: string,
    filter: BotListFilter,
    order: BotListOrder,
    limit: number,
  ): Promise<BotListRow[]> {
    const params = new SqlParams();
    const matching = filterCondition(params, userId, filter);
    const { after, orderBy } = orderAndAfter(params, order);
    return this.sql.query<BotListRow>(
      `SELECT ${BOT_LIST_COLUMNS} FROM ${BOT_FROM}
        WHERE ${matching} AND ${after}
        ORDER BY ${orderBy} LIMIT ${params.add(limit + 1)}`,
      params.values,
    );
  }

  /** How many of the user's bots match `filter` (on every page). */
  async count(userId: string, filter: BotListFilter): Promise<number> {
    const params = new SqlParams();
    const [row] = await this.sql.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM ${BOT_FROM} WHERE ${filterCondition(params, userId, filter)}`,
      params.values,
    );
    return row.count;
  }

  /** The bot, row-locked for the rest of the transaction, with whether its account is verified. */
  async lockOwned(sql: Sql, userId: string, id: string): Promise<LockedBot | null> {
    const [row] = await sql.query<LockedBot>(
      `SELECT ${BOT_COLUMNS}, a.verified_at IS NOT NULL AS account_verified
         FROM ${BOT_FROM} LEFT JOIN exchange_accounts a ON a.id = b.exchange_account_id
        WHERE ${OWNED} AND b.id = $2 FOR UPDATE OF b`,
      [userId, id],
    );
    return row ?? null;
  }

  /** The user's bots that are not deleted (what the plan's `max_bots` limits). */
  async countStored(sql: Sql, userId: string): Promise<number> {
    const [row] = await sql.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM bots WHERE user_id = $1 AND deleted_at IS NULL`,
      [userId],
    );
    return row.count;
  }

  async countDesiredRunning(sql: Sql, userId: string): Promise<number> {
    const [row] = await sql.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM bots
        WHERE user_id = $1 AND desired_state = 'running' AND deleted_at IS NULL`,
      [userId],
    );
    return row.count;
  }

  /**
   * A live bot other than `id` that runs (is desired running) on this exchange account and
   * symbol, oldest first, or null. Under the user's subscription lock (the account is the
   * user's), so two concurrent starts cannot both miss each other.
   */
  async runningOnAccount(
    sql: Sql,
    id: string,
    accountId: string,
    symbol: string,
  ): Promise<AccountSharer | null> {
    const [row] = await sql.query<AccountSharer>(
      `SELECT id, name FROM bots
        WHERE exchange_account_id = $2 AND symbol = $3 AND id <> $1 AND mode = 'live'
          AND desired_state = 'running' AND deleted_at IS NULL
        ORDER BY created_at, id LIMIT 1`,
      [id, accountId, symbol],
    );
    return row ?? null;
  }

  /**
   * A start measures the drawdown stop from the bot's equity then (docs/risk.md): the high it
   * stopped at before is forgotten.
   */
  async forgetDrawdownHigh(sql: Sql, id: string): Promise<void> {
    await sql.query(`UPDATE bot_positions SET peak_equity = NULL WHERE bot_id = $1`, [id]);
  }

  /**
   * Sets the desired state (a start also clears the last error) and records who did it.
   */
  async setDesiredState(sql: Sql, id: string, state: BotDesiredState, event: string) {
    await sql.query(
      `UPDATE bots SET desired_state = $2, updated_at = now(),
         last_error = CASE WHEN $2 = 'running' THEN NULL ELSE last_error END,
         last_error_at = CASE WHEN $2 = 'running' THEN NULL ELSE last_error_at END
       WHERE id = $1`,
      [id, state],
    );
    await this.event(
      sql,
      id,
      event,
      `${state === 'running' ? 'started' : 'stopped'} through the API`,
    );
  }

  /** False when the new name is taken by another of the user's bots. */
  async update(sql: Sql, id: string, changes: BotChanges): Promise<boolean> {
    const entries = Object.entries(changes).filter(([, value]) => value !== undefined);
    const sets = entries.map(([column], i) => `${column} = $${i + 2}`);
    const values = entries.map(([column, value]) =>
      column === 'params' ? JSON.stringify(value) : value,
    );
    try {
      await sql.query(`SAVEPOINT bot_update`);
      await sql.query(`UPDATE bots SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, [
        id,
        ...values,
      ]);
      await sql.query(`RELEASE SAVEPOINT bot_update`);
    } catch (error) {
      if (sqlStateOf(error) !== SqlStates.uniqueViolation) throw error;
      await sql.query(`ROLLBACK TO SAVEPOINT bot_update`);
      return false;
    }
    await this.event(sql, id, 'bot.updated', 'changed through the API', {
      fields: entries.map(([column]) => column),
    });
    return true;
  }

  /** A new strategy starts from a clean slate (the order sequence stays: it makes client ids). */
  async forgetStrategyState(sql: Sql, id: string): Promise<void> {
    await sql.query(
      `UPDATE bot_state SET strategy_state = NULL, updated_at = now() WHERE bot_id = $1`,
      [id],
    );
  }

  /** Whether the bot holds base currency or has orders in flight on its market. */
  async holdsPosition(sql: Sql, id: string): Promise<boolean> {
    const [row] = await sql.query<{ holds: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM bot_positions WHERE bot_id = $1 AND base_amount > 0)
           OR EXISTS (SELECT 1 FROM orders WHERE bot_id = $1
                       AND status IN ('intent', 'unknown', 'open', 'partially_filled')) AS holds`,
      [id],
    );
    return row.holds;
  }

  /** Soft delete (history stays); returns the desired state it had, or null if not found. */
  async softDelete(userId: string, id: string): Promise<BotDesiredState | null> {
    return this.sql.transaction(async (tx) => {
      const bot = await this.lockOwned(tx, userId, id);
      if (!bot) return null;
      await tx.query(
        `UPDATE bots SET deleted_at = now(), desired_state = 'stopped', updated_at = now() WHERE id = $1`,
        [id],
      );
      await this.event(tx, id, 'bot.deleted', 'deleted through the API');
      return bot.desired_state;
    });
  }

  /** The user's exchange account of `exchangeId`, or false when it is not theirs or another exchange's. */
  async ownsAccount(sql: Sql, userId: string, accountId: string, exchangeId: string) {
    const [row] = await sql.query<{ exchange_id: string }>(
      `SELECT exchange_id FROM exchange_accounts WHERE id = $1 AND user_id = $2 FOR SHARE`,
      [accountId, userId],
    );
    if (!row) return 'not_found' as const;
    return row.exchange_id === exchangeId ? ('ok' as const) : ('other_exchange' as const);
  }

  // Actions taken through the API carry no fencing token: they are the user's, not a worker's.
  private async event(
    sql: Sql,
    botId: string,
    type: string,
    message: string,
    data: Record<string, unknown> = {},
  ) {
    await sql.query(
      `INSERT INTO bot_events (bot_id, fence_token, type, message, data) VALUES ($1, NULL, $2, $3, $4)`,
      [botId, type, message, JSON.stringify({ by: 'api', ...data })],
    );
  }
}
