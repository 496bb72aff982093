import type { BotSnapshot, OrderRecord, Position } from '@platform/persistence';

/**
 * What one engine knows of its bot between evaluations: the position, the orders resting at
 * the exchange, and the orders whose fate is not known yet (with when this engine began to
 * doubt each, on its own monotonic clock: no host clocks compared).
 */
export class BotBook {
  position: Position;
  open: OrderRecord[];
  pending: OrderRecord[];
  readonly pendingSince = new Map<string, number>();
  /** No exchange action before this time (ms since epoch): a rate limit, a ban, a busy lookup. */
  backoffUntil = 0;

  constructor(snapshot: BotSnapshot) {
    this.position = snapshot.position;
    this.open = snapshot.open;
    this.pending = snapshot.pending;
    // A predecessor's order can still arrive until its last stamp + the exchange's window:
    // count that window from now.
    for (const order of snapshot.pending) this.doubt(order.id);
  }

  addPending(order: OrderRecord): void {
    this.pending.push(order);
  }

  /** From now on the order's answer may still come: its late window starts again. */
  doubt(orderId: string): void {
    this.pendingSince.set(orderId, performance.now());
  }

  doubtedForMs(orderId: string): number {
    return performance.now() - (this.pendingSince.get(orderId) ?? performance.now());
  }

  forgetPending(orderId: string): void {
    this.pending = this.pending.filter((o) => o.id !== orderId);
    this.pendingSince.delete(orderId);
  }

  /** The exchange's answer was recorded: no longer pending, resting while it is open. */
  recorded(order: OrderRecord, position: Position): void {
    this.position = position;
    this.forgetPending(order.id);
    this.open = this.open.filter((o) => o.id !== order.id);
    if (order.status === 'open' || order.status === 'partially_filled') this.open.push(order);
  }
}
