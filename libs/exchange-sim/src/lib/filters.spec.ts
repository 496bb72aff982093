import {
  checkNotional,
  checkOpenOrderCount,
  checkPercentPrice,
  checkPrice,
  checkQuantity,
  exchangeInfoFilters,
} from './filters';
import { fixed } from './fixed';
import { DEFAULT_SYMBOLS, generateSymbols, resolveSymbol } from './symbols';

const btc = resolveSymbol(DEFAULT_SYMBOLS[0]);

describe('symbol filters', () => {
  it('PRICE_FILTER: on the tick grid, within min and max', () => {
    expect(checkPrice(btc, fixed('60000.01'))).toBeNull();
    expect(checkPrice(btc, fixed('60000.015'))).toBe('PRICE_FILTER');
    expect(checkPrice(btc, fixed('0.001'))).toBe('PRICE_FILTER');
    expect(checkPrice(btc, fixed('2000000'))).toBe('PRICE_FILTER');
  });

  it('LOT_SIZE: on the step grid, within min and max', () => {
    expect(checkQuantity(btc, fixed('0.00001'))).toBeNull();
    expect(checkQuantity(btc, fixed('0.123'))).toBeNull();
    expect(checkQuantity(btc, fixed('0.000015'))).toBe('LOT_SIZE');
    expect(checkQuantity(btc, 0n)).toBe('LOT_SIZE');
    expect(checkQuantity(btc, fixed('9000001'))).toBe('LOT_SIZE');
  });

  it('NOTIONAL: min for every order, max only for limit orders', () => {
    expect(checkNotional(btc, fixed('5'), true)).toBeNull();
    expect(checkNotional(btc, fixed('4.99'), false)).toBe('NOTIONAL');
    expect(checkNotional(btc, fixed('9000001'), true)).toBeNull();
    expect(checkNotional(btc, fixed('9000001'), false)).toBe('NOTIONAL');
  });

  it('PERCENT_PRICE_BY_SIDE and MAX_NUM_ORDERS', () => {
    expect(checkPercentPrice(fixed('12000'), fixed('60000'))).toBeNull();
    expect(checkPercentPrice(fixed('11999'), fixed('60000'))).toBe('PERCENT_PRICE_BY_SIDE');
    expect(checkPercentPrice(fixed('300001'), fixed('60000'))).toBe('PERCENT_PRICE_BY_SIDE');
    expect(checkOpenOrderCount(199)).toBeNull();
    expect(checkOpenOrderCount(200)).toBe('MAX_NUM_ORDERS');
  });

  it('exchangeInfo lists the filters with eight-decimal strings', () => {
    const filters = exchangeInfoFilters(btc);
    expect(filters.find((f) => f.filterType === 'PRICE_FILTER')).toMatchObject({
      tickSize: '0.01000000',
    });
    expect(filters.find((f) => f.filterType === 'LOT_SIZE')).toMatchObject({
      stepSize: '0.00001000',
      minQty: '0.00001000',
    });
    expect(filters.find((f) => f.filterType === 'NOTIONAL')).toMatchObject({
      minNotional: '5.00000000',
    });
  });

  it('generated symbols are reproducible and have filters that fit their prices', () => {
    const symbols = generateSymbols(20, 11);
    expect(generateSymbols(20, 11)).toEqual(symbols);
    expect(symbols.map((s) => s.base)).toContain('SIM20');
    for (const spec of symbols) {
      const s = resolveSymbol(spec);
      const price = fixed(spec.price.toFixed(8));
      expect(checkPrice(s, price)).toBeNull();
      // five quote units must be reachable with a handful of steps
      expect(Number(s.stepSize) * spec.price).toBeLessThan(5e8);
    }
  });
});
