/**
 * Rewrites every absolute URL in a (nested) URL table to the simulator, keeping the path:
 * ccxt's `ex.urls.api` holds https://api.binance.com/api/v3, https://api.binance.com/sapi/v1...
 * `ex.urls.api = pointUrlsAt(ex.urls.api, sim.url)`.
 */
export function pointUrlsAt<T>(table: T, baseUrl: string): T {
  return rewrite(table, baseUrl.replace(/\/+$/, '')) as T;
}

function rewrite(value: unknown, base: string): unknown {
  if (typeof value === 'string') return value.replace(/^[a-z]+:\/\/[^/]+/i, base);
  if (Array.isArray(value)) return value.map((item) => rewrite(item, base));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, rewrite(item, base)]),
    );
  }
  return value;
}
