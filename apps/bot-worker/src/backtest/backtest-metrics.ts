import type { BacktestMetrics, BacktestTrade } from '@platform/contracts';

const DAY_MS = 86_400_000;
/** Crypto markets trade every day of the year: daily ratios are annualised by sqrt(365). */
const ANNUALISE = Math.sqrt(365);

/** What the run measured along the way, for the metrics. */
export interface RunMeasures {
  startingEquity: number;
  finalEquity: number;
  /** Largest fall from a running peak, as a fraction (0.1 = 10 %). */
  maxDrawdown: number;
  /** Equity at the end of each UTC day of the range (and at the end of the range). */
  dailyEquity: number[];
  /** Steps during which the bot held base, and all steps. */
  exposedSteps: number;
  steps: number;
  firstOpen: number;
  lastClose: number;
}

interface Lot {
  base: number;
  /** Quote paid for this base, fees included. */
  cost: number;
  time: number;
}

interface RoundTrip {
  pnl: number;
  heldMs: number;
}

/**
 * Sells matched against the base bought before them, first in first out: each sell fill is a
 * round trip closing that base, its profit the proceeds less the fee less what the base cost
 * (buy fees included; on Binance a buy's fee is taken from the base it receives).
 */
export function roundTrips(trades: BacktestTrade[], base: string): RoundTrip[] {
  const lots: Lot[] = [];
  const trips: RoundTrip[] = [];
  for (const t of trades) {
    const amount = Number(t.amount);
    const price = Number(t.price);
    const fee = Number(t.fee);
    if (t.side === 'buy') {
      const feeInBase = t.feeCurrency === base ? fee : 0;
      const feeInQuote = t.feeCurrency === base ? 0 : fee;
      lots.push({ base: amount - feeInBase, cost: amount * price + feeInQuote, time: t.time });
      continue;
    }
    const feeInQuote = t.feeCurrency === base ? fee * price : fee;
    let left = amount;
    let cost = 0;
    let heldWeighted = 0;
    while (left > 1e-12 && lots.length > 0) {
      const lot = lots[0];
      const take = Math.min(left, lot.base);
      const share = take / lot.base;
      cost += lot.cost * share;
      heldWeighted += take * (t.time - lot.time);
      lot.cost -= lot.cost * share;
      lot.base -= take;
      left -= take;
      if (lot.base <= 1e-12) lots.shift();
    }
    const matched = amount - left;
    if (matched <= 0) continue; // a sell of base the bot never bought here
    const proceeds = matched * price - feeInQuote * (matched / amount);
    trips.push({ pnl: proceeds - cost, heldMs: heldWeighted / matched });
  }
  return trips;
}

/** Fees paid, valued in quote at each fill's price. */
export function feesInQuote(trades: BacktestTrade[], base: string): number {
  return trades.reduce(
    (sum, t) => sum + (t.feeCurrency === base ? Number(t.fee) * Number(t.price) : Number(t.fee)),
    0,
  );
}

/** Daily returns of an equity series (each day against the one before). */
export function dailyReturns(dailyEquity: number[], startingEquity: number): number[] {
  const returns: number[] = [];
  let previous = startingEquity;
  for (const equity of dailyEquity) {
    returns.push(previous === 0 ? 0 : equity / previous - 1);
    previous = equity;
  }
  return returns;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Mean daily return over its sample standard deviation, annualised; null if undefined. */
export function sharpeRatio(returns: number[]): number | null {
  if (returns.length < 2) return null;
  const m = mean(returns);
  const variance = returns.reduce((s, r) => s + (r - m) ** 2, 0) / (returns.length - 1);
  return variance > 0 ? (m / Math.sqrt(variance)) * ANNUALISE : null;
}

/** Mean daily return over the downside deviation (below zero), annualised; null if none fell. */
export function sortinoRatio(returns: number[]): number | null {
  if (returns.length < 2) return null;
  const downside = Math.sqrt(returns.reduce((s, r) => s + Math.min(r, 0) ** 2, 0) / returns.length);
  return downside > 0 ? (mean(returns) / downside) * ANNUALISE : null;
}

/** Rounded for a stable, readable result: 6 significant decimals are more than a user reads. */
const round = (x: number) => Math.round(x * 1e6) / 1e6;
const roundOrNull = (x: number | null) => (x === null || !Number.isFinite(x) ? null : round(x));

export function backtestMetrics(
  measures: RunMeasures,
  trades: BacktestTrade[],
  base: string,
  firstPrice: number,
  lastPrice: number,
): BacktestMetrics {
  const trips = roundTrips(trades, base);
  const wins = trips.filter((t) => t.pnl > 0);
  const grossProfit = wins.reduce((s, t) => s + t.pnl, 0);
  const grossLoss = -trips.filter((t) => t.pnl < 0).reduce((s, t) => s + t.pnl, 0);
  const returns = dailyReturns(measures.dailyEquity, measures.startingEquity);
  return {
    startingEquity: round(measures.startingEquity),
    finalEquity: round(measures.finalEquity),
    totalReturnPct: round((measures.finalEquity / measures.startingEquity - 1) * 100),
    maxDrawdownPct: round(measures.maxDrawdown * 100),
    sharpe: roundOrNull(sharpeRatio(returns)),
    sortino: roundOrNull(sortinoRatio(returns)),
    winRatePct: trips.length === 0 ? null : round((wins.length / trips.length) * 100),
    profitFactor: grossLoss > 0 ? round(grossProfit / grossLoss) : null,
    trades: trips.length,
    fills: trades.length,
    averageHoldingMs: trips.length === 0 ? null : Math.round(mean(trips.map((t) => t.heldMs))),
    exposurePct: measures.steps === 0 ? 0 : round((measures.exposedSteps / measures.steps) * 100),
    feesPaid: round(feesInQuote(trades, base)),
    buyAndHoldReturnPct: firstPrice > 0 ? round((lastPrice / firstPrice - 1) * 100) : 0,
  };
}

export const isEndOfDay = (closeTime: number) => closeTime % DAY_MS === 0;
