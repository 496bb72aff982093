import { MetricsRegistry } from '@platform/service-kit';
import { Counter, Histogram, Registry } from 'prom-client';
import { type AnsweredRequest, DURATION_BUCKETS, HttpMetrics } from './http-metrics';

const REQUESTS: AnsweredRequest[] = [
  { method: 'GET', route: '/bots', statusCode: 200, seconds: 0.003 },
  { method: 'GET', route: '/bots', statusCode: 200, seconds: 0.005 }, // on a bound: in it
  { method: 'GET', route: '/bots', statusCode: 304, seconds: 0.02 },
  { method: 'GET', route: '/bots/:id', statusCode: 404, seconds: 0.3 },
  { method: 'POST', route: '/bots', statusCode: 201, seconds: 12 }, // past the last bound
  { method: 'PROPFIND', route: undefined, statusCode: 404, seconds: 0.001 },
  { method: 'GET', route: '/bots', statusCode: 200, seconds: 0.07 },
];

/** What prom-client's own Counter and Histogram print for the same requests. */
async function promClientText(requests: AnsweredRequest[]): Promise<string> {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'api-gateway' });
  const counter = new Counter({
    name: 'platform_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status code',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const histogram = new Histogram({
    name: 'platform_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route template and status class (2xx...)',
    labelNames: ['method', 'route', 'status_class'],
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  for (const { method, route, statusCode, seconds } of requests) {
    const labels = {
      method: ['GET', 'POST'].includes(method) ? method : 'OTHER',
      route: route ?? 'unmatched',
    };
    counter.inc({ ...labels, status: String(statusCode) });
    histogram.observe({ ...labels, status_class: `${Math.floor(statusCode / 100)}xx` }, seconds);
  }
  return registry.metrics();
}

/** The text's sample lines, sorted, with label order made canonical (`le` may come first). */
function samples(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([^{ ]+)(?:\{(.*)\})? (.*)$/.exec(line);
      if (!match) throw new Error(`not a sample: ${line}`);
      const labels = (match[2] ?? '')
        .split(/,(?=\w+=")/)
        .filter(Boolean)
        .sort();
      return `${match[1]}{${labels.join(',')}} ${Number(match[3])}`;
    })
    .sort();
}

const ownSamples = (text: string) =>
  samples(text).filter((line) => line.startsWith('platform_http_'));

describe('HttpMetrics', () => {
  it('prints the same series and values as prom-client counting each request itself', async () => {
    const registry = new MetricsRegistry('api-gateway');
    const metrics = new HttpMetrics(registry);
    for (const request of REQUESTS) metrics.answered(request);

    const text = await registry.metrics();
    expect(ownSamples(text)).toEqual(ownSamples(await promClientText(REQUESTS)));
    expect(text).toContain('# TYPE platform_http_requests_total counter');
    expect(text).toContain('# TYPE platform_http_request_duration_seconds histogram');
  });

  it('adds the status codes of one class into one histogram series', async () => {
    const registry = new MetricsRegistry('api-gateway');
    const metrics = new HttpMetrics(registry);
    for (const request of REQUESTS) metrics.answered(request);
    const lines = ownSamples(await registry.metrics());
    // 200 twice, 304 once, 200 once more: 3 of GET /bots are 2xx, 1 is 3xx
    expect(lines).toContain(
      'platform_http_request_duration_seconds_count{method="GET",route="/bots",service="api-gateway",status_class="2xx"} 3',
    );
    expect(lines).toContain(
      'platform_http_requests_total{method="OTHER",route="unmatched",service="api-gateway",status="404"} 1',
    );
  });

  it('goes back to nothing when the registry is reset, and counts on after a scrape', async () => {
    const registry = new MetricsRegistry('api-gateway');
    const metrics = new HttpMetrics(registry);
    metrics.answered(REQUESTS[0]);
    await registry.metrics();
    metrics.answered(REQUESTS[0]);
    expect(ownSamples(await registry.metrics())).toContain(
      'platform_http_requests_total{method="GET",route="/bots",service="api-gateway",status="200"} 2',
    );
    registry.resetMetrics();
    expect(ownSamples(await registry.metrics())).toEqual([]);
  });
});
