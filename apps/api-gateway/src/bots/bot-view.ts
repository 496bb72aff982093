import type { BotView } from '@platform/api-schemas';
import type { BotViewRow } from '@platform/persistence';

// A bot's rows (BotsStore) as the API shows them.

export const isoOrNull = (date: Date | null | undefined) =>
  date ? new Date(date).toISOString() : null;

export const toBotView = (row: BotViewRow): BotView => ({
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
  cancelOrdersOnStop: row.cancel_orders_on_stop,
  allowSharedAccount: row.allow_shared_account,
  desiredState: row.desired_state,
  lastError: row.last_error,
  lastErrorAt: row.last_error_iso,
  createdAt: row.created_iso,
  updatedAt: row.updated_iso,
  status: {
    desired: row.desired_state,
    actual: row.actual_state,
    workerId: row.live ? row.worker_id : null,
    lastTickAt: row.live ? row.last_tick_iso : null,
  },
});
