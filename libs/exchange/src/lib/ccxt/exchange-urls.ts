/**
 * Points every API URL of a ccxt exchange at another origin, keeping each path: a simulator
 * (`http://127.0.0.1:8090`) or a testnet. ccxt keeps its URLs as nested objects of strings.
 * WebSocket URLs (ccxt pro: `wss://stream.binance.com:9443/ws`) move to the same host and
 * port, `ws://` for an `http://` origin and `wss://` for `https://`.
 */
export function rewriteApiOrigins<T>(urls: T, baseUrl: string): T {
  const target = new URL(baseUrl);
  const wsOrigin = `${target.protocol === 'https:' ? 'wss:' : 'ws:'}//${target.host}`;
  const rewrite = (value: unknown): unknown => {
    if (typeof value === 'string' && /^(https?|wss?):\/\//.test(value)) {
      const url = new URL(value);
      const origin = /^wss?:/.test(value) ? wsOrigin : target.origin;
      return `${origin}${url.pathname.replace(/\/$/, '')}${url.search}`;
    }
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, rewrite(inner)]));
    }
    return value;
  };
  return rewrite(urls) as T;
}
