import type { Balances, DecimalString, OrderRef } from '../client/exchange-client';
import { Dec, decText } from '../client/decimal';
import { InsufficientFundsError } from '../errors/exchange.errors';
import type { BalanceChange, PaperLedger, PaperOrder, Placement, Settlement } from './paper-ledger';

interface Account {
  balances: Map<string, { free: Dec; used: Dec }>;
  orders: PaperOrder[];
  byClientId: Map<string, PaperOrder>;
  byId: Map<string, PaperOrder>;
}

/** A copy the caller may keep (the fill list included). */
const copy = (order: PaperOrder): PaperOrder => ({ ...order, fills: [...order.fills] });

/**
 * A paper account's books in memory, for backtests and tests of pure logic: the same decisions as the Postgres ledger
 * (the paper matching functions decide, this only keeps the books), stamped with the caller's
 * clock so a run on history is deterministic. One process, one caller at a time: nothing to
 * lock. A change that would make a balance negative is refused whole, as Postgres' CHECK does.
 */
export class MemoryPaperLedger implements PaperLedger {
  private readonly accounts = new Map<string, Account>();
  private nextId = 1;

  constructor(private readonly clock: () => number = Date.now) {}

  async open(accountId: string, initial: Record<string, DecimalString>): Promise<void> {
    if (this.accounts.has(accountId)) return;
    const balances = new Map<string, { free: Dec; used: Dec }>();
    for (const [asset, free] of Object.entries(initial))
      balances.set(asset, { free: new Dec(free), used: new Dec(0) });
    this.accounts.set(accountId, { balances, orders: [], byClientId: new Map(), byId: new Map() });
  }

  async balances(accountId: string): Promise<Balances> {
    return this.balancesOf(accountId);
  }

  /** Synchronous balances (the backtest values its equity on every candle). */
  balancesOf(accountId: string): Balances {
    const balances: Balances = {};
    const account = this.accounts.get(accountId);
    if (!account) return balances;
    for (const [asset, { free, used }] of [...account.balances].sort(([a], [b]) =>
      a < b ? -1 : 1,
    ))
      balances[asset] = {
        free: decText(free),
        used: decText(used),
        total: decText(free.plus(used)),
      };
    return balances;
  }

  async place(
    accountId: string,
    clientOrderId: string,
    decide: (balances: Balances) => Placement,
  ): Promise<{ order: PaperOrder; created: boolean }> {
    const account = this.account(accountId);
    const existing = account.byClientId.get(clientOrderId);
    if (existing) return { order: copy(existing), created: false };
    const placement = decide(this.balancesOf(accountId));
    this.apply(account, placement.changes);
    const now = this.clock();
    const order: PaperOrder = {
      ...placement.order,
      fills: placement.order.fills.map((fill) => ({ ...fill, at: now })),
      id: `paper-${this.nextId++}`,
      createdAt: now,
      filledAt: placement.order.fills.length > 0 ? now : null,
    };
    account.orders.push(order);
    account.byClientId.set(clientOrderId, order);
    account.byId.set(order.id, order);
    return { order: copy(order), created: true };
  }

  async find(accountId: string, ref: OrderRef): Promise<PaperOrder | null> {
    const account = this.account(accountId);
    const order =
      ref.id !== undefined ? account.byId.get(ref.id) : account.byClientId.get(ref.clientOrderId);
    return order ? copy(order) : null;
  }

  async openOrders(accountId: string, symbol?: string): Promise<PaperOrder[]> {
    return this.account(accountId)
      .orders.filter((o) => o.status === 'open' && (symbol === undefined || o.symbol === symbol))
      .map(copy);
  }

  async ordersSince(accountId: string, symbol: string, since: number): Promise<PaperOrder[]> {
    return this.account(accountId)
      .orders.filter((o) => o.symbol === symbol && o.createdAt >= since)
      .map(copy);
  }

  async settle(
    accountId: string,
    orderId: string,
    decide: (order: PaperOrder) => Settlement | null,
  ): Promise<PaperOrder | null> {
    const account = this.account(accountId);
    const order = account.byId.get(orderId);
    if (!order) return null;
    const settlement = decide(copy(order));
    if (!settlement) return copy(order);
    this.apply(account, settlement.changes);
    Object.assign(order, settlement.update);
    if (settlement.newFills.length > 0) {
      const now = this.clock();
      order.fills = [...order.fills, ...settlement.newFills.map((fill) => ({ ...fill, at: now }))];
      order.filledAt = now;
    }
    return copy(order);
  }

  private account(accountId: string): Account {
    const account = this.accounts.get(accountId);
    if (!account) throw new Error(`paper account ${accountId} is not open`);
    return account;
  }

  /** All changes or none: a negative balance refuses the whole decision. */
  private apply(account: Account, changes: BalanceChange[]): void {
    const next = new Map<string, { free: Dec; used: Dec }>();
    for (const change of changes) {
      const current = next.get(change.asset) ??
        account.balances.get(change.asset) ?? { free: new Dec(0), used: new Dec(0) };
      const after = { free: current.free.plus(change.free), used: current.used.plus(change.used) };
      if (after.free.lt(0) || after.used.lt(0))
        throw new InsufficientFundsError('paper: the balance cannot go negative', 'paper');
      next.set(change.asset, after);
    }
    for (const [asset, balance] of next) account.balances.set(asset, balance);
  }
}
