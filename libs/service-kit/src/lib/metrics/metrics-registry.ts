import { collectDefaultMetrics, Registry } from 'prom-client';

const MISNAMED_DEFAULTS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/**
 * This process's metrics: its own registry (never prom-client's global one, so two services in
 * one test process do not share counters), every series labelled with the service, plus the
 * process and Node.js metrics (CPU, memory, handles, GC, event-loop delay from
 * perf_hooks.monitorEventLoopDelay: `nodejs_eventloop_lag_*`).
 */
export class MetricsRegistry extends Registry {
  constructor(readonly service: string) {
    super();
    this.setDefaultLabels({ service });
    // 10 ms resolution is plenty for alerting on a loop falling behind, and nearly free
    collectDefaultMetrics({ register: this, eventLoopMonitoringPrecision: 10 });
    // gauges named like counters (promtool refuses them); nodejs_active_handles etc. (by type)
    // carry the same figures
    for (const name of MISNAMED_DEFAULTS) this.removeSingleMetric(name);
  }
}
