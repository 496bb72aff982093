import type { Reconciliation } from './balance-reconciliation';
import type { BudgetWaits } from './budget-waits';
import type { ExchangeFaultKind } from './exchange-faults';
import { FAULT_KINDS, type FaultKind } from './fault-kinds';
import type { OrderPressureCounts } from './order-pressure';
import type { OrderRequestTally } from './order-requests';
import type { Concurrency, FailoverStats } from './history';
import type { ChaosOptions } from './options';
import { type Summary, summarizeSeconds } from './stats';
import type { TradingAudit } from './trading-audit';

export interface FailoverEntry extends Summary {
  faults: number;
  affected: number;
  moved: number;
}

/** The one JSON line the harness prints. */
export interface ChaosReport {
  preset: string;
  fencing: 'on' | 'off';
  bots: number;
  workers: number;
  lease_ttl_ms: number;
  reconcile_interval_ms: number;
  tick_ms: number;
  tick_work_ms: number;
  order_interval_s: number;
  late_order_window_ms: number;
  seed: number;
  duration_s: number;
  faults_injected: Record<FaultKind, number>;
  stale_writes_accepted: number;
  /** The stale writes by the kind of fault they followed. */
  stale_writes_after: Record<string, number>;
  /**
   * Writes fencing refused, as far as the workers logged them: a lower bound, since a worker
   * logs a refusal only while it still holds the bot (not after its lease keeper dropped it).
   */
  stale_writes_refused_logged: number;
  /**
   * Order intents and bot events written under a token after a newer token was claimed
   * (same test as for heartbeats, on the trading rows); must be 0.
   */
  stale_trading_writes_accepted: number;
  stale_trading_writes_by_table: { orders: number; bot_events: number };
  stale_trading_writes_after: Record<string, number>;
  max_concurrent_owners: number;
  bots_with_concurrent_owners: number;
  concurrent_owners_example: Concurrency['example'];
  orphans: number;
  failover_bound_ms: number;
  failover_s: Record<FaultKind, FailoverEntry>;
  spread: number | null;
  bots_per_worker: number[];
  /** Orders the exchange simulator holds (every key of the run). */
  orders_at_exchange: number;
  /** Orders the database holds as placed (filled, partially filled, open). */
  orders_recorded: number;
  /**
   * Orders at the exchange beyond the first of each client order id, plus orders whose client
   * order id is no intent in the database; must be 0.
   */
  duplicate_orders_at_exchange: number;
  /** Orders at the exchange whose intent the database marked rejected (never placed). */
  exchange_orders_marked_rejected: number;
  fills_at_exchange: number;
  trades_recorded: number;
  /** Fills at the exchange without a trades row (same client order id, trade id, amount); must be 0. */
  fills_missing_from_db: number;
  /** Orders still intent or unknown after the final settle. */
  pending_intents_at_end: number;
  /**
   * Desired-running bots that wrote no order intent between the final settle and the end of
   * trading (they tick but cannot trade): liveness, not safety.
   */
  bots_not_trading_at_end: number;
  /** Bots that stopped themselves (no funds, bad keys...): they no longer trade. */
  bots_halted: number;
  /** A few client order ids behind each trading problem, to look up with --keep-db. */
  trading_examples: string[];
  /** The bots' orders at the exchange (the other program's left out). */
  orders: number;
  /** Fills of orders that filled in more than one part. */
  partial_fills: number;
  orders_filled_in_parts: number;
  /** = duplicate_orders_at_exchange */
  duplicates: number;
  /** = fills_missing_from_db */
  missing_fills: number;
  /** Trades rows beyond the first per exchange trade + fills a position applied beyond its rows; must be 0. */
  double_counted_fills: number;
  /**
   * Keys x assets whose balance at the exchange (free + locked) is not what the bots' books say
   * (start + positions for the base, start - what the trades cost for the quote), plus bots
   * whose position is not the sum of their trades rows; must be 0.
   */
  balance_mismatches: number;
  balances_compared: number;
  balance_examples: string[];
  /** Exchange faults injected, by kind, and the requests they hit. */
  exchange_faults_injected: Record<ExchangeFaultKind, number>;
  exchange_fault_hits: number;
  /** The other program filling ORDERS windows (null: no order-limit pressure). */
  order_pressure: OrderPressureCounts | null;
  other_program_orders: number;
  /** The workers' POST /api/v3/order at the exchange: sent, -1015, 429, ended by a fault. */
  order_requests: OrderRequestTally;
  /** The workers' order-budget takes and those that waited > 50 ms (a lower bound: kill -9). */
  order_budget_waits: BudgetWaits;
  /** Settles between faults that hit the cap (the next fault went on anyway). */
  settle_timeouts: number;
  /** Odd worker behaviour that is not a safety violation (exits, slow SIGTERM, ...). */
  anomalies: string[];
  violations: string[];
  ok: boolean;
}

