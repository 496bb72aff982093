import { Accounts } from './accounts';
import { MarketClock } from './clock';
import { Engine, type NewOrder } from './engine';
import { BinanceError } from './errors';
import { fixed, format } from './fixed';
import { Market } from './market';
import { DEFAULT_SYMBOLS, resolveSymbol } from './symbols';

function setup() {
  const clock = new MarketClock(Date.UTC(2026, 0, 2), 0);
  const market = new Market(DEFAULT_SYMBOLS.map(resolveSymbol), clock, {
    seed: 1,
    epochMs: Date.UTC(2026, 0, 1),
    stepMs: 1000,
    extremeSamples: 64,
  });
  const accounts = new Accounts();
  const engine = new Engine(market, accounts, fixed('0.001'), () => 1_800_000_000_000);
  const account = accounts.create({
    apiKey: 'k',
    secret: 's',
    balances: { USDT: '10000', BTC: '1' },
  });
  market.setPrice('BTCUSDT', 50000); // bid 50000.00, ask 50000.01
  const balance = (asset: string) => {
    const b = account.balance(asset);
    return { free: format(b.free), locked: format(b.locked) };
  };
  return { clock, market, engine, account, balance };
}

const order = (fields: Partial<NewOrder>): NewOrder => ({
  symbol: 'BTCUSDT',
  side: 'BUY',
  type: 'LIMIT',
  timeInForce: 'GTC',
  clientOrderId: 'c1',
  ...fields,
});

function code(fn: () => unknown): number | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    if (error instanceof BinanceError) return error.code;
    throw error;
  }
}

describe('Engine', () => {
  it('market buy: fills at the ask, commission in the base asset', () => {
    const { engine, account, balance } = setup();
    const o = engine.place(
      account,
      order({ type: 'MARKET', quantity: fixed('0.1'), timeInForce: undefined }),
    );
    expect(o.status).toBe('FILLED');
    expect(format(o.cummulativeQuoteQty)).toBe('5000.00100000');
    expect(
      o.fills.map((f) => [format(f.price), format(f.commission), f.commissionAsset, f.isMaker]),
    ).toEqual([['50000.01000000', '0.00010000', 'BTC', false]]);
    expect(balance('BTC')).toEqual({ free: '1.09990000', locked: '0.00000000' });
    expect(balance('USDT')).toEqual({ free: '4999.99900000', locked: '0.00000000' });
  });

  it('market sell by quoteOrderQty: fills at the bid, commission in the quote asset', () => {
    const { engine, account, balance } = setup();
    const o = engine.place(
      account,
      order({ type: 'MARKET', side: 'SELL', quoteOrderQty: fixed('1000'), timeInForce: undefined }),
    );
    expect(format(o.origQty)).toBe('0.02000000');
    expect(balance('BTC').free).toBe('0.98000000');
    expect(balance('USDT').free).toBe('10999.00000000'); // 10000 + 1000 - 1
  });

  it('a resting limit buy locks its cost, fills when the price trades at its limit, returns the rest', () => {
    const { engine, market, account, balance } = setup();
    const o = engine.place(account, order({ quantity: fixed('0.1'), price: fixed('49000') }));
    expect(o.status).toBe('NEW');
    expect(balance('USDT')).toEqual({ free: '5100.00000000', locked: '4900.00000000' });
    expect(engine.match()).toHaveLength(0);
    market.setPrice('BTCUSDT', 48500);
    const trades = engine.match();
    expect(trades.map((t) => [format(t.price), t.isMaker, format(t.commission)])).toEqual([
      ['49000.00000000', true, '0.00010000'],
    ]);
    expect(o.status).toBe('FILLED');
    expect(balance('USDT')).toEqual({ free: '5100.00000000', locked: '0.00000000' });
    expect(balance('BTC').free).toBe('1.09990000');
  });

  it('a marketable limit order takes the touch price, not its limit', () => {
    const { engine, account } = setup();
    const o = engine.place(account, order({ quantity: fixed('0.01'), price: fixed('51000') }));
    expect(o.status).toBe('FILLED');
    expect(format(o.fills[0].price)).toBe('50000.01000000');
  });

  it('IOC that cannot match expires; LIMIT_MAKER that would match is refused (-2010)', () => {
    const { engine, account, balance } = setup();
    expect(
      engine.place(
        account,
        order({ quantity: fixed('0.01'), price: fixed('49000'), timeInForce: 'IOC' }),
      ).status,
    ).toBe('EXPIRED');
    expect(balance('USDT').locked).toBe('0.00000000');
    expect(
      code(() =>
        engine.place(
          account,
          order({
            type: 'LIMIT_MAKER',
            quantity: fixed('0.01'),
            price: fixed('51000'),
            clientOrderId: 'm',
          }),
        ),
      ),
    ).toBe(-2010);
  });

  it('client order ids are unique among open orders only', () => {
    const { engine, account } = setup();
    const first = engine.place(account, order({ quantity: fixed('0.01'), price: fixed('49000') }));
    expect(
      code(() => engine.place(account, order({ quantity: fixed('0.01'), price: fixed('48000') }))),
    ).toBe(-2010);
    engine.cancel(account, 'BTCUSDT', { orderId: first.orderId });
    const second = engine.place(account, order({ quantity: fixed('0.01'), price: fixed('48000') }));
    expect(second.orderId).toBe(first.orderId + 1);
    // lookups by client id prefer the open order
    expect(engine.get(account, 'BTCUSDT', { clientOrderId: 'c1' }).orderId).toBe(second.orderId);
  });

  it('partial fills (admin), then cancel returns what is still locked', () => {
    const { engine, account, balance } = setup();
    const o = engine.place(
      account,
      order({ side: 'SELL', quantity: fixed('0.5'), price: fixed('52000') }),
    );
    expect(balance('BTC')).toEqual({ free: '0.50000000', locked: '0.50000000' });
    engine.forceFill(o, fixed('0.2'));
    expect(o.status).toBe('PARTIALLY_FILLED');
    expect(balance('BTC')).toEqual({ free: '0.50000000', locked: '0.30000000' });
    engine.cancel(account, 'BTCUSDT', { orderId: o.orderId });
    expect(o.status).toBe('CANCELED');
    expect(balance('BTC')).toEqual({ free: '0.80000000', locked: '0.00000000' });
    expect(code(() => engine.cancel(account, 'BTCUSDT', { orderId: o.orderId }))).toBe(-2011);
  });

  it('refuses what the account cannot pay and what breaks a filter', () => {
    const { engine, account } = setup();
    expect(
      code(() => engine.place(account, order({ quantity: fixed('1'), price: fixed('49000') }))),
    ).toBe(-2010);
    expect(
      code(() =>
        engine.place(account, order({ side: 'SELL', quantity: fixed('2'), price: fixed('52000') })),
      ),
    ).toBe(-2010);
    expect(
      code(() =>
        engine.place(account, order({ quantity: fixed('0.000015'), price: fixed('49000') })),
      ),
    ).toBe(-1013);
    expect(code(() => engine.get(account, 'BTCUSDT', { orderId: 42 }))).toBe(-2013);
  });
});
