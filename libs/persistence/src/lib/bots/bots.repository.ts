import { Inject, Injectable } from '@nestjs/common';
import { SQL, type Sql } from '../sql/sql';

export interface DesiredBot {
  id: string;
  /** Only workers carrying this tag may run it; null: any worker. */
  placementTag: string | null;
  /** Stopped by its user, with orders left to settle: it needs an owner until they are. */
  stopping: boolean;
  /**
   * Whether a stop cancels its open orders, as the column says now: the user may change it
   * while the bot runs, after its worker loaded the bot.
   */
  cancelOrdersOnStop: boolean;
}

export interface ActiveFeed {
  exchangeId: string;
  symbol: string;
  timeframe: string;
  /** Each distinct strategy and params among the feed's running bots, params as stored. */
  strategies: { strategy: string; params: unknown }[];
}

export interface BotPlacement {
  botId: string;
  workerId: string | null;
  host: string | null;
  fenceToken: string;
  claimedAt: Date;
  lastTickAt: Date | null;
}

/** The bots across all users, as the supervisors, market-data and the cluster view read them. */
@Injectable()
export class BotsRepository {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  /**
   * What the supervisors reconcile against: every bot that should run, and every bot its user
   * stopped or deleted that still has orders to settle (pending ones resolved, open ones
   * cancelled unless the bot keeps them). A bot the engine stopped on an error (last_error) is
   * left as it is: its keys or funds need a person first. Driven by the small partial indexes
   * on orders.
   */
  async listDesiredRunning(): Promise<DesiredBot[]> {
    const rows = await this.sql.query<{
      id: string;
      placement_tag: string | null;
      stopping: boolean;
      cancel_orders_on_stop: boolean;
    }>(
      `SELECT id, placement_tag, false AS stopping, cancel_orders_on_stop FROM bots
          WHERE desired_state = 'running' AND deleted_at IS NULL
         UNION ALL
         SELECT b.id, b.placement_tag, true, b.cancel_orders_on_stop FROM bots b
          WHERE b.desired_state = 'stopped' AND b.last_error IS NULL
            AND b.id IN (
              SELECT bot_id FROM orders WHERE status IN ('intent', 'unknown')
              UNION
              SELECT o.bot_id FROM orders o JOIN bots c ON c.id = o.bot_id
               WHERE o.status IN ('open', 'partially_filled') AND c.cancel_orders_on_stop)`,
    );
    return rows.map((r) => ({
      id: r.id,
      placementTag: r.placement_tag,
      stopping: r.stopping,
      cancelOrdersOnStop: r.cancel_orders_on_stop,
    }));
  }

  /**
   * The market feeds running bots need: each distinct (exchange, symbol, timeframe), with the
   * distinct strategy settings of its bots (market-data keeps the candles they need).
   */
  async listActiveFeeds(): Promise<ActiveFeed[]> {
    const rows = await this.sql.query<{
      exchange_id: string;
      symbol: string;
      timeframe: string;
      strategies: ActiveFeed['strategies'];
    }>(
      `SELECT exchange_id, symbol, timeframe,
              jsonb_agg(DISTINCT jsonb_build_object('strategy', strategy, 'params', params))
                AS strategies
         FROM bots WHERE desired_state = 'running' AND deleted_at IS NULL
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    );
    return rows.map((r) => ({
      exchangeId: r.exchange_id,
      symbol: r.symbol,
      timeframe: r.timeframe,
      strategies: r.strategies,
    }));
  }

  /** Where bots run now, as their owners last wrote it. */
  async placements(botIds: string[]): Promise<BotPlacement[]> {
    if (botIds.length === 0) return [];
    const rows = await this.sql.query<{
      bot_id: string;
      worker_id: string | null;
      host: string | null;
      fence_token: string;
      claimed_at: Date;
      last_tick_at: Date | null;
    }>(
      `SELECT bot_id, worker_id, host, fence_token, claimed_at, last_tick_at FROM bot_runtime
        WHERE bot_id = ANY($1) AND released_at IS NULL`,
      [botIds],
    );
    return rows.map((r) => ({
      botId: r.bot_id,
      workerId: r.worker_id,
      host: r.host,
      fenceToken: String(r.fence_token),
      claimedAt: r.claimed_at,
      lastTickAt: r.last_tick_at,
    }));
  }
}
