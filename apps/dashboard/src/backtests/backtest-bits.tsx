import type { Backtest } from '../api/types';

const labels: Record<string, string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Finished',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** A backtest's status in words and colour (the colour is never the only signal). */
export function BacktestStatus({ status }: { status: string }) {
  return <span className={`badge badge-bt-${status}`}>{labels[status] ?? status}</span>;
}

/** The run's progress as a bar and a percentage (a finished run: 100 %). */
export function Progress({ backtest }: { backtest: Pick<Backtest, 'status' | 'progress'> }) {
  const value = backtest.status === 'succeeded' ? 1 : backtest.progress;
  const percent = Math.round(value * 100);
  return (
    <span className="progress" data-testid="backtest-progress">
      <meter min={0} max={1} value={value} aria-label={`Progress ${percent} %`} /> {percent} %
    </span>
  );
}
