// Public surface of the Binance spot simulator (tools/exchange-sim/README.md).
export { ExchangeSimulator } from './simulator';
export type { SimulatorOptions } from './options';
export { parseCli } from './options';
export type { ApiCredentials, ApiKeySpec } from './accounts';
export { DEFAULT_SYMBOLS, generateSymbols, type SymbolSpec } from './symbols';
export { FAULT_KINDS, type Fault, type FaultKind, type FaultSpec } from './faults';
export type { Outcome, RequestCounts, RequestLogEntry } from './request-log';
export type { RateLimitOptions } from './rate-limiter';
export type { ClockChange, ClockState, RequestFilter, SimulatorControl } from './routes-admin';
export { PricePath, type PathSpec } from './price-path';
export { pointUrlsAt } from './urls';
