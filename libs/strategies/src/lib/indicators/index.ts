export * from './sma';
export * from './rsi';
