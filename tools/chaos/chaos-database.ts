import { type ExchangeCredentials, type KeyRing, sealCredentials } from '@platform/exchange';
import { OwnershipAudit, seedAccount, seedBots, seedUser } from '@platform/testing';
import type { BotBook, RepeatedTrade } from './balance-reconciliation';
import type { ClaimRecord, TokenInterval } from './history';
import type { DbOrder, DbTrade } from './trading-audit';

export interface LiveBotsSeed {
  count: number;
  /** One exchange account per key; `botsPerKey` bots on each. */
  keys: readonly ExchangeCredentials[];
  botsPerKey: number;
  ring: KeyRing;
  symbols: readonly string[];
  /** The DCA strategy's params. */
  params: Record<string, unknown>;
}

export interface SeededBot {
  botId: string;
  symbol: string;
  apiKey: string;
}

/** A write on a bot's behalf (an order intent or a bot event) that a stale token made. */
export interface StaleTradingWrite {
  table: 'orders' | 'bot_events';
  atUs: number;
}

/** Where one desired-running bot stands now, from bot_runtime. */
export interface BotState {
  botId: string;
  workerId: string | null;
  token: number | null;
  released: boolean;
  lastTickUs: number | null;
}

const micros = (column: string) => `(extract(epoch FROM ${column}) * 1000000)::bigint::text`;
const num = (value: unknown): number => Number(value);
const numOrNull = (value: unknown): number | null => (value === null ? null : Number(value));

/**
 * The harness's window on the throwaway database: seeding (the seed builders of
 * @platform/testing), the live state it polls while waiting for the cluster to settle, and the
 * history it analyses at the end. All SQL goes through OwnershipAudit's connection.
 */
export class ChaosDatabase {
  private constructor(readonly audit: OwnershipAudit) {}

  static async connect(url: string): Promise<ChaosDatabase> {
    return new ChaosDatabase(await OwnershipAudit.connect(url));
  }

  close(): Promise<void> {
    return this.audit.close();
  }

  /**
   * Live DCA bots on the exchange simulator, desired running: per simulator key a user with a
   * verified exchange account (the key sealed with `ring`, as the gateway stores it) and the
   * next `botsPerKey` bots; bot n trades `symbols[n % symbols.length]`.
   */
  async seedLiveBots(seed: LiveBotsSeed): Promise<SeededBot[]> {
    const bots: SeededBot[] = [];
    for (const [k, key] of seed.keys.entries()) {
      const first = k * seed.botsPerKey;
      const count = Math.min(seed.botsPerKey, seed.count - first);
      if (count <= 0) break;
      const user = await seedUser(this.audit);
      const account = await seedAccount(this.audit, user, {
        label: 'chaos',
        verified: true,
        sealedFor: (id) => sealCredentials(seed.ring, id, key),
      });
      const rows = await seedBots(this.audit, count, {
        account,
        name: (n) => `bot-${first + n}`,
        symbol: (n) => seed.symbols[(first + n) % seed.symbols.length],
        strategy: 'dca',
        params: seed.params,
        state: 'running',
      });
      bots.push(...rows.map((r) => ({ botId: r.id, symbol: r.symbol, apiKey: key.apiKey })));
    }
    return bots;
  }

  async botStates(): Promise<BotState[]> {
    const rows = await this.audit.query<Record<string, unknown>>(
      `SELECT b.id AS bot_id, r.worker_id, r.fence_token::text AS token,
              r.released_at IS NOT NULL AS released, ${micros('r.last_tick_at')} AS last_tick_us
         FROM bots b LEFT JOIN bot_runtime r ON r.bot_id = b.id
        WHERE b.desired_state = 'running' AND b.deleted_at IS NULL`,
    );
    return rows.map((r) => ({
      botId: String(r['bot_id']),
      workerId: r['worker_id'] === null ? null : String(r['worker_id']),
      token: numOrNull(r['token']),
      released: r['released'] === true,
      lastTickUs: numOrNull(r['last_tick_us']),
    }));
  }

