// What the platform tells people about each exchange they may connect, before any call to it:
// the timeframes it serves and what its keys look like. Browser-safe, so the dashboard's forms
// check keys and offer timeframes as the API does. Each exchange's descriptor in libs/exchange
// (weights, error messages, send window, ...) takes these facts from here.

/** What one key field of an exchange looks like; `hint` says it in words (never the value). */
export interface CredentialRule {
  pattern: RegExp;
  hint: string;
}

export interface CredentialRules {
  apiKey: CredentialRule;
  secret: CredentialRule;
  passphrase: 'required' | 'forbidden' | 'optional';
}

export interface ExchangeListing {
  id: string;
  timeframes: readonly [string, ...string[]];
  credentials: CredentialRules;
}

const alnum64 = /^[A-Za-z0-9]{64}$/;

/** Binance spot (binance-spot-api-docs). */
export const binanceListing = {
  id: 'binance',
  // ccxt's unified timeframes that binance serves
  timeframes: [
    '1m',
    '3m',
    '5m',
    '15m',
    '30m',
    '1h',
    '2h',
    '4h',
    '6h',
    '8h',
    '12h',
    '1d',
    '3d',
    '1w',
    '1M',
  ],
  // HMAC keys: 64 letters and digits each; no passphrase
  credentials: {
    apiKey: { pattern: alnum64, hint: 'binance API keys are 64 letters and digits' },
    secret: { pattern: alnum64, hint: 'binance secrets are 64 letters and digits' },
    passphrase: 'forbidden',
  },
} as const satisfies ExchangeListing;

/** Exchanges users may connect; market-data and the bot-workers must know them too. */
export const SUPPORTED_EXCHANGES = ['binance'] as const;
export type SupportedExchange = (typeof SUPPORTED_EXCHANGES)[number];

export const EXCHANGE_LISTINGS: Record<SupportedExchange, ExchangeListing> = {
  binance: binanceListing,
};

/** Every timeframe some supported exchange serves (what the API may be asked for). */
export const LISTED_TIMEFRAMES = [
  ...new Set(SUPPORTED_EXCHANGES.flatMap((id) => EXCHANGE_LISTINGS[id].timeframes)),
] as unknown as readonly [string, ...string[]];
