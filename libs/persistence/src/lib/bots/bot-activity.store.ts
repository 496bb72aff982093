import { Inject, Injectable } from '@nestjs/common';
import { afterCursor, cursorParams, sortKey, type TimeCursor } from '../sql/keyset';
import { SQL, type Sql } from '../sql/sql';

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

/**
 * What a bot did, newest first, `limit + 1` rows per page (keyset: fast at any depth). The
 * caller has checked that the bot is the user's.
 */
@Injectable()
export class BotActivityStore {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  orders(botId: string, limit: number, before?: TimeCursor): Promise<OrderRow[]> {
    return this.sql.query<OrderRow>(
      `SELECT id, client_order_id, exchange_order_id, side, type, status, amount::text,
              price::text, filled::text, average_price::text, signal, error, created_at,
              updated_at, ${sortKey('created_at')}
         FROM orders
        WHERE bot_id = $1 AND ${afterCursor('created_at', 2)}
        ORDER BY created_at DESC, id DESC LIMIT $4`,
      [botId, ...cursorParams(before), limit + 1],
    );
  }

  trades(botId: string, limit: number, before?: TimeCursor): Promise<TradeRow[]> {
    return this.sql.query<TradeRow>(
      `SELECT id, order_id, exchange_trade_id, side, price::text, amount::text, fee::text,
              fee_currency, executed_at, ${sortKey('executed_at')}
         FROM trades
        WHERE bot_id = $1 AND ${afterCursor('executed_at', 2)}
        ORDER BY executed_at DESC, id DESC LIMIT $4`,
      [botId, ...cursorParams(before), limit + 1],
    );
  }

  events(botId: string, limit: number, beforeId?: string): Promise<EventRow[]> {
    return this.sql.query<EventRow>(
      `SELECT id::text, type, message, data, created_at FROM bot_events
        WHERE bot_id = $1 AND ($2::bigint IS NULL OR id < $2::bigint)
        ORDER BY id DESC LIMIT $3`,
      [botId, beforeId ?? null, limit + 1],
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
