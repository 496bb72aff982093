import type { BacktestOrder, BacktestTrade } from '@platform/contracts';
import {
  type Claim,
  clientOrderIdFor,
  emptyPosition,
  type FillRecord,
  type NewIntent,
  type OrderOutcome,
  type OrderRecord,
  type Position,
  type RiskMarks,
  type UserDailyLoss,
} from '@platform/persistence';
import type { TradingRecords } from '../engine/engine-context';

/** Why the backtest's bot stopped itself (no funds, an order it cannot place), if it did. */
export interface BacktestHalt {
  time: number;
  kind: string;
  reason: string;
}

/**
 * A backtest's trading records, in memory: what TradingRepository writes to Postgres for a
 * running bot, with the same rules (intent first with the bot's next client order id, each
 * fill once, the position moved by new fills only), stamped with the candles' clock. There is
 * no other owner in a backtest, so nothing is fenced.
 */
export class BacktestRecords implements TradingRecords {
  readonly orders: OrderRecord[] = [];
  readonly trades: BacktestTrade[] = [];
  readonly events: { time: number; type: string; message: string }[] = [];
  position: Position = emptyPosition();
  halt: BacktestHalt | null = null;
  private readonly byId = new Map<string, OrderRecord>();
  private readonly sentAt = new Map<string, number>();
  private readonly tradeKeys = new Set<string>();
  private orderSeq = 0;

  /** A backtest has no users clicking: no manual actions ever arrive. */
  readonly actions: TradingRecords['actions'] = {
    pending: async () => [],
    soldFor: async () => '0',
    finish: async () => {
      throw new Error('a backtest has no manual actions');
    },
  };

  constructor(private readonly clock: () => number) {}

  async writeIntent(claim: Claim, _venue: unknown, intent: NewIntent): Promise<OrderRecord> {
    const now = this.clock();
    const order: OrderRecord = {
      id: String(++this.orderSeq),
      clientOrderId: clientOrderIdFor(claim.botId, this.orderSeq),
      exchangeOrderId: null,
      side: intent.side,
      type: intent.type,
      amount: intent.amount,
      price: intent.price,
      filled: '0',
      averagePrice: null,
      status: 'intent',
      signal: intent.signal,
      createdAt: new Date(now),
    };
    this.orders.push(order);
    this.byId.set(order.id, order);
    this.sentAt.set(order.id, now);
    return { ...order };
  }

  async recordOutcome(
    _claim: Claim,
    orderId: string,
    outcome: OrderOutcome,
    applyFills: (position: Position, fills: FillRecord[]) => Position,
  ): Promise<{ order: OrderRecord; position: Position; newFills: FillRecord[] }> {
    const order = this.order(orderId);
    order.status = outcome.status;
    order.exchangeOrderId = outcome.exchangeOrderId ?? order.exchangeOrderId;
    order.filled = outcome.filled;
    order.averagePrice = outcome.averagePrice;
    const newFills = outcome.fills.filter((fill) => {
      const key = `${orderId}|${fill.exchangeTradeId}`;
      if (this.tradeKeys.has(key)) return false;
      this.tradeKeys.add(key);
      return true;
    });
    for (const fill of newFills)
      this.trades.push({
        clientOrderId: order.clientOrderId,
        time: fill.executedAt.getTime(),
        side: fill.side,
        price: fill.price,
        amount: fill.amount,
        fee: fill.fee,
        feeCurrency: fill.feeCurrency,
      });
    if (newFills.length > 0) this.position = applyFills(this.position, newFills);
    return { order: { ...order }, position: this.position, newFills };
  }

  async markOrder(
    _claim: Claim,
    orderId: string,
    status: 'unknown' | 'rejected',
    error: string,
  ): Promise<void> {
    const order = this.order(orderId);
    if (order.status !== 'intent' && order.status !== 'unknown') return;
    order.status = status;
    this.note(`order.${status}`, `${order.clientOrderId}: ${error}`);
  }

  async rejectIfMissing(
    claim: Claim,
    orderId: string,
    reason: string,
    stillMissing: () => Promise<boolean>,
  ): Promise<boolean> {
    const order = this.order(orderId);
    if (order.status !== 'intent' && order.status !== 'unknown') return false;
    if (!(await stillMissing())) return false;
    await this.markOrder(claim, orderId, 'rejected', reason);
    return true;
  }

  async stopWithError(_claim: Claim, kind: string, reason: string): Promise<void> {
    this.halt ??= { time: this.clock(), kind, reason };
    this.note('bot.error', reason);
  }

  async reportError(_claim: Claim, _kind: string, reason: string): Promise<void> {
    this.note('bot.error', reason);
  }

  async clearError(): Promise<void> {
    // nothing is shown between evaluations of a backtest
  }

  async event(_claim: Claim, type: string, message: string): Promise<void> {
    this.note(type, message);
  }

  async raiseRiskMarks(_claim: Claim, marks: RiskMarks): Promise<void> {
    const { peakPrice, peakEquity } = this.position;
    const higher = (mark: string | undefined, now: string | null) =>
      mark === undefined || (now !== null && Number(now) >= Number(mark)) ? now : mark;
    this.position = {
      ...this.position,
      peakPrice: higher(marks.peakPrice, peakPrice),
      peakEquity: higher(marks.peakEquity, peakEquity),
    };
  }

  /** A backtest tries one bot definition: its user's limits across bots are not part of it. */
  async userDailyLoss(): Promise<UserDailyLoss> {
    return { limit: null, realized: 0 };
  }

  async ordersByClientId(_botId: string, clientOrderIds: string[]): Promise<OrderRecord[]> {
    return this.orders
      .filter((o) => clientOrderIds.includes(o.clientOrderId))
      .map((o) => ({ ...o }));
  }

  /** The orders as a result lists them, oldest first. */
  orderList(): BacktestOrder[] {
    return this.orders.map((o) => ({
      clientOrderId: o.clientOrderId,
      time: this.sentAt.get(o.id) ?? o.createdAt.getTime(),
      side: o.side,
      type: o.type,
      amount: o.amount,
      price: o.price,
      status: o.status,
      filled: o.filled,
      averagePrice: o.averagePrice,
      signal: o.signal,
    }));
  }

  private note(type: string, message: string): void {
    this.events.push({ time: this.clock(), type, message });
  }

  private order(orderId: string): OrderRecord {
    const order = this.byId.get(orderId);
    if (!order) throw new Error(`backtest order ${orderId} is unknown`);
    return order;
  }
}
