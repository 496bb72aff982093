import { Client } from 'pg';

/**
 * Reads the ownership history that bot-workers leave in Postgres (claims in bot_events,
 * heartbeats in bot_heartbeats) and answers the safety questions of the chaos harness and
 * the supervisor tests.
 */
export class OwnershipAudit {
  private constructor(private readonly sql: Client) {}

  static async connect(databaseUrl: string): Promise<OwnershipAudit> {
    const sql = new Client({ connectionString: databaseUrl });
    await sql.connect();
    return new OwnershipAudit(sql);
  }

  close(): Promise<void> {
    return this.sql.end();
  }

  /** Heartbeats written with a token after a newer token had been claimed: must be 0. */
  async staleWritesAccepted(): Promise<number> {
    const { rows } = await this.sql.query<{ n: string }>(`
      SELECT count(*) AS n FROM bot_heartbeats h
       WHERE EXISTS (SELECT 1 FROM bot_events e
                      WHERE e.bot_id = h.bot_id AND e.type = 'bot.claimed'
                        AND e.fence_token > h.fence_token AND e.created_at < h.at)`);
    return Number(rows[0].n);
  }

  /** Current owner (worker id) of every bot that ticked in the last `withinMs`. */
  async activeOwners(withinMs: number): Promise<Map<string, string>> {
    const { rows } = await this.sql.query<{ bot_id: string; worker_id: string }>(
      `SELECT bot_id, worker_id FROM bot_runtime
        WHERE released_at IS NULL AND last_tick_at > clock_timestamp() - make_interval(secs => $1::float / 1000)`,
      [withinMs],
    );
    return new Map(rows.map((r) => [r.bot_id, r.worker_id]));
  }

  /** How many bots each worker runs now (bots ticking within `withinMs`). */
  async botsPerWorker(withinMs: number): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const worker of (await this.activeOwners(withinMs)).values())
      counts.set(worker, (counts.get(worker) ?? 0) + 1);
    return counts;
  }

  async query<R extends Record<string, unknown>>(
    text: string,
    params: unknown[] = [],
  ): Promise<R[]> {
    return (await this.sql.query<R>(text, params)).rows;
  }
}
