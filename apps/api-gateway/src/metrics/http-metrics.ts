import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@platform/service-kit';
import { Counter, Histogram } from 'prom-client';

/** What an answered request tells the metrics: never its URL, only its route template. */
export interface AnsweredRequest {
  method: string;
  /** The matched route's template (`/bots/:id`); undefined when no route matched. */
  route: string | undefined;
  statusCode: number;
  seconds: number;
}

// A few known methods as they are; anything else one value, so a client cannot add series.
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * `platform_http_requests_total{method,route,status}` and the latency histogram
 * `platform_http_request_duration_seconds{method,route,status_class}`. A path no route matched
 * counts as `unmatched` (a scanner's thousand URLs stay one series).
 */
@Injectable()
export class HttpMetrics {
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly duration: Histogram<'method' | 'route' | 'status_class'>;

  constructor(registry: MetricsRegistry) {
    this.requests = new Counter({
      name: 'platform_http_requests_total',
      help: 'HTTP requests answered, by method, route template and status code',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'platform_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method, route template and status class (2xx...)',
      labelNames: ['method', 'route', 'status_class'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  }

  answered({ method, route, statusCode, seconds }: AnsweredRequest): void {
    const labels = { method: METHODS.has(method) ? method : 'OTHER', route: route ?? 'unmatched' };
    this.requests.inc({ ...labels, status: String(statusCode) });
    this.duration.observe(
      { ...labels, status_class: `${Math.floor(statusCode / 100)}xx` },
      seconds,
    );
  }
}