export interface Measurements {
  durationS: number;
  faultsInjected: Record<FaultKind, number>;
  staleWritesAccepted: number;
  staleWritesAfter: Record<string, number>;
  staleWritesRefusedLogged: number;
  staleTradingWrites: { orders: number; bot_events: number };
  staleTradingWritesAfter: Record<string, number>;
  concurrency: Concurrency;
  orphans: number;
  failoverBoundMs: number;
  failovers: Map<FaultKind, FailoverStats>;
  spread: number | null;
  botsPerWorker: number[];
  trading: TradingAudit;
  otherProgramOrders: number;
  otherProgramFills: number;
  fillShape: { partialFills: number; ordersFilledInParts: number };
  reconciliation: Reconciliation;
  exchangeFaults: Record<ExchangeFaultKind, number>;
  exchangeFaultHits: number;
  orderPressure: OrderPressureCounts | null;
  orderRequests: OrderRequestTally;
  budgetWaits: BudgetWaits;
  botsNotTrading: number;
  botsHalted: number;
  settleTimeouts: number;
  anomalies: string[];
}

/** The safety properties; with fencing off they are expected to break and are only shown. */
export function violationsOf(
  m: Pick<
    Measurements,
    | 'staleWritesAccepted'
    | 'staleTradingWrites'
    | 'concurrency'
    | 'orphans'
    | 'trading'
    | 'reconciliation'
    | 'otherProgramFills'
  >,
): string[] {
  const violations: string[] = [];
  if (m.staleWritesAccepted > 0) violations.push(`${m.staleWritesAccepted} stale writes accepted`);
  const staleTrading = m.staleTradingWrites.orders + m.staleTradingWrites.bot_events;
  if (staleTrading > 0)
    violations.push(
      `${staleTrading} stale trading writes accepted (${m.staleTradingWrites.orders} order intents, ${m.staleTradingWrites.bot_events} bot events)`,
    );
  if (m.concurrency.max > 1)
    violations.push(`up to ${m.concurrency.max} owners wrote for one bot at once`);
  if (m.orphans > 0) violations.push(`${m.orphans} bots orphaned`);
  const t = m.trading;
  if (t.duplicateOrdersAtExchange > 0)
    violations.push(
      `${t.duplicateOrdersAtExchange} duplicate orders at the exchange (${t.repeatedClientOrderIds} repeated client order ids, ${t.ordersWithoutIntent} without an intent)`,
    );
  if (t.fillsMissingFromDb > 0)
    violations.push(`${t.fillsMissingFromDb} fills at the exchange missing from the database`);
  const r = m.reconciliation;
  if (r.doubleCountedFills > 0) violations.push(`${r.doubleCountedFills} fills counted twice`);
  if (r.balanceMismatches > 0)
    violations.push(`${r.balanceMismatches} balances do not reconcile with the exchange`);
  if (m.otherProgramFills > 0)
    violations.push(
      `${m.otherProgramFills} fills of the other program's resting orders (they must never fill: the reconciliation assumes it)`,
    );
  if (t.ordersAtExchange === 0)
    violations.push('no order reached the exchange: the trading checks proved nothing');
  return violations;
}

