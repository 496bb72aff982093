// Backtest jobs on BullMQ (issue 13): the queue the gateway adds to and the bot-workers serve.
export * from './lib/backtest-queue';
