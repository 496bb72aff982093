import type { Claim, Position } from '@platform/persistence';
import { botEquity, drawdownCapital, drawdownHit, type RiskLimits } from '@platform/strategies';
import type { BotBook } from './bot-book';
import type { TradingRecords } from './engine-context';

/** The drawdown stop fired: what the bot's equity fell to, from which high. */
export interface DrawdownHit {
  equity: number;
  peak: number;
  reason: string;
}

const fmt = (value: number) => String(Number(value.toFixed(8)));

/**
 * The highs the trailing and drawdown stops measure from (docs/risk.md): the highest price
 * since the entry and the bot's highest equity. They live on the bot's position row in Postgres
 * (the entry sets the first, a closing fill clears it, in the fills' own transaction); this
 * raises them as prices come, writing each new high before the stops look at it, so a new owner
 * (a restart, a failover) measures from exactly the same highs. Only bots with those stops
 * write, and only on an evaluation that makes a new high.
 */
export class RiskMarks {
  private readonly capital: number | null;

  constructor(
    private readonly risk: RiskLimits,
    private readonly book: BotBook,
    private readonly repo: TradingRecords,
    private readonly claim: Claim,
  ) {
    this.capital = risk.maxDrawdownPct === undefined ? null : drawdownCapital(risk);
  }

  /** Whether anything here needs a look on each price (not only on candle closes). */
  get watchesPrices(): boolean {
    return this.risk.trailingStopPct !== undefined || this.capital !== null;
  }

  /**
   * Raises the highs to this last price (`held`: what the bot can sell, dust not counted) and
   * writes them when they rose; then whether the drawdown stop fires.
   */
  async observe(last: string, held: number): Promise<DrawdownHit | null> {
    if (!this.watchesPrices) return null;
    const price = Number(last);
    const position = this.book.position;
    const marks: { peakPrice?: string; peakEquity?: string } = {};
    if (this.risk.trailingStopPct !== undefined && held > 0) {
      const peak = position.peakPrice === null ? null : Number(position.peakPrice);
      if (peak === null || price > peak) marks.peakPrice = last; // the ticker's own decimal
    }
    let equity: number | null = null;
    let peakEquity: number | null = null;
    if (this.capital !== null) {
      equity = botEquity(this.capital, numbers(position), price);
      // no high yet (a new bot, or one its user started again): measured from here
      peakEquity = Math.max(
        position.peakEquity === null ? equity : Number(position.peakEquity),
        equity,
      );
      if (position.peakEquity === null || peakEquity > Number(position.peakEquity))
        marks.peakEquity = String(peakEquity);
    }
    if (marks.peakPrice !== undefined || marks.peakEquity !== undefined) {
      await this.repo.raiseRiskMarks(this.claim, marks);
      this.book.position = {
        ...position,
        peakPrice: marks.peakPrice ?? position.peakPrice,
        peakEquity: marks.peakEquity ?? position.peakEquity,
      };
    }
    if (equity === null || peakEquity === null) return null;
    if (!drawdownHit(this.risk.maxDrawdownPct, equity, peakEquity)) return null;
    const fall = (1 - equity / peakEquity) * 100;
    return {
      equity,
      peak: peakEquity,
      reason: `max drawdown reached: equity ${fmt(equity)} is ${fmt(fall)} % below its high ${fmt(peakEquity)} (limit ${this.risk.maxDrawdownPct} %); sold everything and stopped`,
    };
  }
}

const numbers = (position: Position) => ({
  base: Number(position.base),
  averageEntry: position.averageEntry === null ? null : Number(position.averageEntry),
  realizedPnl: Number(position.realizedPnl),
});
