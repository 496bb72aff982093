import { zeroExchangeCounts } from './exchange-faults';
import { zeroCounts } from './fault-kinds';
import { PRESETS } from './options';
import { buildReport, exitCodeOf, type Measurements } from './report';
import type { TradingAudit } from './trading-audit';

const trading: TradingAudit = {
  ordersAtExchange: 40,
  ordersRecorded: 39,
  repeatedClientOrderIds: 0,
  ordersWithoutIntent: 0,
  duplicateOrdersAtExchange: 0,
  ordersMarkedRejected: 0,
  fillsAtExchange: 40,
  fillsMissingFromDb: 0,
  tradesRecorded: 40,
  pendingIntents: 0,
  examples: [],
};

const clean: Measurements = {
  durationS: 61.26,
  faultsInjected: { ...zeroCounts(), kill_9: 2 },
  staleWritesAccepted: 0,
  staleWritesAfter: {},
  staleWritesRefusedLogged: 3,
  staleTradingWrites: { orders: 0, bot_events: 0 },
  staleTradingWritesAfter: {},
  concurrency: { max: 1, bots: 0, example: null },
  orphans: 0,
  failoverBoundMs: 4800,
  failovers: new Map([
    ['kill_9', { faults: 2, affected: 4, moved: 4, samplesMs: [1000, 1500, 2000, 2500] }],
  ]),
  spread: 1.1,
  botsPerWorker: [10, 10, 11],
  trading,
  otherProgramOrders: 0,
  otherProgramFills: 0,
  fillShape: { partialFills: 12, ordersFilledInParts: 5 },
  reconciliation: {
    doubleCountedFills: 0,
    balanceMismatches: 0,
    balancesCompared: 6,
    examples: [],
  },
  exchangeFaults: { ...zeroExchangeCounts(), order_drop: 1 },
  exchangeFaultHits: 7,
  orderPressure: null,
  orderRequests: { sent: 40, too_many_orders: 2, rate_limited: 0, faulted: { dropped: 3 } },
  budgetWaits: { takes: 45, waited: 6 },
  botsNotTrading: 0,
  botsHalted: 0,
  settleTimeouts: 0,
  anomalies: [],
};
const options = { ...PRESETS.short, seed: 1, logDir: null, keepDb: false };

describe('buildReport', () => {
  it('summarizes failover per kind (every kind present) and passes a clean run', () => {
    const report = buildReport(options, clean);
    expect(report).toMatchObject({
      fencing: 'on',
      bots: 30,
      workers: 3,
      lease_ttl_ms: 1500,
      duration_s: 61.3,
      order_interval_s: 3,
      late_order_window_ms: 3000,
      stale_trading_writes_accepted: 0,
      orders_at_exchange: 40,
      orders_recorded: 39,
      duplicate_orders_at_exchange: 0,
      fills_at_exchange: 40,
      trades_recorded: 40,
      fills_missing_from_db: 0,
      pending_intents_at_end: 0,
      orders: 40,
      partial_fills: 12,
      orders_filled_in_parts: 5,
      duplicates: 0,
      missing_fills: 0,
      double_counted_fills: 0,
      balance_mismatches: 0,
      exchange_faults_injected: { order_drop: 1 },
      order_requests: { too_many_orders: 2 },
      ok: true,
      violations: [],
    });
    expect(report.failover_s.kill_9).toEqual({
      faults: 2,
      affected: 4,
      moved: 4,
      p50: 1.5,
      p99: 2.5,
      max: 2.5,
    });
    expect(report.failover_s.redis_restart).toEqual({
      faults: 0,
      affected: 0,
      moved: 0,
      p50: null,
      p99: null,
      max: null,
    });
    expect(exitCodeOf(report)).toBe(0);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('fails on stale writes, concurrent owners or orphans, with fencing on', () => {
    const report = buildReport(options, {
      ...clean,
      staleWritesAccepted: 2,
      concurrency: { max: 2, bots: 1, example: { botId: 'a', tokens: [3, 4] } },
      orphans: 1,
    });
    expect(report.violations).toHaveLength(3);
    expect(exitCodeOf(report)).toBe(1);
  });

  it('fails on duplicate orders, missing fills or stale trading writes, with fencing on', () => {
    const report = buildReport(options, {
      ...clean,
      staleTradingWrites: { orders: 1, bot_events: 2 },
      staleTradingWritesAfter: { stop_5x: 3 },
      trading: {
        ...trading,
        repeatedClientOrderIds: 1,
        ordersWithoutIntent: 1,
        duplicateOrdersAtExchange: 2,
        fillsMissingFromDb: 1,
        examples: ['repeated tbabc-7 x2'],
      },
    });
    expect(report).toMatchObject({
      stale_trading_writes_accepted: 3,
      stale_trading_writes_by_table: { orders: 1, bot_events: 2 },
      stale_trading_writes_after: { stop_5x: 3 },
      duplicate_orders_at_exchange: 2,
      fills_missing_from_db: 1,
      trading_examples: ['repeated tbabc-7 x2'],
      ok: false,
    });
    expect(report.violations).toEqual([
      '3 stale trading writes accepted (1 order intents, 2 bot events)',
      '2 duplicate orders at the exchange (1 repeated client order ids, 1 without an intent)',
      '1 fills at the exchange missing from the database',
    ]);
    expect(exitCodeOf(report)).toBe(1);
  });

  it('fails on fills counted twice or balances that do not reconcile, with fencing on', () => {
    const report = buildReport(options, {
      ...clean,
      reconciliation: {
        doubleCountedFills: 1,
        balanceMismatches: 2,
        balancesCompared: 6,
        examples: ['trade-recorded-twice BTCUSDT #9 x2'],
      },
    });
    expect(report).toMatchObject({
      double_counted_fills: 1,
      balance_mismatches: 2,
      balance_examples: ['trade-recorded-twice BTCUSDT #9 x2'],
      ok: false,
    });
    expect(report.violations).toEqual([
      '1 fills counted twice',
      '2 balances do not reconcile with the exchange',
    ]);
    expect(exitCodeOf(report)).toBe(1);
  });

  it('fails a run in which no order reached the exchange (nothing was checked)', () => {
    const report = buildReport(options, {
      ...clean,
      trading: { ...trading, ordersAtExchange: 0, ordersRecorded: 0, fillsAtExchange: 0 },
    });
    expect(report.violations).toEqual([
      'no order reached the exchange: the trading checks proved nothing',
    ]);
    expect(exitCodeOf(report)).toBe(1);
  });

  it('only reports them in the baseline (fencing off)', () => {
    const report = buildReport(
      { ...options, fencing: false },
      { ...clean, staleWritesAccepted: 9 },
    );
    expect(report).toMatchObject({ fencing: 'off', stale_writes_accepted: 9, ok: false });
    expect(exitCodeOf(report)).toBe(0);
  });
});
