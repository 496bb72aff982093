/**
 * Rewrites every absolute URL in a (nested) URL table to the simulator, keeping the path:
 * ccxt's `ex.urls.api` holds https://api.binance.com/api/v3, https://api.binance.com/sapi/v1...
 * and its WebSocket URLs (wss://stream.binance.com:9443/ws), which become ws:// on the same
 * port. `ex.urls.api = pointUrlsAt(ex.urls.api, sim.url)`.
 */
export function pointUrlsAt<T>(table: T, baseUrl: string): T {
  return rewrite(table, baseUrl.replace(/\/+$/, '')) as T;
}

function rewrite(value: unknown, base: string): unknown {
  if (typeof value === 'string') {
    const target = /^wss?:/i.test(value) ? base.replace(/^http/i, 'ws') : base;
    return value.replace(/^[a-z]+:\/\/[^/]+/i, target);
  }
  if (Array.isArray(value)) return value.map((item) => rewrite(item, base));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, rewrite(item, base)]),
    );
  }
  return value;
}
