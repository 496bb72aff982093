import { Inject, Injectable } from '@nestjs/common';
import type { OrderSide, OrderStatus, OrderType } from '../schema/domain-values';
import { afterCursor, cursorParams, sortKey, type TimeCursor } from '../sql/keyset';
import { SQL, type Sql } from '../sql/sql';
import { SqlParams } from './bot-list-query';

export interface OrderRow {
  id: string;
  client_order_id: string;
  exchange_order_id: string | null;
  side: 'buy' | 'sell';
  type: 'market' | 'limit';
  status: string;
  amount: string;
  price: string | null;
  filled: string;
  average_price: string | null;
  signal: string | null;
  error: string | null;
  created_at: Date;
  updated_at: Date;
  sort_key: string;
}

export interface TradeRow {
  id: string;
  order_id: string;
  exchange_trade_id: string;
  side: 'buy' | 'sell';
  price: string;
  amount: string;
  fee: string;
  fee_currency: string | null;
  executed_at: Date;
  sort_key: string;
}

export interface EventRow {
  id: string;
  type: string;
  message: string;
  data: Record<string, unknown>;
  created_at: Date;
}

export interface PositionRow {
  base_amount: string;
  average_entry: string | null;
  realized_pnl: string;
  fees_quote: string;
  trades_count: number;
}

export interface BalanceRow {
  asset: string;
  free: string;
  used: string;
  total: string;
}

/** Orders in one of `statuses`, of one side, of one type; absent fields do not narrow. */
export interface OrderFilter {
  statuses?: OrderStatus[];
  side?: OrderSide;
  type?: OrderType;
}

/** Fills of one side, executed in [from, to) (ISO times); absent fields do not narrow. */
export interface TradeFilter {
  side?: OrderSide;
  from?: string;
  to?: string;
}

/**
 * The bot's rows after the cursor (`$1` the bot, `$2`/`$3` the cursor) that pass each given
 * filter; the text depends only on which filters are given, never on their values.
 */
function activityWhere(
  timeColumn: string,
  botId: string,
  before: TimeCursor | undefined,
  filters: [condition: (value: string) => string, value: unknown][],
) {
  const params = new SqlParams();
  params.add(botId);
  for (const value of cursorParams(before)) params.add(value);
  const conditions = [`bot_id = $1`, afterCursor(timeColumn, 2)];
  for (const [condition, value] of filters)
    if (value !== undefined) conditions.push(condition(params.add(value)));
  return { where: conditions.join(' AND '), params };
}

/**
 * What a bot did, newest first, `limit + 1` rows per page (keyset: fast at any depth). The
 * caller has checked that the bot is the user's.
 */
@Injectable()
export class BotActivityStore {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  orders(
    botId: string,
    limit: number,
    before?: TimeCursor,
    filter: OrderFilter = {},
  ): Promise<OrderRow[]> {
    const { where, params } = activityWhere('created_at', botId, before, [
      [(statuses) => `status = ANY(${statuses}::text[])`, filter.statuses],
      [(side) => `side = ${side}`, filter.side],
      [(type) => `type = ${type}`, filter.type],
    ]);
    return this.sql.query<OrderRow>(
      `SELECT id, client_order_id, exchange_order_id, side, type, status, amount::text,
              price::text, filled::text, average_price::text, signal, error, created_at,
              updated_at, ${sortKey('created_at')}
         FROM orders WHERE ${where}
        ORDER BY created_at DESC, id DESC LIMIT ${params.add(limit + 1)}`,
      params.values,
    );
  }

  trades(
    botId: string,
    limit: number,
    before?: TimeCursor,
    filter: TradeFilter = {},
  ): Promise<TradeRow[]> {
    const { where, params } = activityWhere('executed_at', botId, before, [
      [(side) => `side = ${side}`, filter.side],
      [(from) => `executed_at >= ${from}::timestamptz`, filter.from],
      [(to) => `executed_at < ${to}::timestamptz`, filter.to],
    ]);
    return this.sql.query<TradeRow>(
      `SELECT id, order_id, exchange_trade_id, side, price::text, amount::text, fee::text,
              fee_currency, executed_at, ${sortKey('executed_at')}
         FROM trades WHERE ${where}
        ORDER BY executed_at DESC, id DESC LIMIT ${params.add(limit + 1)}`,
      params.values,
    );
  }

  /** `types`: only events of these types (none given: all). */
  events(botId: string, limit: number, beforeId?: string, types?: string[]): Promise<EventRow[]> {
    return this.sql.query<EventRow>(
      `SELECT id::text, type, message, data, created_at FROM bot_events
        WHERE bot_id = $1 AND ($2::bigint IS NULL OR id < $2::bigint)
          AND ($3::text[] IS NULL OR type = ANY($3::text[]))
        ORDER BY id DESC LIMIT $4`,
      [botId, beforeId ?? null, types ?? null, limit + 1],
    );
  }

  async position(botId: string): Promise<PositionRow | null> {
    const [row] = await this.sql.query<PositionRow>(
      `SELECT base_amount::text, average_entry::text, realized_pnl::text, fees_quote::text,
              trades_count FROM bot_positions WHERE bot_id = $1`,
      [botId],
    );
    return row ?? null;
  }

  paperBalances(botId: string): Promise<BalanceRow[]> {
    return this.sql.query<BalanceRow>(
      `SELECT asset, free::text, used::text, (free + used)::text AS total
         FROM paper_balances WHERE bot_id = $1 ORDER BY asset`,
      [botId],
    );
  }
}
