// The API's request and response schemas, browser-safe (zod, @platform/strategies and
// @platform/contracts only): the gateway validates and documents with them, the dashboard
// validates its forms and types its answers with the very same objects.
export * from './lib/text';
export * from './lib/errors';
export * from './lib/paging';
export * from './lib/query-values';
export * from './lib/auth.schemas';
export * from './lib/market.schemas';
export * from './lib/bots.schemas';
export * from './lib/bot-activity.schemas';
export * from './lib/portfolio.schemas';
export * from './lib/equity.schemas';
export * from './lib/credential-rules-text';
export * from './lib/exchange-accounts.schemas';
export * from './lib/admin.schemas';
export * from './lib/cluster.schemas';
export * from './lib/live.schemas';
export * from './lib/strategies.schemas';
export * from './lib/notifications.schemas';
export * from './lib/backtests.schemas';
export * from './lib/risk-limits.schemas';
