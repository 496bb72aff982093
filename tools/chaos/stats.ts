/** Nearest-rank percentile (p in 0..100) of unsorted values; null when there are none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

export interface Summary {
  p50: number | null;
  p99: number | null;
  max: number | null;
}

const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms) / 1000);

/** p50 / p99 / max of millisecond samples, in seconds (ms precision). */
export function summarizeSeconds(samplesMs: readonly number[]): Summary {
  return {
    p50: seconds(percentile(samplesMs, 50)),
    p99: seconds(percentile(samplesMs, 99)),
    max: seconds(percentile(samplesMs, 100)),
  };
}
