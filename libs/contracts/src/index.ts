export * from './lib/service-name';
export * from './lib/patterns';
export * from './lib/payloads';
export * from './lib/live-events';
export * from './lib/bot-liveness';
export * from './lib/message-of';
export * from './lib/domain-values';
export * from './lib/exchange-listings';
