import { Inject, Injectable } from '@nestjs/common';
import { SQL, type Sql } from '../sql/sql';

export interface DesiredBot {
  id: string;
  /** Only workers carrying this tag may run it; null: any worker. */
  placementTag: string | null;
  /**
   * Stopped by its user, with orders left to settle or a manual action to carry out: it needs
   * an owner until they are done.
   */
  stopping: boolean;
  /**
   * Whether a stop cancels its open orders, as the column says now: the user may change it
   * while the bot runs, after its worker loaded the bot.
   */
  cancelOrdersOnStop: boolean;
  /** Its pending manual actions (cancel orders, sell all), oldest first: before anything else. */
  actionIds: string[];
}

/**
 * The bots that need an owner: the running ones (as `listRunning` read them, without actions)
 * with their pending actions, then the settling ones. Copies only what it changes.
 */
export function withActions(
  running: DesiredBot[],
  settling: DesiredBot[],
  actions: ReadonlyMap<string, string[]>,
): DesiredBot[] {
  const acting =
    actions.size === 0
      ? running
      : running.map((bot) =>
          actions.has(bot.id) ? { ...bot, actionIds: actions.get(bot.id) ?? [] } : bot,
        );
  return settling.length === 0 ? acting : [...acting, ...settling];
}

export interface ActiveFeed {
  exchangeId: string;
  symbol: string;
  timeframe: string;
  /** Each distinct strategy and params among the feed's running bots, params as stored. */
  strategies: { strategy: string; params: unknown }[];
}

/** A worker's claim on a bot, as the worker last wrote it (bot_runtime). */
export interface BotClaim {
  workerId: string | null;
  host: string | null;
  fenceToken: string;
  claimedAt: Date;
  lastTickAt: Date | null;
}

/** A bot as the cluster view names it, and its claim (null: no worker holds one now). */
export interface BotPlacement {
  botId: string;
  name: string;
  ownerId: string;
  ownerEmail: string;
  claim: BotClaim | null;
}

/** The bots across all users, as the supervisors, market-data and the cluster view read them. */
@Injectable()
export class BotsRepository {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  /**
   * What the supervisors reconcile against: every bot that should run, every bot with a
   * pending manual action (whoever can act next does it, stopped or not), and every bot its
   * user stopped or deleted that still has orders to settle (pending ones resolved, open ones
   * cancelled unless the bot keeps them). A bot the engine stopped on an error (last_error) is
   * left as it is, unless its user asked for an action: its keys or funds need a person first.
   * Driven by the small partial indexes on orders and bot_actions. `FencedWriter.claim` checks
   * the same rule for one bot (`NEEDS_AN_OWNER`).
   */
  /**
   * The bots that need an owner now: desired running, or settling after a stop (see
   * `DesiredBot.stopping`), each with its pending manual actions.
   */
  async listDesiredRunning(): Promise<DesiredBot[]> {
    const [running, { settling, actions }] = await Promise.all([
      this.listRunning(),
      this.listSettling(),
    ]);
    return withActions(running, settling, actions);
  }

  /**
   * Moves whenever the set of desired-running bots may have changed (a statement trigger on
   * `bots`): `listRunning` needs reading again only when this moved.
   */
  async desiredGeneration(): Promise<string> {
    const [row] = await this.sql.query<{ value: string }>(
      `SELECT value::text AS value FROM bot_desired_generation`,
    );
    return row?.value ?? '0';
  }

  /** The bots desired running, without their actions (`listSettling` has those). */
  async listRunning(): Promise<DesiredBot[]> {
    const rows = await this.sql.query<{
      id: string;
      placement_tag: string | null;
      cancel_orders_on_stop: boolean;
    }>(
      `SELECT id, placement_tag, cancel_orders_on_stop FROM bots
        WHERE desired_state = 'running' AND deleted_at IS NULL`,
    );
    return rows.map((r) => ({
      id: r.id,
      placementTag: r.placement_tag,
      stopping: false,
      cancelOrdersOnStop: r.cancel_orders_on_stop,
      actionIds: [],
    }));
  }

