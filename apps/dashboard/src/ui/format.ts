// How numbers and times read on screen. Amounts arrive as exact decimal text; they are only
// rounded for display, never for arithmetic.

/** A decimal string shown with at most `digits` fraction digits, grouped ("12,345.67"). */
export function decimal(value: string | null | undefined, digits = 2): string {
  if (value === null || value === undefined || value === '') return '–';
  const number = Number(value);
  if (!Number.isFinite(number)) return value;
  const fraction = Math.abs(number) > 0 && Math.abs(number) < 1 ? Math.max(digits, 6) : digits;
  return number.toLocaleString('en-US', { maximumFractionDigits: fraction });
}

/** "+12.30 USDT" / "-4.00 USDT": profit with its sign. */
export function signedMoney(value: string | null | undefined, currency: string): string {
  if (value === null || value === undefined) return '–';
  const number = Number(value);
  if (!Number.isFinite(number)) return `${value} ${currency}`;
  const sign = number > 0 ? '+' : number < 0 ? '−' : '';
  return `${sign}${decimal(String(Math.abs(number)))} ${currency}`;
}

export const profitTone = (value: string | null | undefined) =>
  value === null || value === undefined || Number(value) === 0
    ? 'neutral'
    : Number(value) > 0
      ? 'gain'
      : 'loss';

/** "just now", "12 s ago", "5 min ago", "3 h ago", "2 d ago". */
export function ago(iso: string | number | null | undefined, now = Date.now()): string {
  if (iso === null || iso === undefined) return 'never';
  const ms = now - (typeof iso === 'number' ? iso : Date.parse(iso));
  if (!Number.isFinite(ms)) return '–';
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 2) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} d ago`;
}

/** "1 min 05 s", "3.2 s": a span of time. */
export function duration(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600)
    return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(seconds / 3600)} h ${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')} min`;
}

export const dateTime = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'medium' });

/** The quote currency of a unified symbol: USDT of BTC/USDT. */
export const quoteOf = (symbol: string) => symbol.split('/')[1]?.split(':')[0] ?? '';
export const baseOf = (symbol: string) => symbol.split('/')[0] ?? '';

/**
 * Market data older than this is marked stale on screen: the bot-workers' default
 * MARKET_STALE_AFTER_MS (three poll intervals), after which a bot stops acting on it.
 */
export const MARKET_STALE_AFTER_MS = 3000;
export const isStale = (fetchedAt: string | number | null | undefined, now = Date.now()) =>
  fetchedAt === null ||
  fetchedAt === undefined ||
  now - (typeof fetchedAt === 'number' ? fetchedAt : Date.parse(fetchedAt)) > MARKET_STALE_AFTER_MS;
