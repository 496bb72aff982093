import type { Sql } from '../sql/sql';

// What each bot the disable stops logs; no fencing token: an operator's act, not a worker's.
const STOPPED_MESSAGE = 'stopped: an admin disabled the account';
const STOPPED_DATA = JSON.stringify({ by: 'admin' });

/**
 * Marks the user disabled (since the first disable; a reason given replaces the old one) and
 * sets every bot of theirs that should run to stopped, each with a `bot.stopped` event, as a
 * user's stop does: the workers let the bots go and settle their orders (rule 1). The user's row
 * is written first: that waits for a start holding its share lock (SubscriptionsStore.lock), so
 * the bots' UPDATE, a statement of its own, sees the bot that start set running. The ids of the
 * bots it stopped; null when the user does not exist.
 */
export async function disableUser(
  tx: Sql,
  id: string,
  reason: string | null,
): Promise<string[] | null> {
  const marked = await tx.query(
    `UPDATE users SET disabled_at = COALESCE(disabled_at, now()),
       disabled_reason = COALESCE($2, disabled_reason), updated_at = now()
     WHERE id = $1 RETURNING id`,
    [id, reason],
  );
  if (marked.length === 0) return null;
  const stopped = await tx.query<{ id: string }>(
    `WITH stopped AS (
       UPDATE bots SET desired_state = 'stopped', updated_at = now()
        WHERE user_id = $1 AND desired_state = 'running' RETURNING id),
     logged AS (
       INSERT INTO bot_events (bot_id, fence_token, type, message, data)
       SELECT id, NULL, 'bot.stopped', $2, $3::jsonb FROM stopped)
     SELECT id FROM stopped`,
    [id, STOPPED_MESSAGE, STOPPED_DATA],
  );
  return stopped.map((row) => row.id);
}

/** Clears the mark (the bots stay stopped: their user starts them). False: no such user. */
export async function enableUser(db: Sql, id: string): Promise<boolean> {
  const rows = await db.query(
    `UPDATE users SET disabled_at = NULL, disabled_reason = NULL,
       updated_at = CASE WHEN disabled_at IS NULL THEN updated_at ELSE now() END
     WHERE id = $1 RETURNING id`,
    [id],
  );
  return rows.length > 0;
}
