import { Inject, Injectable } from '@nestjs/common';
import type { BotActionKind, BotActionStatus, Decimal } from '../schema/domain-values';
import { SQL, type Sql } from '../sql/sql';
import { isoText } from './bot-row';

/** A user's manual action as the API shows it. */
export interface BotActionRow {
  id: string;
  bot_id: string;
  kind: BotActionKind;
  status: BotActionStatus;
  requested_iso: string;
  finished_iso: string | null;
  result: string | null;
  order_id: string | null;
}

/** What a bot has that an action would touch. */
export interface BotWorkload {
  /** Orders resting at the exchange (open, partially filled). */
  openOrders: number;
  /** Orders whose fate is not known yet (intent, unknown): they may still come to rest. */
  unsettledOrders: number;
  /** Base currency held. */
  positionBase: Decimal;
}

const ACTION_COLUMNS = `a.id, a.bot_id, a.kind, a.status, ${isoText('a.requested_at')} AS requested_iso,
  ${isoText('a.finished_at')} AS finished_iso, a.result, a.order_id`;

const REQUESTED: Record<BotActionKind, string> = {
  cancel_orders: 'cancel its open orders, asked through the API',
  liquidate: 'sell everything and stop, asked through the API',
};

/**
 * The users' side of the manual actions (`bot_actions`): ask (at most one pending action of a
 * kind per bot: asking again is the same request), read. Callers lock the bot's row first
 * (`BotsStore.lockOwned`), which is also where tenancy is checked.
 */
@Injectable()
export class BotActionsStore {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  async workload(sql: Sql, botId: string): Promise<BotWorkload> {
    const [row] = await sql.query<{ open: number; unsettled: number; base: string }>(
      `SELECT
         (SELECT count(*)::int FROM orders WHERE bot_id = $1
           AND status IN ('open', 'partially_filled')) AS open,
         (SELECT count(*)::int FROM orders WHERE bot_id = $1
           AND status IN ('intent', 'unknown')) AS unsettled,
         COALESCE((SELECT base_amount::text FROM bot_positions WHERE bot_id = $1), '0') AS base`,
      [botId],
    );
    return { openOrders: row.open, unsettledOrders: row.unsettled, positionBase: row.base };
  }

  /**
   * The bot's pending action of this kind, new (`created`, with an `action.requested` event) or
   * the one already waiting.
   */
  async request(
    sql: Sql,
    botId: string,
    kind: BotActionKind,
  ): Promise<{ action: BotActionRow; created: boolean }> {
    const [created] = await sql.query<BotActionRow>(
      `WITH a AS (
         INSERT INTO bot_actions (bot_id, kind) VALUES ($1, $2)
         ON CONFLICT (bot_id, kind) WHERE status = 'pending' DO NOTHING RETURNING *)
       SELECT ${ACTION_COLUMNS} FROM a`,
      [botId, kind],
    );
    if (created) {
      await sql.query(
        `INSERT INTO bot_events (bot_id, fence_token, type, message, data)
         VALUES ($1, NULL, 'action.requested', $2, $3)`,
        [botId, REQUESTED[kind], JSON.stringify({ by: 'api', actionId: created.id, kind })],
      );
      return { action: created, created: true };
    }
    const [waiting] = await sql.query<BotActionRow>(
      `SELECT ${ACTION_COLUMNS} FROM bot_actions a
        WHERE a.bot_id = $1 AND a.kind = $2 AND a.status = 'pending'`,
      [botId, kind],
    );
    return { action: waiting, created: false };
  }

  /** Whether the bot has a pending action of this kind. */
  async isPending(sql: Sql, botId: string, kind: BotActionKind): Promise<boolean> {
    const rows = await sql.query(
      `SELECT 1 FROM bot_actions WHERE bot_id = $1 AND kind = $2 AND status = 'pending'`,
      [botId, kind],
    );
    return rows.length > 0;
  }

  /** One action of the user's own bot (not deleted), or null. */
  async findOwned(userId: string, botId: string, actionId: string): Promise<BotActionRow | null> {
    const [row] = await this.sql.query<BotActionRow>(
      `SELECT ${ACTION_COLUMNS} FROM bot_actions a JOIN bots b ON b.id = a.bot_id
        WHERE a.id = $3 AND a.bot_id = $2 AND b.user_id = $1 AND b.deleted_at IS NULL`,
      [userId, botId, actionId],
    );
    return row ?? null;
  }
}
