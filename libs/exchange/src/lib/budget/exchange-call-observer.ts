/** How one exchange call ended, for metrics: `429` and `418` are the exchange's limit answers. */
export type ExchangeCallStatus = 'ok' | '429' | '418' | 'error';

/**
 * Told about every call a BudgetedExchangeClient makes (metrics). Only the exchange, the
 * endpoint (the client's method name) and the outcome: never a key, account or symbol.
 */
export interface ExchangeCallObserver {
  /** The call waited this long for weight (or its API key's order budget) before it went out. */
  budgetWaited(exchange: string, budget: 'weight' | 'orders', seconds: number): void;
  called(exchange: string, endpoint: string, weight: number, status: ExchangeCallStatus): void;
}
