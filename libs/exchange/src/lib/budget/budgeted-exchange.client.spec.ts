import type { ExchangeClient } from '../client/exchange-client';
import { BudgetedExchangeClient } from './budgeted-exchange.client';
import type { ExchangeCallObserver } from './exchange-call-observer';
import type { WeightBudget } from './weight-budget';

// The calls of an ExchangeClient, each with arguments it accepts.
const CALLS: [keyof ExchangeClient, unknown[]][] = [
  ['loadMarkets', []],
  ['fetchTicker', ['BTC/USDT']],
  ['fetchTickers', [['BTC/USDT', 'ETH/USDT']]],
  ['fetchCandles', ['BTC/USDT', '1m', 10]],
  ['fetchKeyPermissions', []],
  ['fetchBalance', []],
  ['createOrder', [{}]],
  ['fetchOrder', [{ id: '1' }, 'BTC/USDT']],
  ['cancelOrder', ['1', 'BTC/USDT']],
  ['fetchOrderFills', ['1', 'BTC/USDT']],
  ['fetchOpenOrders', ['BTC/USDT']],
  ['fetchOrdersSince', ['BTC/USDT', 0]],
];

describe('BudgetedExchangeClient', () => {
  it("labels each call with the method's own name, and spends weight for every one", async () => {
    const taken: number[] = [];
    const budget = {
      take: async (_scope: string, weight: number) => void taken.push(weight),
      pause: async () => undefined,
    } as unknown as WeightBudget;
    const inner = new Proxy({ exchangeId: 'binance' } as ExchangeClient, {
      get: (target, name) => {
        if (name === 'exchangeId') return target.exchangeId;
        if (name === 'orderCounts') return () => [];
        return async () => (name === 'loadMarkets' ? {} : []);
      },
    });
    const called: string[] = [];
    const observer: ExchangeCallObserver = {
      budgetWaited: () => undefined,
      called: (exchange, endpoint, _weight, status) =>
        called.push(`${exchange} ${endpoint} ${status}`),
    };
    const client = new BudgetedExchangeClient(inner, budget, undefined, observer);
    for (const [method, args] of CALLS)
      await (client[method] as (...a: unknown[]) => Promise<unknown>)(...args);
    expect(called).toEqual(CALLS.map(([method]) => `binance ${method} ok`));
    expect(taken).toHaveLength(CALLS.length);
    expect(taken.every((weight) => weight > 0)).toBe(true);
  });
});
