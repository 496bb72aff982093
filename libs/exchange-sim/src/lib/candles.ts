import { type Fixed, ONE, floorToStep, format, fromNumberToStep, mul } from './fixed';
import { candleOpen, firstCandleFrom, nextCandleOpen, previousCandleOpen } from './intervals';
import type { Market } from './market';
import { hashInts, hashString, uniform } from './random';

const DAY_MS = 24 * 3600 * 1000;

/** One row of GET /api/v3/klines, as Binance sends it (strings for decimals). */
export type KlineRow = [
  number, // open time
  string, // open
  string, // high
  string, // low
  string, // close
  string, // volume (base)
  number, // close time
  string, // quote volume
  number, // trades
  string, // taker buy base volume
  string, // taker buy quote volume
  string, // unused ("0")
];

export interface CandleStats {
  open: Fixed;
  high: Fixed;
  low: Fixed;
  close: Fixed;
  volume: Fixed;
  quoteVolume: Fixed;
  trades: number;
}

/**
 * Statistics of [fromMs, toMs] (toMs capped at now): prices from the path, volume a seeded
 * share of the symbol's daily volume (not additive across intervals; see README).
 */
export function candleStats(
  market: Market,
  symbolId: string,
  fromMs: number,
  toMs: number,
): CandleStats {
  const s = market.symbol(symbolId);
  if (!s) throw new Error(`unknown symbol ${symbolId}`);
  const end = Math.min(toMs, market.now());
  const open = market.price(symbolId, fromMs);
  const close = market.price(symbolId, end);
  const { high, low } = market.extremes(symbolId, fromMs, end);
  const share =
    (Math.max(0, end - fromMs + 1) / DAY_MS) *
    (0.6 + 0.8 * uniform(hashString(symbolId), fromMs % 2 ** 32, toMs - fromMs));
  const quoteVolumeNumber = s.dailyQuoteVolume * share;
  const average = (Number(open) + Number(close)) / 2 / Number(ONE);
  const volume = floorToStep(fromNumberToStep(quoteVolumeNumber / average, 1n), s.stepSize);
  return {
    open,
    high,
    low,
    close,
    volume,
    quoteVolume: mul(volume, fromNumberToStep(average, 1n)),
    trades: Math.round(quoteVolumeNumber / 2000) + (hashInts(fromMs % 2 ** 32) % 7),
  };
}

export interface KlineQuery {
  interval: string;
  startTime?: number;
  endTime?: number;
  limit: number;
}

/**
 * Candles as Binance selects them: from startTime (first candle opening at or after it),
 * else the latest ones up to endTime or now; never a candle that has not opened yet.
 */
export function klines(market: Market, symbolId: string, query: KlineQuery): KlineRow[] {
  const { interval, limit } = query;
  const now = market.now();
  const last = Math.min(query.endTime ?? now, now);
  const opens: number[] = [];
  if (query.startTime !== undefined) {
    for (
      let open = firstCandleFrom(interval, query.startTime);
      open <= last && opens.length < limit;
      open = nextCandleOpen(interval, open)
    ) {
      opens.push(open);
    }
  } else {
    for (
      let open = candleOpen(interval, last);
      opens.length < limit;
      open = previousCandleOpen(interval, open)
    ) {
      opens.unshift(open);
    }
  }
  return opens.map((open) => klineRow(market, symbolId, interval, open));
}

/** The candle of `interval` opening at `open`, as far as market time has reached. */
export function klineRow(
  market: Market,
  symbolId: string,
  interval: string,
  open: number,
): KlineRow {
  const close = nextCandleOpen(interval, open) - 1;
  const c = candleStats(market, symbolId, open, close);
  const takerBase = c.volume / 2n;
  const takerQuote = c.quoteVolume / 2n;
  return [
    open,
    format(c.open),
    format(c.high),
    format(c.low),
    format(c.close),
    format(c.volume),
    close,
    format(c.quoteVolume),
    c.trades,
    format(takerBase),
    format(takerQuote),
    '0',
  ];
}
