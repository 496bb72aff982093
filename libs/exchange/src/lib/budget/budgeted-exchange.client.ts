import type { ExchangeClient, OrderRef, PlaceOrderRequest } from '../client/exchange-client';
import { BannedError, RateLimitedError } from '../errors/exchange.errors';
import type { WeightBudget } from './weight-budget';

/** Request weights of Binance spot (binance-spot-api-docs); other exchanges count 1 per call. */
export const binanceWeights = {
  loadMarkets: 20,
  fetchTicker: 2,
  fetchTickers: (symbols: number | undefined) =>
    symbols === undefined ? 80 : symbols <= 20 ? 2 : symbols <= 100 ? 40 : 80,
  fetchCandles: 2,
  fetchBalance: 20,
  createOrder: 1,
  fetchOrder: 4,
  cancelOrder: 1,
  fetchOpenOrders: (withSymbol: boolean) => (withSymbol ? 6 : 80),
  fetchOrderFills: 5, // myTrades with orderId
  fetchOrdersSince: 20, // allOrders
  fetchKeyPermissions: 1, // sapi apiRestrictions
};

/**
 * The order-rate budget of one API key (Binance counts orders per account: 100 per 10 s), shared
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

  constructor(
    private readonly inner: ExchangeClient,
    private readonly budget: WeightBudget,
    private readonly keyBudget?: KeyBudget,
  ) {
    this.exchangeId = inner.exchangeId;
  }

  loadMarkets(reload?: boolean) {
    return this.spend(this.weight(binanceWeights.loadMarkets), () =>
      this.inner.loadMarkets(reload),
    );
  }
  fetchTicker(symbol: string) {
    return this.spend(this.weight(binanceWeights.fetchTicker), () =>
      this.inner.fetchTicker(symbol),
    );
  }
  fetchTickers(symbols?: string[]) {
    return this.spend(this.weight(binanceWeights.fetchTickers(symbols?.length)), () =>
      this.inner.fetchTickers(symbols),
    );
  }
  fetchCandles(symbol: string, timeframe: string, limit: number, since?: number) {
    return this.spend(this.weight(binanceWeights.fetchCandles), () =>
      this.inner.fetchCandles(symbol, timeframe, limit, since),
    );
  }
  fetchKeyPermissions() {
    return this.spend(this.weight(binanceWeights.fetchKeyPermissions), () =>
      this.inner.fetchKeyPermissions(),
    );
  }
  fetchBalance() {
    return this.spend(this.weight(binanceWeights.fetchBalance), () => this.inner.fetchBalance());
  }
  async createOrder(request: PlaceOrderRequest) {
    await this.keyBudget?.budget.take(this.keyBudget.scope, 1);
    return this.spend(this.weight(binanceWeights.createOrder), () =>
      this.inner.createOrder(request),
    );
  }
  fetchOrder(ref: OrderRef, symbol: string) {
    return this.spend(this.weight(binanceWeights.fetchOrder), () =>
      this.inner.fetchOrder(ref, symbol),
    );
  }
  async cancelOrder(id: string, symbol: string) {
    await this.keyBudget?.budget.take(this.keyBudget.scope, 1);
    return this.spend(this.weight(binanceWeights.cancelOrder), () =>
      this.inner.cancelOrder(id, symbol),
    );
  }
  fetchOrderFills(id: string, symbol: string) {
    return this.spend(this.weight(binanceWeights.fetchOrderFills), () =>
      this.inner.fetchOrderFills(id, symbol),
    );
  }
  fetchOrdersSince(symbol: string, since: number) {
    return this.spend(this.weight(binanceWeights.fetchOrdersSince), () =>
      this.inner.fetchOrdersSince(symbol, since),
    );
  }
  fetchOpenOrders(symbol?: string) {
    return this.spend(this.weight(binanceWeights.fetchOpenOrders(symbol !== undefined)), () =>
      this.inner.fetchOpenOrders(symbol),
    );
  }

  private weight(binanceWeight: number): number {
    return this.exchangeId === 'binance' ? binanceWeight : 1;
  }

  private async spend<T>(weight: number, call: () => Promise<T>): Promise<T> {
    await this.budget.take(this.exchangeId, weight);
    try {
      return await call();
    } catch (error) {
      if (error instanceof RateLimitedError)
        await this.budget.pause(this.exchangeId, error.retryAfterMs);
      if (error instanceof BannedError)
        await this.budget.pause(this.exchangeId, error.until.getTime() - Date.now());
      throw error;
    }
  }
}
