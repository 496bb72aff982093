import type { DataSource, EntityManager } from 'typeorm';
import { NEEDS_AN_OWNER } from '../bots/needs-an-owner';
import { StaleFenceTokenError } from './stale-fence-token.error';

const CLAIM_LOCK_TIMEOUT_MS = 500;

export interface Claim {
  botId: string;
  fenceToken: string;
}

/** A fresh claim, and whether it took the bot over from an owner that never let it go. */
export interface NewClaim extends Claim {
  /**
   * Set when the previous owner never released the bot (it died or was cut off): how long the
   * bot had gone without an owner, counted from that owner's last alive mark
   * (`bot_runtime.last_tick_at`, or its claim when it never marked one), so at most one mark
   * interval more than the true gap.
   */
  failover: { unownedSeconds: number } | null;
}

/**
 * The only way a running bot writes (docs/architecture.md rule 3: fencing tokens stop a paused worker). `claim` takes the bot's next fencing token from
 * Postgres; `write` runs work in a transaction that first locks the bot's row on the condition
 * `fence_token = mine`. A claim by a newer owner bumps the token under the same row lock, so
 * once it commits, every write from an older owner finds zero rows and is refused.
 */
export class FencedWriter {
  constructor(
    private readonly dataSource: DataSource,
    /** false only in the chaos harness's baseline run, to show what fencing prevents. */
    private readonly fencingEnabled = true,
  ) {}

  /**
   * Takes the next token for a bot that needs an owner (it should run, or has orders to settle
   * or a user's action to carry out), records who runs it, and returns the claim; null if it no
   * longer needs one (stopped, settled or deleted meanwhile).
   */
  async claim(botId: string, workerId: string, host: string): Promise<NewClaim | null> {
    return this.dataSource.transaction(async (tx) => {
      // A worker frozen inside a fenced write holds the bot's row lock; do not queue behind it
      // (the session is ended by idle_in_transaction_session_timeout), try again next pass.
      await tx.query(`SET LOCAL lock_timeout = '${CLAIM_LOCK_TIMEOUT_MS}ms'`);
      // the next token, and in the same statement the previous owner if it never let the bot go
      // (a release clears worker_id): a failover, timed from that owner's last alive mark
      const rows: { fence_token: string; unowned_seconds: number | null }[] = await tx.query(
        `WITH next AS (
           UPDATE bots b SET fence_token = b.fence_token + 1
            WHERE b.id = $1 AND ${NEEDS_AN_OWNER}
            RETURNING b.id, b.fence_token)
         SELECT next.fence_token,
                EXTRACT(EPOCH FROM clock_timestamp() - COALESCE(r.last_tick_at, r.claimed_at))::float8
                  AS unowned_seconds
           FROM next
           LEFT JOIN bot_runtime r
             ON r.bot_id = next.id AND r.worker_id IS NOT NULL AND r.released_at IS NULL`,
        [botId],
      );
      if (rows.length === 0) return null;
      const fenceToken = String(rows[0].fence_token);
      await tx.query(
        `INSERT INTO bot_runtime (bot_id, worker_id, host, fence_token, claimed_at)
         VALUES ($1, $2, $3, $4, clock_timestamp())
         ON CONFLICT (bot_id) DO UPDATE SET worker_id = $2, host = $3, fence_token = $4,
           claimed_at = clock_timestamp(), last_tick_at = NULL, released_at = NULL`,
        [botId, workerId, host, fenceToken],
      );
      await tx.query(
        `INSERT INTO bot_events (bot_id, fence_token, type, message, data, created_at)
         VALUES ($1, $2, 'bot.claimed', $3, $4, clock_timestamp())`,
        [botId, fenceToken, `claimed by ${workerId}`, JSON.stringify({ workerId, host })],
      );
      const unownedSeconds = rows[0].unowned_seconds;
      const failover =
        unownedSeconds == null ? null : { unownedSeconds: Math.max(0, unownedSeconds) };
      return { botId, fenceToken, failover };
    });
  }

  /** Runs `work` only while `claim` is still the bot's newest; throws StaleFenceTokenError otherwise. */
  async write<T>(claim: Claim, work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (tx) => {
      if (this.fencingEnabled) {
        const rows: unknown[] = await tx.query(
          `SELECT 1 FROM bots WHERE id = $1 AND fence_token = $2 FOR UPDATE`,
          [claim.botId, claim.fenceToken],
        );
        if (rows.length === 0) throw new StaleFenceTokenError(claim.botId, claim.fenceToken);
      }
      return work(tx);
    });
  }

  /** The runtime stub's heartbeat: one fenced row of history plus the bot's last tick. */
  heartbeat(claim: Claim, workerId: string): Promise<void> {
    return this.write(claim, async (tx) => {
      await tx.query(
        `INSERT INTO bot_heartbeats (bot_id, worker_id, fence_token) VALUES ($1, $2, $3)`,
        [claim.botId, workerId, claim.fenceToken],
      );
      await tx.query(
        `UPDATE bot_runtime SET last_tick_at = clock_timestamp() WHERE bot_id = $1 AND fence_token = $2`,
        [claim.botId, claim.fenceToken],
      );
    });
  }

  /** Records that the owner let the bot go (stopped, handed over, or shutting down). */
  release(claim: Claim, reason: string): Promise<void> {
    return this.write(claim, async (tx) => {
      await tx.query(
        `UPDATE bot_runtime SET released_at = clock_timestamp(), worker_id = NULL WHERE bot_id = $1 AND fence_token = $2`,
        [claim.botId, claim.fenceToken],
      );
      await tx.query(
        `INSERT INTO bot_events (bot_id, fence_token, type, message, created_at) VALUES ($1, $2, 'bot.released', $3, clock_timestamp())`,
        [claim.botId, claim.fenceToken, reason],
      );
    });
  }
}
