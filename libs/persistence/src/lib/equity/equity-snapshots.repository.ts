import { Inject, Injectable } from '@nestjs/common';
import { SQL, type Sql } from '../sql/sql';
import type { EquityRecording, HeldBotPrice } from './equity.types';
import { QUOTE_OF_BOT } from './quote-of-bot';

// A bot row locked by a frozen owner is freed by its idle_in_transaction_session_timeout (the
// workers set it to a lease TTL, 3 s): wait a little longer than that, not forever. And a
// minute's rows must have landed before PortfolioTotals sums that minute (2 minutes later).
const LOCK_TIMEOUT = '5s';
const STATEMENT_TIMEOUT = '15s';

/**
 * The minute's equity snapshot of every bot a worker holds, in one statement (docs/architecture.md
 * rule 3, fencing, done as a join rather than one transaction per bot). Each bot's row is locked
 * FOR SHARE on `fence_token = its claim's`, in id order: a claim by a newer owner (an UPDATE
 * of that row) either waits for this statement or has committed before it, and then the stale
 * claim matches nothing and its row is simply not written. A released claim writes nothing
 * either. `at` is the minute by Postgres' clock, and an upsert: a takeover within the same
 * minute overwrites the row rather than adding a second.
 *
 * Equity is in the quote currency. Paper: quote balance + base balance x price (its own books,
 * `paper_balances`). Live: realized + unrealized profit, since the account's balance is shared
 * with whatever else its owner holds there. Values come from Postgres (`bot_positions`,
 * `paper_balances`); the worker sends only its claims and prices. A bot holding something the
 * worker has no price for gets no row that minute rather than a made-up value.
 */
@Injectable()
export class EquitySnapshotsRepository {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  record(bots: readonly HeldBotPrice[]): Promise<EquityRecording> {
    return this.sql.transaction(async (tx) => {
      await tx.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
      await tx.query(`SET LOCAL statement_timeout = '${STATEMENT_TIMEOUT}'`);
      const [row] = await tx.query<{
        at: Date;
        database_now: Date;
        current: string[];
        written: string[];
      }>(SNAPSHOT, [
        bots.map((b) => b.claim.botId),
        bots.map((b) => b.claim.fenceToken),
        bots.map((b) => b.price),
      ]);
      return {
        at: row.at,
        databaseNow: row.database_now,
        current: row.current,
        written: row.written,
      };
    });
  }
}

const SNAPSHOT = `
  WITH held AS (
    SELECT b.id AS bot_id, b.mode, c.price,
           split_part(b.symbol, '/', 1) AS base_asset,
           ${QUOTE_OF_BOT} AS quote_asset
      FROM unnest($1::uuid[], $2::bigint[], $3::numeric[]) AS c(bot_id, fence_token, price)
      JOIN bots b ON b.id = c.bot_id AND b.fence_token = c.fence_token
      JOIN bot_runtime r
        ON r.bot_id = c.bot_id AND r.fence_token = c.fence_token AND r.released_at IS NULL
     ORDER BY b.id
       FOR SHARE OF b),
  valued AS (
    SELECT h.bot_id, h.mode, h.price,
           COALESCE(p.base_amount, 0) AS position_base,
           COALESCE(p.realized_pnl, 0) AS realized_profit,
           CASE WHEN p.average_entry IS NULL OR h.price IS NULL THEN 0
                ELSE p.base_amount * (h.price - p.average_entry) END AS unrealized_profit,
           COALESCE(pb.quote_held, 0) AS quote_held,
           COALESCE(pb.base_held, 0) AS base_held
      FROM held h
      LEFT JOIN bot_positions p ON p.bot_id = h.bot_id
      LEFT JOIN LATERAL (
        SELECT sum(free + used) FILTER (WHERE asset = h.quote_asset) AS quote_held,
               sum(free + used) FILTER (WHERE asset = h.base_asset) AS base_held
          FROM paper_balances WHERE bot_id = h.bot_id) pb ON h.mode = 'paper'),
  written AS (
    INSERT INTO bot_equity
      (bot_id, at, equity, realized_profit, unrealized_profit, position_base, price)
    SELECT bot_id, date_trunc('minute', now()),
           CASE WHEN mode = 'paper' THEN quote_held + base_held * COALESCE(price, 0)
                ELSE realized_profit + unrealized_profit END,
           realized_profit, unrealized_profit, position_base, price
      FROM valued
     WHERE price IS NOT NULL
        OR (CASE WHEN mode = 'paper' THEN base_held ELSE position_base END) = 0
    ON CONFLICT (bot_id, at) DO UPDATE SET
      equity = EXCLUDED.equity, realized_profit = EXCLUDED.realized_profit,
      unrealized_profit = EXCLUDED.unrealized_profit, position_base = EXCLUDED.position_base,
      price = EXCLUDED.price
    RETURNING bot_id)
  SELECT date_trunc('minute', now()) AS at, clock_timestamp() AS database_now,
         ARRAY(SELECT bot_id::text FROM held) AS current,
         ARRAY(SELECT bot_id::text FROM written) AS written`;
