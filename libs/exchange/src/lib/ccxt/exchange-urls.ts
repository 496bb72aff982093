/**
 * Points every API URL of a ccxt exchange at another origin, keeping each path: a simulator
 * (`http://127.0.0.1:8090`) or a testnet. ccxt keeps its URLs as nested objects of strings.
 */
export function rewriteApiOrigins<T>(urls: T, baseUrl: string): T {
  const target = new URL(baseUrl);
  const rewrite = (value: unknown): unknown => {
    if (typeof value === 'string' && /^https?:\/\//.test(value)) {
      const url = new URL(value);
      return `${target.origin}${url.pathname.replace(/\/$/, '')}${url.search}`;
    }
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, rewrite(inner)]));
    }
    return value;
  };
  return rewrite(urls) as T;
}
