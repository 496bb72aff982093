const labels: Record<string, string> = {
  running: 'Running',
  starting: 'Starting',
  stopping: 'Stopping',
  stopped: 'Stopped',
  error: 'Error',
};

/** A bot's actual state, in words and colour (the colour is never the only signal). */
export function StatusBadge({ state }: { state: string }) {
  return <span className={`badge badge-${state}`}>{labels[state] ?? state}</span>;
}
