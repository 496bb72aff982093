import type { BotDesiredState, BotMode } from '@platform/persistence';
import type { BotView } from './bots.schemas';

/** A bot is running when a worker holds it and marked it alive within this long (workers touch every 5 s). */
export const RUNNING_FRESH_SECONDS = 15;

// With its placement: `live` is computed by Postgres on its own clock (no gateway clock involved).
export const BOT_COLUMNS = `b.id, b.name, b.exchange_id, b.symbol, b.timeframe, b.strategy, b.params,
  b.mode, b.exchange_account_id, b.placement_tag, b.desired_state, b.last_error, b.last_error_at,
  b.created_at, b.updated_at,
  to_char(b.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS sort_key,
  r.worker_id, r.host, r.claimed_at, r.last_tick_at,
  COALESCE(r.released_at IS NULL AND r.worker_id IS NOT NULL
    AND COALESCE(r.last_tick_at, r.claimed_at) > now() - interval '${RUNNING_FRESH_SECONDS} seconds', false) AS live`;
export const BOT_FROM = `bots b LEFT JOIN bot_runtime r ON r.bot_id = b.id`;

export interface BotRow {
  id: string;
  name: string;
  exchange_id: string;
  symbol: string;
  timeframe: string;
  strategy: string;
  params: Record<string, unknown>;
  mode: BotMode;
  exchange_account_id: string | null;
  placement_tag: string | null;
  desired_state: BotDesiredState;
  last_error: string | null;
  last_error_at: Date | null;
  created_at: Date;
  updated_at: Date;
  sort_key: string;
  worker_id: string | null;
  host: string | null;
  claimed_at: Date | null;
  last_tick_at: Date | null;
  live: boolean;
}

export const isoOrNull = (date: Date | null | undefined) =>
  date ? new Date(date).toISOString() : null;

export function actualState(row: BotRow): BotView['status']['actual'] {
  if (row.live) return row.desired_state === 'running' ? 'running' : 'stopping';
  if (row.desired_state === 'running') return 'starting';
  return row.last_error ? 'error' : 'stopped';
}

export const toBotView = (row: BotRow): BotView => ({
  id: row.id,
  name: row.name,
  exchangeId: row.exchange_id,
  symbol: row.symbol,
  timeframe: row.timeframe,
  strategy: row.strategy,
  params: row.params,
  mode: row.mode,
  exchangeAccountId: row.exchange_account_id,
  placementTag: row.placement_tag,
  desiredState: row.desired_state,
  lastError: row.last_error,
  lastErrorAt: isoOrNull(row.last_error_at),
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  status: {
    desired: row.desired_state,
    actual: actualState(row),
    workerId: row.live ? row.worker_id : null,
    lastTickAt: row.live ? isoOrNull(row.last_tick_at) : null,
  },
});
