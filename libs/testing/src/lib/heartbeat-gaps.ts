import type { OwnershipAudit } from './ownership-audit';

/**
 * Per bot, the longest stretch in [from, to] without a fenced heartbeat (one is written per tick
 * by whichever worker holds the bot; BOT_HEARTBEAT_HISTORY): how long the bot had no owner that
 * acted, plus at most one tick. The window's ends count as beats, so a bot that stops ticking
 * shows the whole rest of the window. Also where each bot's longest gap ended.
 */
export async function longestHeartbeatGaps(
  audit: Pick<OwnershipAudit, 'query'>,
  botIds: string[],
  from: Date,
  to: Date,
): Promise<Map<string, { gapMs: number; endedAt: Date }>> {
  const rows = await audit.query<{ bot_id: string; gap: string; ended_at: Date }>(
    `WITH beats AS (
       SELECT bot_id, at FROM bot_heartbeats
        WHERE bot_id = ANY($1::uuid[]) AND at > $2 AND at < $3
       UNION ALL SELECT id, $2::timestamptz FROM unnest($1::uuid[]) AS id
       UNION ALL SELECT id, $3::timestamptz FROM unnest($1::uuid[]) AS id),
     gaps AS (
       SELECT bot_id, at AS ended_at,
              extract(epoch FROM at - lag(at) OVER (PARTITION BY bot_id ORDER BY at)) * 1000 AS gap_ms
         FROM beats)
     SELECT DISTINCT ON (bot_id) bot_id, round(gap_ms)::text AS gap, ended_at
       FROM gaps WHERE gap_ms IS NOT NULL ORDER BY bot_id, gaps.gap_ms DESC`,
    [botIds, from, to],
  );
  return new Map(rows.map((r) => [r.bot_id, { gapMs: Number(r.gap), endedAt: r.ended_at }]));
}

/**
 * Per bot claimed again in [from, to]: the longest time from the previous owner's last fenced
 * heartbeat to the next claim (`bot.claimed`, a newer token): how long the bot had no owner.
 * Bots not claimed anew in the window are absent.
 */
export async function longestOwnerlessGaps(
  audit: Pick<OwnershipAudit, 'query'>,
  botIds: string[],
  from: Date,
  to: Date,
): Promise<Map<string, number>> {
  const rows = await audit.query<{ bot_id: string; gap: string }>(
    `SELECT e.bot_id, round(max(extract(epoch FROM e.created_at - last.at) * 1000))::text AS gap
       FROM bot_events e
       CROSS JOIN LATERAL (
         SELECT max(h.at) AS at FROM bot_heartbeats h
          WHERE h.bot_id = e.bot_id AND h.fence_token < e.fence_token AND h.at < e.created_at) last
      WHERE e.type = 'bot.claimed' AND e.bot_id = ANY($1::uuid[])
        AND e.created_at > $2 AND e.created_at < $3 AND last.at IS NOT NULL
      GROUP BY e.bot_id`,
    [botIds, from, to],
  );
  return new Map(rows.map((r) => [r.bot_id, Number(r.gap)]));
}
