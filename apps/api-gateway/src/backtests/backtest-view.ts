import type { BacktestView } from '@platform/api-schemas';
import type { BacktestRow } from '@platform/persistence';

const isoOrNull = (date: Date | null) => (date ? date.toISOString() : null);

export function toBacktestView(row: BacktestRow): BacktestView {
  return {
    id: row.id,
    sweepId: row.sweep_id,
    status: row.status,
    progress: row.progress,
    definition: row.definition,
    metrics: row.metrics,
    error: row.error,
    workerId: row.worker_id,
    createdAt: row.created_at.toISOString(),
    startedAt: isoOrNull(row.started_at),
    finishedAt: isoOrNull(row.finished_at),
  };
}
