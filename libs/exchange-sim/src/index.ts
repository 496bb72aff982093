// Public surface of the Binance spot simulator (libs/exchange-sim/README.md).
export { ExchangeSimulator } from './lib/simulator';
export type { SimulatorOptions } from './lib/options';
export { parseCli } from './lib/options';
export type { ApiCredentials, ApiKeySpec } from './lib/accounts';
export { DEFAULT_SYMBOLS, generateSymbols, type SymbolSpec } from './lib/symbols';
export { FAULT_KINDS, type Fault, type FaultKind, type FaultSpec } from './lib/faults';
export type { Outcome, RequestCounts, RequestLogEntry } from './lib/request-log';
export type { RateLimitOptions } from './lib/rate-limiter';
export type { ClockChange, ClockState, RequestFilter, SimulatorControl } from './lib/routes-admin';
export { PricePath, type PathSpec } from './lib/price-path';
export { pointUrlsAt } from './lib/urls';
export { seededRandom, type Random } from './lib/random';
