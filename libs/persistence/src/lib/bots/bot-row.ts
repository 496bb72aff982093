import { BOT_RUNNING_FRESH_MS, type BotLiveStatus } from '@platform/contracts';
import type { BotDesiredState, BotMode } from '../schema/domain-values';
import { sortKey } from '../sql/keyset';

// A bot as the API reads it: its row joined with its placement (bot_runtime), as SQL column
// lists and the row types they give. The gateway maps these rows to its views.

/** A bot is running when a worker holds it and marked it alive within this long. */
const RUNNING_FRESH_SECONDS = BOT_RUNNING_FRESH_MS / 1000;

/** A timestamp column as the ISO text `Date#toISOString` gives (ms, truncated like a JS Date). */
export const isoText = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

// `live` is computed by Postgres on its own clock (no gateway clock involved).
const IS_LIVE = `COALESCE(r.released_at IS NULL AND r.worker_id IS NOT NULL
    AND COALESCE(r.last_tick_at, r.claimed_at) > now() - interval '${RUNNING_FRESH_SECONDS} seconds', false)`;
export const LIVE = `${IS_LIVE} AS live`;

/**
 * What the API shows as a bot's actual state, and what GET /bots filters on: one definition.
 * A running bot with a last error is stuck and retrying (the worker clears it on progress).
 */
export const ACTUAL_STATE = `CASE
    WHEN ${IS_LIVE} THEN CASE WHEN b.desired_state <> 'running' THEN 'stopping'
                              WHEN b.last_error IS NOT NULL THEN 'error' ELSE 'running' END
    WHEN b.desired_state = 'running' THEN 'starting'
    WHEN b.last_error IS NOT NULL THEN 'error' ELSE 'stopped' END`;

/** The name as the list sorts it: case aside. */
export const NAME_KEY = 'lower(b.name)';

// What a bot's view needs, timestamps already as text: the list reads 50 of these per page,
// and parsing their dates only to print them again was a good part of its cost.
const VIEW_COLUMNS = `b.id, b.name, b.exchange_id, b.symbol, b.timeframe, b.strategy, b.params,
  b.mode, b.exchange_account_id, b.placement_tag, b.cancel_orders_on_stop,
  b.allow_shared_account, b.desired_state,
  b.last_error,
  ${isoText('b.last_error_at')} AS last_error_iso,
  ${isoText('b.created_at')} AS created_iso, ${isoText('b.updated_at')} AS updated_iso,
  r.worker_id, ${isoText('r.last_tick_at')} AS last_tick_iso, ${LIVE},
  ${ACTUAL_STATE} AS actual_state`;

/** One bot with its placement (the single-bot routes and the activity routes read these). */
export const BOT_COLUMNS = `${VIEW_COLUMNS}, b.last_error_at, b.created_at, b.updated_at,
  r.host, r.claimed_at, r.last_tick_at`;
/** A page of the list: the view's columns and the cursors' keys, nothing else. */
export const BOT_LIST_COLUMNS = `${VIEW_COLUMNS}, ${sortKey('b.created_at')}, ${NAME_KEY} AS name_key`;
export const BOT_FROM = `bots b LEFT JOIN bot_runtime r ON r.bot_id = b.id`;

/** What a bot's view shows (the gateway's `toBotView`). */
export interface BotViewRow {
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
  cancel_orders_on_stop: boolean;
  allow_shared_account: boolean;
  desired_state: BotDesiredState;
  last_error: string | null;
  last_error_iso: string | null;
  created_iso: string;
  updated_iso: string;
  worker_id: string | null;
  last_tick_iso: string | null;
  live: boolean;
  actual_state: BotLiveStatus;
}

export interface BotListRow extends BotViewRow {
  /** created_at with microseconds: the key of the newest-first order. */
  sort_key: string;
  /** The name's key in the by-name order. */
  name_key: string;
}

export interface BotRow extends BotViewRow {
  last_error_at: Date | null;
  created_at: Date;
  updated_at: Date;
  host: string | null;
  claimed_at: Date | null;
  last_tick_at: Date | null;
}