  /** Desired-running bots without a heartbeat in the last `withinMs` (database clock). */
  async silentBots(withinMs: number): Promise<string[]> {
    const rows = await this.audit.query<{ id: string }>(
      `SELECT b.id FROM bots b
        WHERE b.desired_state = 'running' AND b.deleted_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM bot_heartbeats h WHERE h.bot_id = b.id
                           AND h.at > clock_timestamp() - make_interval(secs => $1::float / 1000))`,
      [withinMs],
    );
    return rows.map((r) => r.id);
  }

  /**
   * When each heartbeat that OwnershipAudit.staleWritesAccepted() counts was written (the same
   * condition), so the report can say which faults they followed.
   */
  async staleWriteTimes(): Promise<number[]> {
    const rows = await this.audit.query<{ at_us: string }>(
      `SELECT ${micros('h.at')} AS at_us FROM bot_heartbeats h
        WHERE EXISTS (SELECT 1 FROM bot_events e
                       WHERE e.bot_id = h.bot_id AND e.type = 'bot.claimed'
                         AND e.fence_token > h.fence_token AND e.created_at < h.at)`,
    );
    return rows.map((r) => num(r.at_us));
  }

  async claims(): Promise<ClaimRecord[]> {
    const rows = await this.audit.query<Record<string, unknown>>(
      `SELECT bot_id, fence_token::text AS token, data->>'workerId' AS worker_id,
              ${micros('created_at')} AS at_us
         FROM bot_events WHERE type = 'bot.claimed'`,
    );
    return rows.map((r) => ({
      botId: String(r['bot_id']),
      token: num(r['token']),
      workerId: String(r['worker_id']),
      atUs: num(r['at_us']),
    }));
  }

  async tokenIntervals(): Promise<TokenInterval[]> {
    const rows = await this.audit.query<Record<string, unknown>>(
      `SELECT bot_id, fence_token::text AS token, ${micros('min(at)')} AS first_us,
              ${micros('max(at)')} AS last_us, count(*)::text AS n
         FROM bot_heartbeats GROUP BY bot_id, fence_token`,
    );
    return rows.map((r) => ({
      botId: String(r['bot_id']),
      token: num(r['token']),
      firstUs: num(r['first_us']),
      lastUs: num(r['last_us']),
      count: num(r['n']),
    }));
  }

  /** Desired-running bots that wrote no order intent since `sinceUs` (they are not trading). */
  async botsWithoutOrderSince(sinceUs: number): Promise<string[]> {
    const rows = await this.audit.query<{ id: string }>(
      `SELECT b.id FROM bots b
        WHERE b.desired_state = 'running' AND b.deleted_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.bot_id = b.id
                           AND o.created_at >= to_timestamp($1::float8 / 1000000))`,
      [sinceUs],
    );
    return rows.map((r) => r.id);
  }

