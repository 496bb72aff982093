import { InsufficientFundsError } from '../errors/exchange.errors';
import { MemoryPaperLedger } from './memory-paper-ledger';

describe('MemoryPaperLedger', () => {
  let now = 1000;
  const ledger = () => new MemoryPaperLedger(() => now);
  const order = {
    symbol: 'BTC/USDT',
    side: 'buy' as const,
    type: 'limit' as const,
    amount: '1',
    price: '100',
  };

  it('places an order once per client order id, stamped with its clock', async () => {
    const books = ledger();
    await books.open('a', { USDT: '1000' });
    const decide = () => ({
      order: {
        ...order,
        clientOrderId: 'c1',
        status: 'open' as const,
        filled: '0',
        average: null,
        fee: '0',
        feeCurrency: null,
        fills: [],
      },
      changes: [{ asset: 'USDT', free: '-100', used: '100' }],
    });
    const first = await books.place('a', 'c1', decide);
    const again = await books.place('a', 'c1', decide);
    expect(first).toMatchObject({ created: true, order: { id: 'paper-1', createdAt: 1000 } });
    expect(again).toMatchObject({ created: false, order: { id: 'paper-1' } });
    expect(await books.balances('a')).toEqual({
      USDT: { free: '900', used: '100', total: '1000' },
    });
    now = 2000;
    const filled = await books.settle('a', 'paper-1', () => ({
      update: { status: 'closed', filled: '1', average: '100', fee: '0.001', feeCurrency: 'BTC' },
      newFills: [{ price: '100', amount: '1', fee: '0.001', feeCurrency: 'BTC', tickerAt: 1500 }],
      changes: [
        { asset: 'USDT', free: '0', used: '-100' },
        { asset: 'BTC', free: '0.999', used: '0' },
      ],
    }));
    expect(filled).toMatchObject({ status: 'closed', filledAt: 2000 });
    expect(filled?.fills).toEqual([
      { price: '100', amount: '1', fee: '0.001', feeCurrency: 'BTC', tickerAt: 1500, at: 2000 },
    ]);
    expect(await books.openOrders('a')).toEqual([]);
    expect((await books.balances('a'))['BTC']).toEqual({
      free: '0.999',
      used: '0',
      total: '0.999',
    });
  });

  it('refuses a decision that would make a balance negative, whole', async () => {
    const books = ledger();
    await books.open('a', { USDT: '50' });
    await expect(
      books.place('a', 'c1', () => ({
        order: {
          ...order,
          clientOrderId: 'c1',
          status: 'open',
          filled: '0',
          average: null,
          fee: '0',
          feeCurrency: null,
          fills: [],
        },
        changes: [
          { asset: 'BTC', free: '1', used: '0' },
          { asset: 'USDT', free: '-100', used: '100' },
        ],
      })),
    ).rejects.toBeInstanceOf(InsufficientFundsError);
    expect(await books.balances('a')).toEqual({ USDT: { free: '50', used: '0', total: '50' } });
    expect(await books.find('a', { clientOrderId: 'c1' })).toBeNull();
  });
});