  /**
   * The few bots that need an owner though not desired running (orders to settle, a manual
   * action to carry out), and every bot's pending actions: small, read on every pass.
   */
  async listSettling(): Promise<{ settling: DesiredBot[]; actions: Map<string, string[]> }> {
    const rows = await this.sql.query<{
      id: string;
      placement_tag: string | null;
      settling: boolean;
      cancel_orders_on_stop: boolean;
      action_ids: string[] | null;
    }>(
      `WITH acting AS (
         SELECT bot_id, array_agg(id ORDER BY requested_at, id) AS action_ids
           FROM bot_actions WHERE status = 'pending' GROUP BY bot_id),
       unsettled AS (
         SELECT bot_id FROM acting
         UNION
         SELECT bot_id FROM orders WHERE status IN ('intent', 'unknown')
         UNION
         SELECT o.bot_id FROM orders o JOIN bots c ON c.id = o.bot_id
          WHERE o.status IN ('open', 'partially_filled') AND c.cancel_orders_on_stop)
       SELECT b.id, b.placement_tag, true AS settling, b.cancel_orders_on_stop, a.action_ids
         FROM unsettled u JOIN bots b ON b.id = u.bot_id LEFT JOIN acting a ON a.bot_id = b.id
        WHERE NOT (b.desired_state = 'running' AND b.deleted_at IS NULL)
          AND (a.bot_id IS NOT NULL OR b.last_error IS NULL)
       UNION ALL
       SELECT a.bot_id, NULL, false, false, a.action_ids
         FROM acting a JOIN bots b ON b.id = a.bot_id
        WHERE b.desired_state = 'running' AND b.deleted_at IS NULL`,
    );
    const settling: DesiredBot[] = [];
    const actions = new Map<string, string[]>();
    for (const r of rows) {
      if (r.settling)
        settling.push({
          id: r.id,
          placementTag: r.placement_tag,
          stopping: true,
          cancelOrdersOnStop: r.cancel_orders_on_stop,
          actionIds: r.action_ids ?? [],
        });
      else actions.set(r.id, r.action_ids ?? []);
    }
    return { settling, actions };
  }

  /**
   * The market feeds running bots need: each distinct (exchange, symbol, timeframe), with the
   * distinct strategy settings of its bots (market-data keeps the candles they need). A bot
   * with a pending manual action counts as running here: selling everything needs a current
   * price even when the bot was stopped.
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
         FROM (SELECT exchange_id, symbol, timeframe, strategy, params FROM bots
                WHERE desired_state = 'running' AND deleted_at IS NULL
               UNION ALL
               SELECT b.exchange_id, b.symbol, b.timeframe, b.strategy, b.params
                 FROM bots b
                 JOIN (SELECT DISTINCT bot_id FROM bot_actions WHERE status = 'pending') a
                   ON a.bot_id = b.id) AS feeds
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    );
    return rows.map((r) => ({
      exchangeId: r.exchange_id,
      symbol: r.symbol,
      timeframe: r.timeframe,
      strategies: r.strategies,
    }));
  }

  /**
   * Where bots run now, as their owners last wrote it, with each bot's name and owner: one
   * query for any number of bots. Bots that do not exist are left out.
   */
  async placements(botIds: string[]): Promise<BotPlacement[]> {
    if (botIds.length === 0) return [];
    const rows = await this.sql.query<{
      bot_id: string;
      name: string;
      owner_id: string;
      owner_email: string;
      worker_id: string | null;
      host: string | null;
      fence_token: string | null;
      claimed_at: Date | null;
      last_tick_at: Date | null;
    }>(
      `SELECT b.id AS bot_id, b.name, u.id AS owner_id, u.email AS owner_email,
              r.worker_id, r.host, r.fence_token, r.claimed_at, r.last_tick_at
         FROM bots b JOIN users u ON u.id = b.user_id
         LEFT JOIN bot_runtime r ON r.bot_id = b.id AND r.released_at IS NULL
        WHERE b.id = ANY($1::uuid[])`,
      [botIds],
    );
    return rows.map((r) => ({
      botId: r.bot_id,
      name: r.name,
      ownerId: r.owner_id,
      ownerEmail: r.owner_email,
      claim:
        r.claimed_at === null
          ? null
          : {
              workerId: r.worker_id,
              host: r.host,
              fenceToken: String(r.fence_token),
              claimedAt: r.claimed_at,
              lastTickAt: r.last_tick_at,
            },
    }));
  }
}
