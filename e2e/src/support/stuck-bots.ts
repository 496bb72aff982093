import type { Client } from 'pg';
import type { AuditBot } from './audit-bots';

/** Statuses of an order the exchange (or the paper ledger) accepted and the engine recorded. */
const RECORDED = ['open', 'partially_filled', 'filled', 'canceled', 'expired'];

/**
 * Bots with no recorded order created after `since` (Postgres' clock): a bot that reports
 * running but places nothing more. Says when each last recorded one and what it left pending.
 */
export async function botsIdleSince(sql: Client, bots: AuditBot[], since: Date): Promise<string[]> {
  const { rows } = await sql.query(
    `SELECT b.id, b.last_error,
            count(o.id) FILTER (WHERE o.created_at > $2 AND o.status = ANY($3))::int AS recent,
            max(o.created_at) FILTER (WHERE o.status = ANY($3)) AS last_recorded,
            count(o.id) FILTER (WHERE o.status IN ('intent', 'unknown'))::int AS pending
       FROM bots b LEFT JOIN orders o ON o.bot_id = b.id
      WHERE b.id = ANY($1::uuid[]) GROUP BY b.id`,
    [bots.map((b) => b.botId), since, RECORDED],
  );
  return bots.flatMap((bot) => {
    const row = rows.find((r) => r.id === bot.botId);
    if (!row || row.recent > 0) return [];
    const last = row.last_recorded ? (row.last_recorded as Date).toISOString() : 'never';
    return [
      `${bot.label}: no recorded order after ${since.toISOString()} (last ${last}; ` +
        `${row.pending} rows at intent/unknown; last error: ${row.last_error ?? 'none'})`,
    ];
  });
}

/** Bots that stopped themselves (desired state no longer running) or show an error. */
export async function haltedBots(sql: Client, bots: AuditBot[]): Promise<string[]> {
  const { rows } = await sql.query(
    `SELECT id, desired_state, last_error FROM bots
      WHERE id = ANY($1::uuid[]) AND (desired_state <> 'running' OR last_error IS NOT NULL)`,
    [bots.map((b) => b.botId)],
  );
  return rows.map((r) => {
    const label = bots.find((b) => b.botId === r.id)?.label ?? r.id;
    return `${label}: desired state '${r.desired_state}', last error: ${r.last_error ?? 'none'}`;
  });
}

/** Rows still at `intent` or `unknown` more than `seconds` after they were written. */
export async function lingeringIntents(
  sql: Client,
  bots: AuditBot[],
  seconds: number,
): Promise<string[]> {
  const { rows } = await sql.query(
    `SELECT bot_id, client_order_id, side, type, amount::text, signal, status, error,
            round(extract(epoch FROM clock_timestamp() - created_at))::int AS age
       FROM orders
      WHERE bot_id = ANY($1::uuid[]) AND status IN ('intent', 'unknown')
        AND created_at < clock_timestamp() - make_interval(secs => $2)
      ORDER BY created_at`,
    [bots.map((b) => b.botId), seconds],
  );
  return rows.map((r) => {
    const label = bots.find((b) => b.botId === r.bot_id)?.label ?? r.bot_id;
    const error = r.error ? `, error: ${r.error}` : '';
    return `${label}: ${r.client_order_id} (${r.side} ${r.type} ${r.amount}, ${r.signal}) still '${r.status}' after ${r.age} s${error}`;
  });
}