  /** Orders still pending (intent written, outcome not yet known). */
  async pendingOrders(): Promise<number> {
    const rows = await this.audit.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM orders WHERE status IN ('intent', 'unknown')`,
    );
    return num(rows[0].n);
  }

  /** How many orders the workers have recorded as placed so far (for progress lines). */
  async placedOrders(): Promise<number> {
    const rows = await this.audit.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM orders WHERE status IN ('filled', 'partially_filled', 'open')`,
    );
    return num(rows[0].n);
  }

  async orders(): Promise<DbOrder[]> {
    const rows = await this.audit.query<Record<string, unknown>>(
      `SELECT bot_id, client_order_id, status FROM orders`,
    );
    return rows.map((r) => ({
      botId: String(r['bot_id']),
      clientOrderId: String(r['client_order_id']),
      status: String(r['status']),
    }));
  }

  async trades(): Promise<DbTrade[]> {
    const rows = await this.audit.query<Record<string, unknown>>(
      `SELECT o.client_order_id, t.exchange_trade_id, t.amount::text AS amount
         FROM trades t JOIN orders o ON o.id = t.order_id`,
    );
    return rows.map((r) => ({
      clientOrderId: String(r['client_order_id']),
      tradeId: String(r['exchange_trade_id']),
      amount: String(r['amount']),
    }));
  }

  /**
   * Each bot's book: its position (bot_positions) and, summed exactly in numeric from its own
   * trades rows, what they say it holds and paid (fees in the base or quote asset included).
   * `keyOf` maps a bot to the simulator key it was seeded with.
   */
  async botBooks(keyOf: ReadonlyMap<string, string>): Promise<BotBook[]> {
    const rows = await this.audit.query<Record<string, unknown>>(
      `WITH t AS (
         SELECT t.bot_id, count(*) AS n,
                sum(CASE WHEN t.side = 'buy' THEN t.amount ELSE -t.amount END
                    - CASE WHEN t.fee_currency = split_part(b.symbol, '/', 1) THEN t.fee ELSE 0 END) AS base,
                sum(CASE WHEN t.side = 'buy' THEN t.price * t.amount ELSE -t.price * t.amount END
                    + CASE WHEN t.fee_currency = split_part(split_part(b.symbol, '/', 2), ':', 1)
                           THEN t.fee ELSE 0 END) AS quote
           FROM trades t JOIN bots b ON b.id = t.bot_id GROUP BY t.bot_id)
       SELECT b.id, b.symbol, COALESCE(p.base_amount, 0)::text AS position_base,
              COALESCE(p.trades_count, 0)::text AS position_trades, COALESCE(t.n, 0)::text AS rows,
              COALESCE(t.base, 0)::text AS base, COALESCE(t.quote, 0)::text AS quote
         FROM bots b LEFT JOIN bot_positions p ON p.bot_id = b.id LEFT JOIN t ON t.bot_id = b.id
        WHERE b.deleted_at IS NULL`,
    );
    return rows.map((r) => ({
      botId: String(r['id']),
      apiKey: keyOf.get(String(r['id'])) ?? '?',
      symbol: String(r['symbol']),
      positionBase: String(r['position_base']),
      positionTrades: num(r['position_trades']),
      tradeRows: num(r['rows']),
      baseFromTrades: String(r['base']),
      quoteFromTrades: String(r['quote']),
    }));
  }

  /** Exchange trades (symbol, trade id) with more than one row in `trades`. */
  async repeatedTrades(): Promise<RepeatedTrade[]> {
    const rows = await this.audit.query<Record<string, unknown>>(
      `SELECT replace(split_part(o.symbol, ':', 1), '/', '') AS symbol, t.exchange_trade_id,
              count(*)::text AS n
         FROM trades t JOIN orders o ON o.id = t.order_id
        GROUP BY 1, 2 HAVING count(*) > 1`,
    );
    return rows.map((r) => ({
      symbol: String(r['symbol']),
      tradeId: String(r['exchange_trade_id']),
      rows: num(r['n']),
    }));
  }

  /**
   * Trading rows written under a token after a newer token was claimed (the claim's
   * `bot.claimed` event is older than the row): order intents (`orders.created_at`, the intent
   * carries its writer's token) and every bot event but the claims themselves (outcomes,
   * rejections, errors, releases: each carries its writer's token). Fencing makes this empty.
   */
  async staleTradingWrites(): Promise<StaleTradingWrite[]> {
    const rows = await this.audit.query<{ source: string; at_us: string }>(
      `SELECT 'orders' AS source, ${micros('o.created_at')} AS at_us FROM orders o
        WHERE EXISTS (SELECT 1 FROM bot_events e
                       WHERE e.bot_id = o.bot_id AND e.type = 'bot.claimed'
                         AND e.fence_token > o.fence_token AND e.created_at < o.created_at)
       UNION ALL
       SELECT 'bot_events', ${micros('w.created_at')} FROM bot_events w
        WHERE w.type <> 'bot.claimed' AND w.fence_token IS NOT NULL
          AND EXISTS (SELECT 1 FROM bot_events e
                       WHERE e.bot_id = w.bot_id AND e.type = 'bot.claimed'
                         AND e.fence_token > w.fence_token AND e.created_at < w.created_at)`,
    );
    return rows.map((r) => ({
      table: r.source === 'orders' ? 'orders' : 'bot_events',
      atUs: num(r.at_us),
    }));
  }

  /** Bots that stopped themselves (bad keys, no funds, bad config): `<id>: <reason>`. */
  async haltedBots(): Promise<string[]> {
    const rows = await this.audit.query<{ id: string; last_error: string | null }>(
      `SELECT id, last_error FROM bots WHERE desired_state = 'stopped' AND deleted_at IS NULL`,
    );
    return rows.map((r) => `${r.id}: ${r.last_error ?? 'stopped'}`);
  }
}
