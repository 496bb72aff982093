import type { ExchangeClient, OrderRef, PlaceOrderRequest } from '../client/exchange-client';
import type { RequestWeights } from '../descriptor/exchange-descriptor';
import { exchangeDescriptor } from '../descriptor/exchange-registry';
import { BannedError, OrderRateLimitedError, RateLimitedError } from '../errors/exchange.errors';
import type { ExchangeCallObserver, ExchangeCallStatus } from './exchange-call-observer';
import type { WeightBudget } from './weight-budget';

/**
 * The order-rate budget of one API key (the descriptor's orderRateLimits, e.g. Binance's 100 per 10 s per account), shared
 * by every process that trades with the key. `scope` identifies the key without revealing it
 * (the exchange account's id).
 */
export interface KeyBudget {
  budget: WeightBudget;
  scope: string;
}

/**
 * An ExchangeClient that spends from the shared WeightBudget before every call (and, for order
 * placement and cancels, from its API key's order budget) and, when the exchange still answers
 * 429 or 418, pauses it cluster-wide.
 */
export class BudgetedExchangeClient implements ExchangeClient {
  readonly exchangeId: string;
  private readonly weights: RequestWeights;

  constructor(
    private readonly inner: ExchangeClient,
    private readonly budget: WeightBudget,
    private readonly keyBudget?: KeyBudget,
    private readonly observer?: ExchangeCallObserver,
  ) {
    this.exchangeId = inner.exchangeId;
    this.weights = exchangeDescriptor(inner.exchangeId).weights;
  }

  loadMarkets(reload?: boolean) {
    return this.spend('loadMarkets', this.weights.loadMarkets, () =>
      this.inner.loadMarkets(reload),
    );
  }
  fetchTicker(symbol: string) {
    return this.spend('fetchTicker', this.weights.fetchTicker, () =>
      this.inner.fetchTicker(symbol),
    );
  }
  fetchTickers(symbols?: string[]) {
    return this.spend('fetchTickers', this.weights.fetchTickers(symbols?.length), () =>
      this.inner.fetchTickers(symbols),
    );
  }
  fetchCandles(symbol: string, timeframe: string, limit: number, since?: number) {
    return this.spend('fetchCandles', this.weights.fetchCandles, () =>
      this.inner.fetchCandles(symbol, timeframe, limit, since),
    );
  }
  fetchKeyPermissions() {
    return this.spend('fetchKeyPermissions', this.weights.fetchKeyPermissions, () =>
      this.inner.fetchKeyPermissions(),
    );
  }
  fetchBalance() {
    return this.spend('fetchBalance', this.weights.fetchBalance, () => this.inner.fetchBalance());
  }
  async createOrder(request: PlaceOrderRequest) {
    await this.takeOrderBudget();
    try {
      return await this.spend('createOrder', this.weights.createOrder, () =>
        this.inner.createOrder(request),
      );
    } finally {
      await this.followOrderCounts();
    }
  }
  fetchOrder(ref: OrderRef, symbol: string) {
    return this.spend('fetchOrder', this.weights.fetchOrder, () =>
      this.inner.fetchOrder(ref, symbol),
    );
  }
  async cancelOrder(id: string, symbol: string) {
    await this.takeOrderBudget();
    return this.spend('cancelOrder', this.weights.cancelOrder, () =>
      this.inner.cancelOrder(id, symbol),
    );
  }
  fetchOrderFills(id: string, symbol: string) {
    return this.spend('fetchOrderFills', this.weights.fetchOrderFills, () =>
      this.inner.fetchOrderFills(id, symbol),
    );
  }
  fetchOrdersSince(symbol: string, since: number) {
    return this.spend('fetchOrdersSince', this.weights.fetchOrdersSince, () =>
      this.inner.fetchOrdersSince(symbol, since),
    );
  }
  fetchOpenOrders(symbol?: string) {
    return this.spend('fetchOpenOrders', this.weights.fetchOpenOrders(symbol !== undefined), () =>
      this.inner.fetchOpenOrders(symbol),
    );
  }

  orderCounts() {
    return this.inner.orderCounts?.() ?? [];
  }

  private async takeOrderBudget(): Promise<void> {
    if (!this.keyBudget) return;
    const started = performance.now();
    await this.keyBudget.budget.take(this.keyBudget.scope, 1);
    this.observer?.budgetWaited(this.exchangeId, 'orders', (performance.now() - started) / 1000);
  }

  /** The key's budget counts at least what the exchange counted (other programs' orders too). */
  private async followOrderCounts(): Promise<void> {
    if (!this.keyBudget) return;
    const { budget, scope } = this.keyBudget;
    for (const count of this.orderCounts())
      if (count.perMs === budget.windowMs)
        await budget.observe(scope, count.used).catch(() => undefined); // a hint, never a failure
  }

  private async spend<T>(endpoint: string, weight: number, call: () => Promise<T>): Promise<T> {
    const started = performance.now();
    await this.budget.take(this.exchangeId, weight);
    this.observer?.budgetWaited(this.exchangeId, 'weight', (performance.now() - started) / 1000);
    let status: ExchangeCallStatus = 'error';
    try {
      const result = await call();
      status = 'ok';
      return result;
    } catch (error) {
      if (error instanceof OrderRateLimitedError) {
        // the key's account sent too many orders: its orders wait, every other call goes on
        status = '429';
        await this.keyBudget?.budget.pause(this.keyBudget.scope, error.retryAfterMs);
      } else if (error instanceof RateLimitedError) {
        status = '429';
        await this.budget.pause(this.exchangeId, error.retryAfterMs);
      }
      if (error instanceof BannedError) {
        status = '418';
        await this.budget.pause(this.exchangeId, error.until.getTime() - Date.now());
      }
      throw error;
    } finally {
      this.observer?.called(this.exchangeId, endpoint, weight, status);
    }
  }
}
