import { DEFAULT_LEVEL_QUOTE_VALUE, type Level, levelQty } from './depth';
import { type Fixed, ONE } from './fixed';
import type { Market } from './market';
import type { OrderSide } from './orders';

/** How taker orders meet the book. */
export type FillMode = 'depth' | 'whole';

export interface DepthOptions {
  /** Price levels on each side (default 5000: the most GET /api/v3/depth returns). */
  levels: number;
  /** Average quote value at a level; each holds 0.2x to 1.8x of it, seeded (default 2000). */
  levelQuoteValue: number;
  /**
   * Average quote value that trades against a resting order in each price step at which the
   * last price is at or through its limit (seeded 0.2x to 1.8x; default 100): resting orders
   * fill in parts over several steps.
   */
  restingFillQuoteValue: number;
}

export const DEFAULT_DEPTH: DepthOptions = {
  levels: 5000,
  levelQuoteValue: DEFAULT_LEVEL_QUOTE_VALUE,
  restingFillQuoteValue: 100,
};

/** what 'whole' fills offer at the touch: more than any order can ask */
const UNLIMITED: Fixed = 10n ** 30n;

interface Consumed {
  /** the book these takes came from: a new price step or a new price is a new book */
  book: string;
  /** `${side}:${level}` -> quantity taken */
  taken: Map<string, Fixed>;
}

/**
 * The synthetic order book: levels one tick apart from the touch (best bid = the price path
 * rounded down to the tick, best ask one tick above), seeded quantities, `levels` deep. Takers
 * walk it level by level; what they take stays gone until the book changes with the price.
 * In 'whole' mode takers meet unlimited quantity at the touch (the simulator before issue 14).
 */
export class OrderBook {
  private readonly consumed = new Map<string, Consumed>();
  private changes = 0;

  constructor(
    private readonly market: Market,
    readonly options: DepthOptions,
    readonly mode: FillMode,
  ) {}

  /** Levels a taker on `takerSide` meets, best first, up to its limit price if it has one. */
  *walk(symbolId: string, takerSide: OrderSide, limit?: Fixed): Generator<Level> {
    const side = takerSide === 'BUY' ? 'ask' : 'bid';
    if (this.mode === 'whole') {
      const quote = this.market.quote(symbolId);
      const price = takerSide === 'BUY' ? quote.ask : quote.bid;
      if (limit === undefined || crosses(takerSide, price, limit)) {
        yield { price, qty: UNLIMITED, index: 0 };
      }
      return;
    }
    for (const level of this.levels(symbolId, side, this.options.levels)) {
      if (limit !== undefined && !crosses(takerSide, level.price, limit)) return;
      yield level;
    }
  }

  /** The first `count` levels of one side with what takers left of them (empty ones skipped). */
  side(symbolId: string, side: 'bid' | 'ask', count: number): Level[] {
    const out: Level[] = [];
    for (const level of this.levels(symbolId, side, this.options.levels)) {
      if (out.length >= count) break;
      out.push(level);
    }
    return out;
  }

  /** A taker took these from the levels `walk` offered (each carries its level index). */
  take(symbolId: string, takerSide: OrderSide, takes: readonly Level[]): void {
    if (this.mode === 'whole') return;
    const side = takerSide === 'BUY' ? 'ask' : 'bid';
    const { taken } = this.current(symbolId);
    for (const { index, qty } of takes) {
      if (index === undefined) throw new Error('a take must come from a level the book offered');
      const key = `${side}:${index}`;
      taken.set(key, (taken.get(key) ?? 0n) + qty);
      this.changes += 1;
    }
  }

  /** Grows with every price step and every take, like Binance's lastUpdateId. */
  updateId(symbolId: string): number {
    return 2 ** 31 + this.market.stepAt(symbolId, this.market.now()) + this.changes;
  }

  clear(): void {
    this.consumed.clear();
  }

  private *levels(symbolId: string, side: 'bid' | 'ask', count: number): Generator<Level> {
    const s = this.symbol(symbolId);
    const now = this.market.now();
    const quote = this.market.quote(symbolId, now);
    const step = this.market.stepAt(symbolId, now);
    const reference = Number(quote.last) / Number(ONE);
    const taken = this.current(symbolId).taken;
    for (let level = 0; level < count; level++) {
      const offset = BigInt(level) * s.tickSize;
      const price = side === 'ask' ? quote.ask + offset : quote.bid - offset;
      if (price <= 0n) return;
      const qty =
        levelQty(this.market, s, step, reference, side, level) -
        (taken.get(`${side}:${level}`) ?? 0n);
      if (qty > 0n) yield { price, qty, index: level };
    }
  }

  private current(symbolId: string): Consumed {
    const now = this.market.now();
    const book = `${this.market.stepAt(symbolId, now)}:${this.market.quote(symbolId, now).bid}`;
    let consumed = this.consumed.get(symbolId);
    if (!consumed || consumed.book !== book) {
      consumed = { book, taken: new Map() };
      this.consumed.set(symbolId, consumed);
    }
    return consumed;
  }

  private symbol(symbolId: string) {
    const s = this.market.symbol(symbolId);
    if (!s) throw new Error(`unknown symbol ${symbolId}`);
    return s;
  }
}

/** a buy takes asks at or below its limit, a sell bids at or above */
function crosses(takerSide: OrderSide, price: Fixed, limit: Fixed): boolean {
  return takerSide === 'BUY' ? price <= limit : price >= limit;
}
