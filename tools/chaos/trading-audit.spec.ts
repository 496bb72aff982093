import { auditTrading, canonicalDecimal, type DbOrder, type SimOrder } from './trading-audit';

const simOrder = (clientOrderId: string, orderId: number, symbol = 'BTCUSDT'): SimOrder => ({
  apiKey: 'k1',
  symbol,
  orderId,
  clientOrderId,
  status: 'FILLED',
});
const fill = (orderId: number, tradeId: number, qty: string, symbol = 'BTCUSDT') => ({
  apiKey: 'k1',
  symbol,
  orderId,
  tradeId: String(tradeId),
  qty,
});
const dbOrder = (clientOrderId: string, status = 'filled'): DbOrder => ({
  botId: 'bot-a',
  clientOrderId,
  status,
});

describe('canonicalDecimal', () => {
  it('spells equal amounts the same', () => {
    expect(canonicalDecimal('0.00025000')).toBe('0.00025');
    expect(canonicalDecimal('0.00025')).toBe('0.00025');
    expect(canonicalDecimal('15.00000000')).toBe('15');
    expect(canonicalDecimal('007.50')).toBe('7.5');
    expect(canonicalDecimal('0')).toBe('0');
  });
});

describe('auditTrading', () => {
  it('passes when every exchange order is one intent and every fill a trades row', () => {
    const audit = auditTrading(
      [simOrder('tba-1', 1), simOrder('tba-2', 2), simOrder('tba-3', 1, 'ETHUSDT')],
      [fill(1, 1, '0.00025000'), fill(2, 2, '0.00025000'), fill(1, 1, '0.005', 'ETHUSDT')],
      [dbOrder('tba-1'), dbOrder('tba-2'), dbOrder('tba-3'), dbOrder('tba-4', 'rejected')],
      [
        { clientOrderId: 'tba-1', tradeId: '1', amount: '0.00025' },
        { clientOrderId: 'tba-2', tradeId: '2', amount: '0.00025' },
        { clientOrderId: 'tba-3', tradeId: '1', amount: '0.005' },
      ],
    );
    expect(audit).toEqual({
      ordersAtExchange: 3,
      ordersRecorded: 3,
      repeatedClientOrderIds: 0,
      ordersWithoutIntent: 0,
      duplicateOrdersAtExchange: 0,
      ordersMarkedRejected: 0,
      fillsAtExchange: 3,
      fillsMissingFromDb: 0,
      tradesRecorded: 3,
      pendingIntents: 0,
      examples: [],
    });
  });

  it('counts a client order id sent twice and an order no intent accounts for', () => {
    const audit = auditTrading(
      [simOrder('tba-1', 1), simOrder('tba-1', 2), simOrder('tba-1', 3), simOrder('tbz-9', 4)],
      [],
      [dbOrder('tba-1')],
      [],
    );
    expect(audit).toMatchObject({
      repeatedClientOrderIds: 2,
      ordersWithoutIntent: 1,
      duplicateOrdersAtExchange: 3,
    });
    expect(audit.examples).toEqual(['no-intent tbz-9 (BTCUSDT #4)', 'repeated tba-1 x3']);
  });

  it('finds fills without a trades row: another trade id, another amount, or no row at all', () => {
    const audit = auditTrading(
      [simOrder('tba-1', 1), simOrder('tba-2', 2), simOrder('tba-3', 3)],
      [fill(1, 10, '0.1'), fill(2, 11, '0.2'), fill(3, 12, '0.3'), fill(3, 13, '0.3')],
      [dbOrder('tba-1'), dbOrder('tba-2'), dbOrder('tba-3', 'rejected')],
      [
        { clientOrderId: 'tba-1', tradeId: '99', amount: '0.1' },
        { clientOrderId: 'tba-2', tradeId: '11', amount: '0.25' },
      ],
    );
    expect(audit).toMatchObject({
      fillsAtExchange: 4,
      fillsMissingFromDb: 4,
      ordersMarkedRejected: 1,
      ordersRecorded: 2,
    });
    expect(audit.examples).toContain('marked-rejected tba-3 bot bot-a (BTCUSDT #3 FILLED)');
    expect(audit.examples).toContain(
      'fill-missing tba-3 trade BTCUSDT #12 qty 0.3 (bot bot-a, order rejected in the db)',
    );
    // at most three examples of a kind
    expect(audit.examples.filter((e) => e.startsWith('fill-missing'))).toHaveLength(3);
  });

  it('counts the intents still pending', () => {
    const audit = auditTrading(
      [],
      [],
      [dbOrder('tba-1', 'intent'), dbOrder('tba-2', 'unknown'), dbOrder('tba-3', 'open')],
      [],
    );
    expect(audit).toMatchObject({ pendingIntents: 2, ordersRecorded: 1 });
  });
});
