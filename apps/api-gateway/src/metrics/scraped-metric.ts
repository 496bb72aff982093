import type { Metric, Registry } from 'prom-client';

/** One sample: a series of the metric (or of its `_bucket`/`_sum`/`_count` parts) and its value. */
export interface ScrapedValue {
  labels: Record<string, string | number>;
  value: number;
  /** For a histogram's parts: `<name>_bucket` etc.; the metric's name when absent. */
  metricName?: string;
}

export interface ScrapedMetricSpec {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  /** The samples as of now: called each time the registry is read. */
  values: () => ScrapedValue[];
  /** Back to zero (the registry's resetMetrics). */
  reset: () => void;
}

/**
 * Registers a metric whose samples are made only when the registry is read, from figures its
 * owner keeps as plain numbers. prom-client's registry reads a metric through `get()` (its
 * name, help, type and samples) and `reset()`: this object offers exactly those, so the
 * samples go out in the registry's own text format with its default labels.
 */
export function registerScrapedMetric(registry: Registry, spec: ScrapedMetricSpec): void {
  const { name, help, type } = spec;
  const metric = {
    name,
    help,
    type,
    aggregator: 'sum',
    get: async () => ({ name, help, type, aggregator: 'sum', values: spec.values() }),
    reset: spec.reset,
  };
  registry.registerMetric(metric as unknown as Metric);
}