export function buildReport(options: ChaosOptions, m: Measurements): ChaosReport {
  const violations = violationsOf(m);
  const failover = Object.fromEntries(
    FAULT_KINDS.map((kind) => {
      const s = m.failovers.get(kind) ?? { faults: 0, affected: 0, moved: 0, samplesMs: [] };
      return [
        kind,
        {
          faults: s.faults,
          affected: s.affected,
          moved: s.moved,
          ...summarizeSeconds(s.samplesMs),
        },
      ];
    }),
  ) as Record<FaultKind, FailoverEntry>;
  return {
    preset: options.preset,
    fencing: options.fencing ? 'on' : 'off',
    bots: options.bots,
    workers: options.workers,
    lease_ttl_ms: options.leaseTtlMs,
    reconcile_interval_ms: options.reconcileIntervalMs,
    tick_ms: options.tickMs,
    tick_work_ms: options.tickWorkMs,
    order_interval_s: options.orderIntervalS,
    late_order_window_ms: options.lateOrderWindowMs,
    seed: options.seed,
    duration_s: Math.round(m.durationS * 10) / 10,
    faults_injected: m.faultsInjected,
    stale_writes_accepted: m.staleWritesAccepted,
    stale_writes_after: m.staleWritesAfter,
    stale_writes_refused_logged: m.staleWritesRefusedLogged,
    stale_trading_writes_accepted: m.staleTradingWrites.orders + m.staleTradingWrites.bot_events,
    stale_trading_writes_by_table: m.staleTradingWrites,
    stale_trading_writes_after: m.staleTradingWritesAfter,
    max_concurrent_owners: m.concurrency.max,
    bots_with_concurrent_owners: m.concurrency.bots,
    concurrent_owners_example: m.concurrency.example,
    orphans: m.orphans,
    failover_bound_ms: m.failoverBoundMs,
    failover_s: failover,
    spread: m.spread,
    bots_per_worker: m.botsPerWorker,
    orders_at_exchange: m.trading.ordersAtExchange,
    orders_recorded: m.trading.ordersRecorded,
    duplicate_orders_at_exchange: m.trading.duplicateOrdersAtExchange,
    exchange_orders_marked_rejected: m.trading.ordersMarkedRejected,
    fills_at_exchange: m.trading.fillsAtExchange,
    trades_recorded: m.trading.tradesRecorded,
    fills_missing_from_db: m.trading.fillsMissingFromDb,
    pending_intents_at_end: m.trading.pendingIntents,
    bots_not_trading_at_end: m.botsNotTrading,
    bots_halted: m.botsHalted,
    trading_examples: m.trading.examples,
    orders: m.trading.ordersAtExchange,
    partial_fills: m.fillShape.partialFills,
    orders_filled_in_parts: m.fillShape.ordersFilledInParts,
    duplicates: m.trading.duplicateOrdersAtExchange,
    missing_fills: m.trading.fillsMissingFromDb,
    double_counted_fills: m.reconciliation.doubleCountedFills,
    balance_mismatches: m.reconciliation.balanceMismatches,
    balances_compared: m.reconciliation.balancesCompared,
    balance_examples: m.reconciliation.examples,
    exchange_faults_injected: m.exchangeFaults,
    exchange_fault_hits: m.exchangeFaultHits,
    order_pressure: m.orderPressure,
    other_program_orders: m.otherProgramOrders,
    order_requests: m.orderRequests,
    order_budget_waits: m.budgetWaits,
    settle_timeouts: m.settleTimeouts,
    anomalies: m.anomalies,
    violations,
    ok: violations.length === 0,
  };
}

/** 1 on a safety violation with fencing on; the baseline (fencing off) only reports. */
export const exitCodeOf = (report: ChaosReport): number =>
  report.fencing === 'on' && !report.ok ? 1 : 0;
