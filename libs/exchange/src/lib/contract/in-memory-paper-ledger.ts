import type { Balances, DecimalString, OrderRef } from '../client/exchange-client';
import { Dec, decText } from '../client/decimal';
import { InsufficientFundsError } from '../errors/exchange.errors';
import type {
  BalanceChange,
  PaperLedger,
  PaperOrder,
  Placement,
  Settlement,
} from '../paper/paper-ledger';

/**
 * The PaperLedger contract in memory, for tests of pure logic (the durable one is
 * libs/persistence's PaperLedgerRepository): one account per id, one order per client order id.
 */
export class InMemoryPaperLedger implements PaperLedger {
  private readonly accounts = new Map<string, { balances: Balances; orders: PaperOrder[] }>();
  private nextId = 1;

  async open(accountId: string, initial: Record<string, DecimalString>): Promise<void> {
    if (this.accounts.has(accountId)) return;
    const balances: Balances = {};
    for (const [asset, free] of Object.entries(initial))
      balances[asset] = { free, used: '0', total: free };
    this.accounts.set(accountId, { balances, orders: [] });
  }

  async balances(accountId: string): Promise<Balances> {
    return structuredClone(this.account(accountId).balances);
  }

  async place(
    accountId: string,
    clientOrderId: string,
    decide: (balances: Balances) => Placement,
  ): Promise<{ order: PaperOrder; created: boolean }> {
    const account = this.account(accountId);
    const existing = account.orders.find((o) => o.clientOrderId === clientOrderId);
    if (existing) return { order: { ...existing }, created: false };
    const { order, changes } = decide(structuredClone(account.balances));
    this.apply(account.balances, changes);
    const now = Date.now();
    const placed: PaperOrder = {
      ...order,
      id: String(this.nextId++),
      createdAt: now,
      filledAt: order.status === 'closed' ? now : null,
    };
    account.orders.push(placed);
    return { order: { ...placed }, created: true };
  }

  async find(accountId: string, ref: OrderRef): Promise<PaperOrder | null> {
    const order = this.account(accountId).orders.find((o) =>
      ref.id !== undefined ? o.id === ref.id : o.clientOrderId === ref.clientOrderId,
    );
    return order ? { ...order } : null;
  }

  async openOrders(accountId: string, symbol?: string): Promise<PaperOrder[]> {
    return this.account(accountId)
      .orders.filter((o) => o.status === 'open' && (symbol === undefined || o.symbol === symbol))
      .map((o) => ({ ...o }));
  }

  async ordersSince(accountId: string, symbol: string, since: number): Promise<PaperOrder[]> {
    return this.account(accountId)
      .orders.filter((o) => o.symbol === symbol && o.createdAt >= since)
      .map((o) => ({ ...o }));
  }

  async settle(
    accountId: string,
    orderId: string,
    decide: (order: PaperOrder) => Settlement | null,
  ): Promise<PaperOrder | null> {
    const account = this.account(accountId);
    const order = account.orders.find((o) => o.id === orderId);
    if (!order) return null;
    const settlement = order.status === 'open' ? decide({ ...order }) : null;
    if (!settlement) return { ...order };
    this.apply(account.balances, settlement.changes);
    Object.assign(order, settlement.update);
    if (order.status === 'closed') order.filledAt = Date.now();
    return { ...order };
  }

  private account(accountId: string) {
    const account = this.accounts.get(accountId);
    if (!account) throw new Error(`paper account ${accountId} was never opened`);
    return account;
  }

  /** All or nothing, never below zero (as the Postgres ledger's CHECK constraints). */
  private apply(balances: Balances, changes: BalanceChange[]): void {
    const next = structuredClone(balances);
    for (const c of changes) {
      const entry = next[c.asset] ?? { free: '0', used: '0', total: '0' };
      const free = new Dec(entry.free).add(c.free);
      const used = new Dec(entry.used).add(c.used);
      if (free.isNegative() || used.isNegative())
        throw new InsufficientFundsError('paper: the balance cannot go negative', 'paper');
      next[c.asset] = { free: decText(free), used: decText(used), total: decText(free.add(used)) };
    }
    Object.assign(balances, next);
  }
}
