import { orderBudgetWaits } from './budget-waits';

const metrics = `# HELP platform_exchange_budget_wait_seconds How long
# TYPE platform_exchange_budget_wait_seconds histogram
platform_exchange_budget_wait_seconds_bucket{le="0.005",exchange="binance",budget="orders"} 10
platform_exchange_budget_wait_seconds_bucket{le="0.05",exchange="binance",budget="orders"} 12
platform_exchange_budget_wait_seconds_bucket{le="+Inf",exchange="binance",budget="orders"} 20
platform_exchange_budget_wait_seconds_sum{exchange="binance",budget="orders"} 31.5
platform_exchange_budget_wait_seconds_count{exchange="binance",budget="orders"} 20
platform_exchange_budget_wait_seconds_bucket{le="0.05",exchange="binance",budget="weight"} 90
platform_exchange_budget_wait_seconds_count{exchange="binance",budget="weight"} 100
`;

describe('orderBudgetWaits', () => {
  it('counts the order budget takes and those that waited over 50 ms (weight waits aside)', () => {
    expect(orderBudgetWaits(metrics)).toEqual({ takes: 20, waited: 8 });
  });

  it('is zero for a worker that placed nothing yet', () => {
    expect(orderBudgetWaits('# nothing\n')).toEqual({ takes: 0, waited: 0 });
  });
});
