// The pool, the schema and its migrations
export * from './lib/data-source';
export * from './lib/migrations';
export * from './lib/migrate';
export * from './lib/database.check';
export * from './lib/persistence.module';
export * from './lib/schema/domain-values';
// The one window on Postgres
export * from './lib/sql/sql';
export * from './lib/sql/typeorm-sql';
export * from './lib/sql/sql-state';
export type { TimeCursor } from './lib/sql/keyset';
// Users, their plans and subscriptions
export * from './lib/users/plan-limits';
export * from './lib/users/users.queries';
export * from './lib/users/users.store';
export * from './lib/users/subscriptions.store';
export * from './lib/users/admin-users.store';
export * from './lib/users/user-risk-limits.store';
// Exchange accounts
export * from './lib/accounts/exchange-accounts.store';
export * from './lib/accounts/exchange-accounts.repository';
// Bots: the users' view, their activity, the cluster-wide queries
export type { BotListRow, BotRow, BotViewRow } from './lib/bots/bot-row';
export type { BotListFilter, BotListOrder, NameCursor } from './lib/bots/bot-list-query';
export * from './lib/bots/bots.store';
export * from './lib/bots/bot-activity.store';
export * from './lib/bots/user-markets';
export * from './lib/bots/bots.repository';
export * from './lib/bots/live-bot-accounts.store';
export * from './lib/bots/bot-actions.store';
// A bot's trading records (fenced), the portfolio read over them, paper ledgers
export * from './lib/fencing/fenced-writer';
export * from './lib/fencing/stale-fence-token.error';
export * from './lib/trading/client-order-id';
export * from './lib/trading/trading.types';
export * from './lib/trading/trading.repository';
export * from './lib/trading/bot-actions.repository';
export * from './lib/trading/portfolio.store';
export * from './lib/paper/paper-ledger.repository';
// Equity history: the workers' minute snapshots (fenced, batched), their roll-up, the charts' reads
export * from './lib/equity/equity.types';
export * from './lib/equity/equity-buckets';
export * from './lib/equity/equity-snapshots.repository';
export type { EquityJobStep } from './lib/equity/equity-job';
export * from './lib/equity/portfolio-totals.job';
export * from './lib/equity/equity-rollup';
export * from './lib/equity/equity.store';
export * from './lib/pool-stats';
// Notifications: channels, per-bot preferences, the outbox and its deliveries
export * from './lib/notifications/notification-channels.store';
export * from './lib/notifications/notification-preferences.store';
export * from './lib/notifications/notification-outbox.store';
// Candle history: closed candles per market and timeframe (backfill, top-ups, backtests)
export * from './lib/candles/candle.store';
// Backtests and parameter sweeps (issue 13): the gateway's rows and the job runs' fenced writes
export * from './lib/backtests/backtests.store';
