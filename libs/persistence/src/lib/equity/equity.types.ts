import type { Claim } from '../fencing/fenced-writer';
import type { Decimal } from '../schema/domain-values';

/** A bot a worker holds, with the last price it knows of the bot's market (null: none yet). */
export interface HeldBotPrice {
  claim: Claim;
  price: Decimal | null;
}

/** What one minute's snapshot statement did. */
export interface EquityRecording {
  /** The minute the rows were written for (Postgres' clock). */
  at: Date;
  /** Postgres' clock when the statement ended: the worker times its next minute by it. */
  databaseNow: Date;
  /** Bots whose claim is still the newest and unreleased; the others' rows were not written. */
  current: string[];
  /** Bots that got a row: the current ones with a price, or holding nothing to price. */
  written: string[];
}

/** One bot's equity at one point of its history, in its quote currency. */
export interface EquityPoint {
  /** When the snapshot was taken (ISO text): the newest snapshot of its bucket. */
  at: string;
  /** Paper: quote balance + base balance x price. Live: realized + unrealized profit. */
  equity: Decimal;
  realizedProfit: Decimal;
  unrealizedProfit: Decimal;
  positionBase: Decimal;
  /** The price the worker valued the position at; null when the bot held nothing to value. */
  price: Decimal | null;
}

/** The sum over a user's bots of one mode and quote currency at one minute. */
export interface PortfolioEquityPoint {
  /** The minute summed (ISO text): the newest of its bucket. */
  at: string;
  equity: Decimal;
  realizedProfit: Decimal;
  unrealizedProfit: Decimal;
  /** How many bots were summed (running then, with a snapshot of the last three minutes). */
  bots: number;
}
