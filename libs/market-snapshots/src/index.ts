export * from './lib/snapshot';
export * from './lib/snapshot-store';
export * from './lib/timeframe';
