import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@platform/service-kit';
import { type ScrapedValue, registerScrapedMetric } from './scraped-metric';

/** What an answered request tells the metrics: never its URL, only its route template. */
export interface AnsweredRequest {
  method: string;
  /** The matched route's template (`/bots/:id`); undefined when no route matched. */
  route: string | undefined;
  statusCode: number;
  seconds: number;
}

// A few known methods as they are; anything else one value, so a client cannot add series.
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'OTHER'];
const METHOD_INDEX = new Map(METHODS.map((method, i) => [method, i]));
const OTHER = METHODS.length - 1;

/** Upper bounds of the latency histogram's buckets, in seconds (+Inf after them). */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** One method, route and status code's requests since the gateway started. */
interface Series {
  method: string;
  route: string;
  statusCode: number;
  count: number;
  seconds: number;
  /** Requests per bucket (not cumulative): index i is up to DURATION_BUCKETS[i], the last +Inf. */
  perBucket: number[];
}

/** Zero requests in each bucket (+Inf included). */
const noRequests = () => new Array<number>(DURATION_BUCKETS.length + 1).fill(0);

/** The series of one method, route and status class (what the histogram is labelled by). */
interface ClassSeries {
  labels: { method: string; route: string; status_class: string };
  count: number;
  seconds: number;
  perBucket: number[];
}

const statusClass = (statusCode: number) => `${Math.floor(statusCode / 100)}xx`;

/**
 * `platform_http_requests_total{method,route,status}` and the latency histogram
 * `platform_http_request_duration_seconds{method,route,status_class}`. A path no route matched
 * counts as `unmatched` (a scanner's thousand URLs stay one series).
 *
 * Each request adds to plain numbers of its series; the Prometheus series are made from them
 * when /metrics is read. (prom-client's own counters hash and check the labels of every
 * observation: 3-4 % of the gateway's CPU on its busiest route.)
 */
@Injectable()
export class HttpMetrics {
  /** route -> (method index * 1000 + status code) -> series */
  private readonly series = new Map<string, Map<number, Series>>();

  constructor(registry: MetricsRegistry) {
    registerScrapedMetric(registry, {
      name: 'platform_http_requests_total',
      help: 'HTTP requests answered, by method, route template and status code',
      type: 'counter',
      values: () => this.requestCounts(),
      reset: () => this.series.clear(),
    });
    registerScrapedMetric(registry, {
      name: 'platform_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method, route template and status class (2xx...)',
      type: 'histogram',
      values: () => this.durationHistogram(),
      reset: () => this.series.clear(),
    });
  }

  answered({ method, route = 'unmatched', statusCode, seconds }: AnsweredRequest): void {
    let ofRoute = this.series.get(route);
    if (!ofRoute) this.series.set(route, (ofRoute = new Map()));
    const methodIndex = METHOD_INDEX.get(method) ?? OTHER;
    const key = methodIndex * 1000 + statusCode;
    let series = ofRoute.get(key);
    if (!series) {
      const perBucket = noRequests();
      series = { method: METHODS[methodIndex], route, statusCode, count: 0, seconds: 0, perBucket };
      ofRoute.set(key, series);
    }
    series.count += 1;
    series.seconds += seconds;
    let bucket = 0;
    while (bucket < DURATION_BUCKETS.length && seconds > DURATION_BUCKETS[bucket]) bucket++;
    series.perBucket[bucket] += 1;
  }

  private *allSeries(): Iterable<Series> {
    for (const ofRoute of this.series.values()) yield* ofRoute.values();
  }

  private requestCounts(): ScrapedValue[] {
    return [...this.allSeries()].map(({ method, route, statusCode, count }) => ({
      labels: { method, route, status: String(statusCode) },
      value: count,
    }));
  }

  /** The series of one status class added up, then as Prometheus' cumulative buckets. */
  private durationHistogram(): ScrapedValue[] {
    const byClass = new Map<string, ClassSeries>();
    for (const { method, route, statusCode, count, seconds, perBucket } of this.allSeries()) {
      const status_class = statusClass(statusCode);
      const key = `${method} ${status_class} ${route}`;
      const sum = byClass.get(key) ?? {
        labels: { method, route, status_class },
        count: 0,
        seconds: 0,
        perBucket: noRequests(),
      };
      byClass.set(key, sum);
      sum.count += count;
      sum.seconds += seconds;
      perBucket.forEach((n, i) => (sum.perBucket[i] += n));
    }
    const name = 'platform_http_request_duration_seconds';
    return [...byClass.values()].flatMap(({ labels, count, seconds, perBucket }) => {
      let cumulative = 0;
      const buckets = DURATION_BUCKETS.map((le, i) => ({
        metricName: `${name}_bucket`,
        labels: { le, ...labels },
        value: (cumulative += perBucket[i]),
      }));
      return [
        ...buckets,
        { metricName: `${name}_bucket`, labels: { le: '+Inf', ...labels }, value: count },
        { metricName: `${name}_sum`, labels, value: seconds },
        { metricName: `${name}_count`, labels, value: count },
      ];
    });
  }
}
