import { type ExchangeKeys, randomBinanceKeys } from '@platform/testing';

/** A POST /exchange-accounts body: a binance account with well-formed keys (fresh by default). */
export const binanceAccount = (label: string, keys: ExchangeKeys = randomBinanceKeys()) => ({
  exchangeId: 'binance',
  label,
  ...keys,
});
