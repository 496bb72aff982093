import { Counter, Histogram } from 'prom-client';
import type { MetricsRegistry } from './metrics-registry';

/**
 * Exchange calls as Prometheus counts (the shape of libs/exchange's ExchangeCallObserver):
 * by exchange, endpoint (the client method) and status (ok, 429, 418, error); the request
 * weight they spent; how long calls waited for the cluster-wide budgets.
 */
export class ExchangeCallMetrics {
  private readonly requests: Counter<'exchange' | 'endpoint' | 'status'>;
  private readonly weight: Counter<'exchange'>;
  private readonly limited: Counter<'exchange' | 'status'>;
  private readonly waits: Histogram<'exchange' | 'budget'>;

  constructor(registry: MetricsRegistry) {
    const registers = [registry];
    this.requests = new Counter({
      name: 'platform_exchange_requests_total',
      help: 'Exchange calls by exchange, endpoint and outcome (ok, 429, 418, error)',
      labelNames: ['exchange', 'endpoint', 'status'],
      registers,
    });
    this.weight = new Counter({
      name: 'platform_exchange_weight_spent_total',
      help: "Request weight spent from the exchange's cluster-wide budget by this process",
      labelNames: ['exchange'],
      registers,
    });
    this.limited = new Counter({
      name: 'platform_exchange_rate_limited_total',
      help: 'Exchange answers 429 (rate limited) and 418 (IP banned) seen by this process',
      labelNames: ['exchange', 'status'],
      registers,
    });
    this.waits = new Histogram({
      name: 'platform_exchange_budget_wait_seconds',
      help: 'How long an exchange call waited for budget: weight (per exchange) or orders (per API key)',
      labelNames: ['exchange', 'budget'],
      buckets: [0.005, 0.05, 0.25, 1, 5, 15, 60],
      registers,
    });
  }

  budgetWaited(exchange: string, budget: 'weight' | 'orders', seconds: number): void {
    this.waits.observe({ exchange, budget }, seconds);
  }

  called(exchange: string, endpoint: string, weight: number, status: string): void {
    this.requests.inc({ exchange, endpoint, status });
    this.weight.inc({ exchange }, weight);
    if (status === '429' || status === '418') this.limited.inc({ exchange, status });
  }
}
