import { OwnershipAudit } from '@platform/testing';
import type { ClaimRecord, TokenInterval } from './history';

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
 * The harness's window on the throwaway database: seeding, the live state it polls while
 * waiting for the cluster to settle, and the history it analyses at the end. All SQL goes
 * through OwnershipAudit's connection.
 */
export class ChaosDatabase {
  private constructor(readonly audit: OwnershipAudit) {}

  static async connect(url: string): Promise<ChaosDatabase> {
    return new ChaosDatabase(await OwnershipAudit.connect(url));
  }

  close(): Promise<void> {
    return this.audit.close();
  }

  /** A user with `count` desired-running bots (the SQL of e2e/src/support/bots.ts). */
  async seedRunningBots(count: number): Promise<string[]> {
    const users = await this.audit.query<{ id: string }>(
      `INSERT INTO users (email, password_hash) VALUES ('chaos-' || gen_random_uuid() || '@example.com', 'h') RETURNING id`,
    );
    const rows = await this.audit.query<{ id: string }>(
      `INSERT INTO bots (user_id, name, exchange_id, symbol, timeframe, strategy, desired_state)
       SELECT $1, 'bot-' || n, 'binance', 'BTC/USDT', '1m', 'sma-cross', 'running' FROM generate_series(1, $2) n
       RETURNING id`,
      [users[0].id, count],
    );
    return rows.map((r) => r.id);
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
}
