// Backtest jobs (issue 13): what the gateway queues and the bot-workers that serve backtest jobs
// take, over BullMQ on the shared Redis. Postgres (`backtests`) is the truth: a job carries only
// the backtest's id, the worker reads the definition from the row and writes progress and result
// back to it under the attempt it took (a job run twice stores one result).

import type { BacktestMetrics } from './backtests';

/** The BullMQ queue of backtest jobs (a prefix keeps tests' queues apart). */
export const backtestQueueName = (prefix = 'backtests') => `${prefix}-runs`;

/** The one job name on that queue. */
export const BACKTEST_JOB_NAME = 'backtest.run';

/** A job's payload; its BullMQ job id is the backtest's id too (adding it twice queues nothing). */
export interface BacktestJob {
  backtestId: string;
}

export const BacktestStatuses = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type BacktestStatus = (typeof BacktestStatuses)[number];

/** Statuses after which nothing changes any more. */
export const FINISHED_BACKTEST_STATUSES: readonly BacktestStatus[] = [
  'succeeded',
  'failed',
  'cancelled',
];

/**
 * The metrics a sweep can be ranked by, each with its better direction. `maxDrawdownPct` ranks
 * ascending (the smallest fall first); the others descending. A combination without a value
 * (no losing round trip for profitFactor, too few days for sharpe) ranks after those with one.
 */
export const BACKTEST_RANK_METRICS = {
  totalReturnPct: 'desc',
  sharpe: 'desc',
  sortino: 'desc',
  profitFactor: 'desc',
  winRatePct: 'desc',
  maxDrawdownPct: 'asc',
  trades: 'desc',
} as const satisfies Partial<Record<keyof BacktestMetrics, 'asc' | 'desc'>>;
export type BacktestRankMetric = keyof typeof BACKTEST_RANK_METRICS;
export const BacktestRankMetrics = Object.keys(BACKTEST_RANK_METRICS) as BacktestRankMetric[];

/** `backtest.progress` on the owner's live stream: each stored progress step and each end. */
export interface BacktestProgressEvent {
  type: 'backtest.progress';
  backtestId: string;
  sweepId: string | null;
  status: BacktestStatus;
  /** 0 to 1. */
  progress: number;
  /** ISO-8601 */
  at: string;
}

export function backtestProgressEvent(
  backtestId: string,
  sweepId: string | null,
  status: BacktestStatus,
  progress: number,
): BacktestProgressEvent {
  return {
    type: 'backtest.progress',
    backtestId,
    sweepId,
    status,
    progress,
    at: new Date().toISOString(),
  };
}
