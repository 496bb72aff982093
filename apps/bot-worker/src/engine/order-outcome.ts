import { Dec, type ExchangeOrder, type Fill } from '@platform/exchange';
import type { FillRecord, OrderOutcome, OrderRecord } from '@platform/persistence';

const statusOf = (order: ExchangeOrder): OrderOutcome['status'] => {
  switch (order.status) {
    case 'closed':
      return 'filled';
    case 'open':
      return new Dec(order.filled).gt(0) ? 'partially_filled' : 'open';
    default:
      return order.status;
  }
};

/** The exchange's view of an order, as the records keep it; `fills` complete the answer's own. */
export function outcomeOf(
  order: ExchangeOrder,
  record: Pick<OrderRecord, 'side'>,
  fills: Fill[] = order.fills,
): OrderOutcome {
  return {
    status: statusOf(order),
    exchangeOrderId: order.id,
    filled: order.filled,
    averagePrice: order.average !== null && new Dec(order.average).gt(0) ? order.average : null,
    fills: fills.map(
      (fill): FillRecord => ({
        exchangeTradeId: fill.id,
        side: record.side,
        price: fill.price,
        amount: fill.amount,
        fee: fill.fee,
        feeCurrency: fill.feeCurrency,
        executedAt: new Date(fill.timestamp || Date.now()),
      }),
    ),
  };
}

/** True when the answer reports more filled than its fills add up to (a lookup's answer). */
export function fillsMissing(order: ExchangeOrder): boolean {
  const known = order.fills.reduce((sum, f) => sum.plus(f.amount), new Dec(0));
  return new Dec(order.filled).gt(known);
}
