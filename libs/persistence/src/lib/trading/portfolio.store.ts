import { Inject, Injectable } from '@nestjs/common';
import type { BotLiveStatus } from '@platform/contracts';
import { ACTUAL_STATE, BOT_FROM, isoText, LIVE } from '../bots/bot-row';
import type { BotDesiredState, BotMode } from '../schema/domain-values';
import { SQL, type Sql } from '../sql/sql';

export interface PortfolioRow {
  id: string;
  name: string;
  exchange_id: string;
  symbol: string;
  mode: BotMode;
  strategy: string;
  desired_state: BotDesiredState;
  last_error: string | null;
  last_error_iso: string | null;
  worker_id: string | null;
  host: string | null;
  claimed_iso: string | null;
  last_tick_iso: string | null;
  live: boolean;
  actual_state: BotLiveStatus;
  base_amount: string;
  average_entry: string | null;
  realized_pnl: string;
  fees_quote: string;
  trades_count: number;
}

/** A user's bots with placement and position: one query, however many bots. */
@Injectable()
export class PortfolioStore {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  /** The newest `limit` bots that are not deleted. */
  bots(userId: string, limit: number): Promise<PortfolioRow[]> {
    return this.sql.query<PortfolioRow>(
      `SELECT b.id, b.name, b.exchange_id, b.symbol, b.mode, b.strategy, b.desired_state,
              b.last_error, ${isoText('b.last_error_at')} AS last_error_iso,
              r.worker_id, r.host, ${isoText('r.claimed_at')} AS claimed_iso,
              ${isoText('r.last_tick_at')} AS last_tick_iso, ${LIVE},
              ${ACTUAL_STATE} AS actual_state,
              COALESCE(p.base_amount, 0)::text AS base_amount, p.average_entry::text,
              COALESCE(p.realized_pnl, 0)::text AS realized_pnl,
              COALESCE(p.fees_quote, 0)::text AS fees_quote,
              COALESCE(p.trades_count, 0) AS trades_count
         FROM ${BOT_FROM} LEFT JOIN bot_positions p ON p.bot_id = b.id
        WHERE b.user_id = $1 AND b.deleted_at IS NULL
        ORDER BY b.created_at DESC, b.id DESC LIMIT $2`,
      [userId, limit],
    );
  }
}
