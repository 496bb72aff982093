import { EXCHANGE_LISTINGS, LISTED_TIMEFRAMES, SUPPORTED_EXCHANGES } from '@platform/contracts';
import { binanceDescriptor } from '../binance/binance.descriptor';
import {
  assertSafeForLive,
  credentialRulesOf,
  DESCRIBED_EXCHANGES,
  DESCRIBED_TIMEFRAMES,
  exchangeDescriptor,
  ExchangeNotSafeForLiveError,
} from './exchange-registry';

describe('exchange descriptors', () => {
  it('binance: its weights, candle page, order limits and 5 s send window in one place', () => {
    const binance = exchangeDescriptor('binance');
    expect(binance).toBe(binanceDescriptor);
    expect(binance.weights.fetchTickers(undefined)).toBe(80);
    expect(binance.weights.fetchTickers(20)).toBe(2);
    expect(binance.weights.fetchOpenOrders(true)).toBe(6);
    expect(binance.candlesPerRequest).toBe(1000);
    expect(binance.orderRateLimits).toEqual([
      { orders: 100, perMs: 10_000 },
      { orders: 200_000, perMs: 86_400_000 },
    ]);
    expect(binance.sendWindow?.params(1_700_000_000_000)).toEqual({
      timestamp: 1_700_000_000_000,
      recvWindow: 5000,
    });
    expect(binance.credentials?.apiKey.pattern.test('a'.repeat(64))).toBe(true);
    expect(binance.credentials?.apiKey.pattern.test('a'.repeat(63))).toBe(false);
    expect(credentialRulesOf('binance').passphrase).toBe('forbidden');
    expect(() => credentialRulesOf('kraken')).toThrow(/no credential rules .* kraken/);
  });

  it('binance reads the withdraw permission from apiRestrictions', () => {
    const probe = exchangeDescriptor('binance').keyPermissions;
    expect(probe?.method).toBe('sapiGetAccountApiRestrictions');
    expect(probe?.read({ enableSpotAndMarginTrading: true, enableWithdrawals: true })).toEqual({
      canTrade: true,
      canWithdraw: true,
    });
  });

  it('an exchange nobody described gets cautious defaults and no send window', () => {
    const other = exchangeDescriptor('kraken');
    expect(other.id).toBe('kraken');
    expect(other.weights.fetchTickers(500)).toBe(1);
    expect(other.sendWindow).toBeNull();
    expect(other.keyPermissions).toBeNull();
    expect(DESCRIBED_EXCHANGES).toEqual(['binance']);
    expect(DESCRIBED_TIMEFRAMES).toEqual(binanceDescriptor.timeframes);
  });

  it('every exchange users may connect is described, with its public listing as the facts', () => {
    for (const id of SUPPORTED_EXCHANGES) {
      const { timeframes, credentials } = exchangeDescriptor(id);
      expect({ id, timeframes, credentials }).toEqual(EXCHANGE_LISTINGS[id]);
    }
    expect(DESCRIBED_TIMEFRAMES).toEqual(LISTED_TIMEFRAMES);
  });

  it('live trading is refused, with the reason, on an exchange without a send window', () => {
    expect(() => assertSafeForLive('binance')).not.toThrow();
    expect(() => assertSafeForLive('kraken')).toThrow(ExchangeNotSafeForLiveError);
    expect(() => assertSafeForLive('kraken')).toThrow(/live trading on kraken .*send window/);
    class Refused extends Error {}
    expect(() => assertSafeForLive('kraken', (reason) => new Refused(reason))).toThrow(Refused);
  });
});
