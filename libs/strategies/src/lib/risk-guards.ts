import type { RiskLimits } from './risk';

// The risk limits that keep a bot from opening positions (docs/risk.md): a cooldown after a
// losing round trip and a daily loss limit, and the drawdown stop that ends the bot. Pure:
// the engine hands in what its records say and the time, so a backtest decides the same way.

const DAY_MS = 86_400_000;

/** The UTC day of a time, 'YYYY-MM-DD': daily limits start again at 00:00 UTC. */
export const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The next 00:00 UTC after a time (ms). */
export const nextUtcMidnight = (ms: number): number => (Math.floor(ms / DAY_MS) + 1) * DAY_MS;

/** What the bot's records say about its recent results. */
export interface RecentResults {
  /** When a round trip last closed at a loss (ms), or null. */
  lastLossAt: number | null;
  /** The realized profit (negative: loss) of the fills of `pnlDay`, fees included. */
  dayRealizedPnl: number;
  /** The UTC day of the bot's last fill, or null. */
  pnlDay: string | null;
}

/** Why the bot may not open a position now, and until when (ms), or null. */
export interface EntryBlock {
  kind: 'cooldown' | 'daily-loss';
  reason: string;
  until: number;
}

/** Today's realized profit of a bot (negative: loss): its last fills' day, if that is today. */
export const realizedToday = (results: RecentResults, now: number): number =>
  results.pnlDay === utcDay(now) ? results.dayRealizedPnl : 0;

/**
 * The bot's own reasons not to buy now: cooldownAfterLossMinutes after a round trip closed at
 * a loss, or a realized loss today of at least maxDailyLossQuote (until the next UTC day).
 */
export function entryBlock(
  risk: Pick<RiskLimits, 'cooldownAfterLossMinutes' | 'maxDailyLossQuote'>,
  results: RecentResults,
  now: number,
): EntryBlock | null {
  const daily = dailyLossBlock(risk.maxDailyLossQuote, realizedToday(results, now), now, 'bot');
  if (daily) return daily;
  if (risk.cooldownAfterLossMinutes !== undefined && results.lastLossAt !== null) {
    const until = results.lastLossAt + risk.cooldownAfterLossMinutes * 60_000;
    if (now < until)
      return {
        kind: 'cooldown',
        reason: `cooling down after a losing round trip: no new entry until ${new Date(until).toISOString()}`,
        until,
      };
  }
  return null;
}

/** A daily loss limit reached (`limit` in quote; realized today negative for a loss), or null. */
export function dailyLossBlock(
  limit: number | null | undefined,
  realized: number,
  now: number,
  whose: 'bot' | 'user',
): EntryBlock | null {
  if (limit === null || limit === undefined || !(-realized >= limit)) return null;
  const until = nextUtcMidnight(now);
  const scope = whose === 'bot' ? 'this bot' : 'your bots';
  return {
    kind: 'daily-loss',
    reason: `daily loss limit reached: ${scope} lost ${round(-realized)} today (limit ${limit}); no new buys until ${new Date(until).toISOString()}`,
    until,
  };
}

const round = (value: number) => Number(value.toFixed(8));

/**
 * A bot's equity for the drawdown stop, in quote: its capital plus what it made, realized and
 * not yet (the position at `price` against its average entry).
 */
export function botEquity(
  capital: number,
  position: { base: number; averageEntry: number | null; realizedPnl: number },
  price: number,
): number {
  const unrealized =
    position.averageEntry === null ? 0 : (price - position.averageEntry) * position.base;
  return capital + position.realizedPnl + unrealized;
}

/** Whether equity has fallen maxDrawdownPct (inclusive) below its peak. */
export function drawdownHit(maxDrawdownPct: number | undefined, equity: number, peak: number) {
  return maxDrawdownPct !== undefined && peak > 0 && equity <= peak * (1 - maxDrawdownPct / 100);
}

/** The capital a bot's drawdown is measured on: capitalQuote, else its paper balance. */
export const drawdownCapital = (risk: RiskLimits): number | null =>
  risk.capitalQuote ?? risk.paperQuoteBalance ?? null;
