export * from './lib/crypto/key-ring';
export * from './lib/crypto/credentials';
export * from './lib/errors/exchange.errors';
export * from './lib/ccxt/ccxt-error.mapper';
export * from './lib/client/exchange-client';
export * from './lib/ccxt/exchange-urls';
export * from './lib/ccxt/ccxt-exchange.client';
