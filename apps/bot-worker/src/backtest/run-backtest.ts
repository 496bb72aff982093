import {
  BACKTEST_EQUITY_POINTS,
  type BacktestDefinition,
  type BacktestResult,
  timeframeMs,
} from '@platform/contracts';
import {
  type Candle,
  type MarketInfo,
  MemoryPaperLedger,
  PaperExchangeClient,
} from '@platform/exchange';
import type { BotSnapshot, Claim } from '@platform/persistence';
import { emptyPosition } from '@platform/persistence';
import { getStrategy, hasPriceStops, validateBotParams } from '@platform/strategies';
import { BotEngine, BotHalted } from '../engine/bot-engine';
import type { MarketView } from '../engine/market-hub';
import { backtestMetrics, isEndOfDay, type RunMeasures } from './backtest-metrics';
import { BacktestRecords } from './backtest-records';
import { CandleReplay, firstAtOrAfter, type MinuteColumns, minuteColumns } from './candle-replay';

export interface BacktestHooks {
  /** Called every few thousand candles and at the end. */
  onProgress?: (done: number, total: number) => void | Promise<void>;
  /** Checked around each progress call; true stops the run with BacktestCancelled. */
  cancelled?: () => boolean;
  /** Candles between two progress calls (20,000 unless given). */
  progressEvery?: number;
  /**
   * Evaluate every tick, even those that cannot change anything (a once-per-candle strategy
   * between two of its candles, with no risk stop and no order open or pending); the result is
   * the same, only slower. For the test that proves it.
   */
  everyTick?: boolean;
}

export class BacktestCancelled extends Error {}

/** Refused before anything runs: the definition cannot be backtested as given. */
export class BacktestInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const PROGRESS_EVERY = 20_000;
const MINUTE_MS = 60_000;
/** The bot of a backtest: its client order ids are those of this id, the same on every run. */
const BACKTEST_BOT_ID = '00000000-0000-4000-8000-00000000b7e5';
const ACCOUNT = 'backtest';

/**
 * The strategy and validated params of a definition, or BacktestInputError naming the field:
 * cheap, so callers check before they fetch any candles.
 */
export function checkBacktest(definition: BacktestDefinition) {
  const validation = validateBotParams(definition.strategy, definition.params, 'paper');
  if (!validation.ok)
    throw new BacktestInputError(
      validation.errors[0]?.field ?? 'params',
      validation.errors.map((e) => `${e.field}: ${e.message}`).join('; '),
    );
  const strategy = getStrategy(definition.strategy);
  if (!strategy)
    throw new BacktestInputError('strategy', `unknown strategy ${definition.strategy}`);
  const ms = timeframeMs(definition.timeframe);
  if (ms % MINUTE_MS !== 0 || 86_400_000 % ms !== 0)
    throw new BacktestInputError(
      'timeframe',
      `timeframe ${definition.timeframe} is not whole minutes dividing a day (1m .. 1d)`,
    );
  if (!(definition.to > definition.from))
    throw new BacktestInputError('to', 'the range ends before it starts (to must be after from)');
  return { strategy, params: validation.params };
}

/**
 * A bot definition tried on history by the engine that runs bots: the same strategy, risk
 * limits, order planning, intent-first sending and recording, and paper matching (fees,
 * slippage, precision, minimums) as a running paper bot, over a replay of 1m candles. Each 1m
 * candle is one evaluation at its close; while the bot has resting orders, also one at each of
 * the candle's extremes (low first on a rising candle), so a limit order fills where the price
 * touched it. Candles before `from` only build the bot's first candles (its warm-up, as a live
 * bot starts with history). Deterministic: the same definition and candles give the same result.
 */
export async function runBacktest(
  definition: BacktestDefinition,
  candles: Candle[] | MinuteColumns,
  market: MarketInfo,
  hooks: BacktestHooks = {},
): Promise<BacktestResult> {
  const { strategy, params } = checkBacktest(definition);
  // the paper account starts with the starting balance: the drawdown stop measures from it
  params.risk.paperQuoteBalance = definition.startingBalance;
  const progressEvery = hooks.progressEvery ?? PROGRESS_EVERY;
  const minutes = Array.isArray(candles) ? minuteColumns(candles) : candles;
  // candles before the range only warm the bot's candles up, as a live bot starts with history
  const start = firstAtOrAfter(minutes, definition.from);
  const end = firstAtOrAfter(minutes, definition.to);
  const count = end - start;
  if (count <= 0)
    throw new BacktestInputError('from', 'no candles in the range: nothing to backtest');

  const replay = new CandleReplay(market, definition.timeframe, strategy.candlesNeeded(params));
  const clock = () => replay.now;
  const ledger = new MemoryPaperLedger(clock);
  const records = new BacktestRecords(clock);
  const client = new PaperExchangeClient({
    exchangeId: definition.exchangeId,
    accountId: ACCOUNT,
    ledger,
    market: replay,
    initialBalances: { [market.quote]: String(definition.startingBalance) },
    slippagePct: definition.slippagePct,
  });
  const marketKnown = Promise.resolve(market);
  const claim: Claim = { botId: BACKTEST_BOT_ID, fenceToken: '1' };
  const engine = new BotEngine({
    claim,
    bot: backtestBot(definition, params),
    exchange: { client, lateOrderWindowMs: 0, lookupUnderLock: true },
    strategy,
    params: params,
    repo: records,
    marketOf: () => marketKnown,
    // every tick of the replay is current; resting orders are looked at on every one
    settings: { staleAfterMs: MINUTE_MS, orderPollMs: 0, clock },
    mayStillSend: () => true,
  });
  await client.fetchBalance(); // opens the account with its starting balance
  for (let i = 0; i < start; i++) replay.closeMinute(minutes, i);

  const feed = {
    exchangeId: definition.exchangeId,
    symbol: definition.symbol,
    timeframe: definition.timeframe,
  };
  let halted = false;
  const view: MarketView = {
    feed,
    ticker: replay.currentTicker,
    tickerAt: 0,
    candles: replay.candles,
  };
  const evaluate = async (time: number, last: string) => {
    replay.tick(time, last);
    if (halted) return;
    view.tickerAt = time; // one view, updated in place like the ticker (see CandleReplay.tick)
    view.candles = replay.candles;
    try {
      await engine.evaluate(view, time);
    } catch (error) {
      if (!(error instanceof BotHalted)) throw error;
      halted = true; // a bot that stops itself trades no more, as it would live
    }
  };

  const equity = new EquityTracker(ledger, market, definition.startingBalance);
  const botMs = timeframeMs(definition.timeframe);
  const curveEvery = Math.max(1, Math.ceil((count * MINUTE_MS) / botMs / BACKTEST_EQUITY_POINTS));
  const curve: [number, number][] = [];
  let botCandles = 0;
  let tradesSeen = 0;
  let heldBase = 0;
  // a once-per-candle strategy without stops that watch the price acts only when its candle
  // closes (the cooldown and daily limits only decide when it wants to buy)
  const quiet =
    !hooks.everyTick && strategy.onlyOnNewCandle === true && !hasPriceStops(params.risk);
  let evaluated = false; // the first tick always is: a bot decides on the candle it starts with
  for (let i = start; i < end; i++) {
    const open = minutes.openTime[i];
    if (engine.hasOpenOrders) {
      const [h, l] = [String(minutes.high[i]), String(minutes.low[i])];
      const rising = minutes.close[i] >= minutes.open[i];
      await evaluate(open + MINUTE_MS / 3, rising ? l : h);
      await evaluate(open + (2 * MINUTE_MS) / 3, rising ? h : l);
    }
    replay.closeMinute(minutes, i);
    const closeTime = open + MINUTE_MS;
    if (
      quiet &&
      !replay.botCandleClosed &&
      evaluated &&
      !engine.hasOpenOrders &&
      !engine.hasPending
    )
      replay.advance(closeTime); // nothing to decide: the strategy waits for its next candle
    else await evaluate(closeTime, String(minutes.close[i]));
    evaluated = true;
    if (records.trades.length !== tradesSeen) {
      tradesSeen = records.trades.length;
      equity.balancesChanged();
      heldBase = Number(records.position.base);
    }
    const value = equity.step(minutes.close[i], heldBase);
    if (replay.botCandleClosed && botCandles++ % curveEvery === 0) curve.push([closeTime, value]);
    if (isEndOfDay(closeTime)) equity.endOfDay();
    const done = i - start + 1;
    if (done % progressEvery === 0) {
      if (hooks.cancelled?.()) throw new BacktestCancelled('backtest cancelled');
      await hooks.onProgress?.(done, count);
      // a stop seen while reporting (the row cancelled, the worker stopping) is acted on now
      if (hooks.cancelled?.()) throw new BacktestCancelled('backtest cancelled');
    }
  }
  const firstOpen = minutes.openTime[start];
  const lastClose = minutes.openTime[end - 1] + MINUTE_MS;
  if (curve.length === 0 || curve[curve.length - 1][0] !== lastClose)
    curve.push([lastClose, equity.value]);
  await hooks.onProgress?.(count, count);

  const measures: RunMeasures = equity.measures(firstOpen, lastClose);
  return {
    definition,
    candles: count,
    firstCandleAt: firstOpen,
    lastCandleEnd: lastClose,
    metrics: backtestMetrics(
      measures,
      records.trades,
      market.base,
      minutes.open[start],
      minutes.close[end - 1],
    ),
    finalBalances: Object.fromEntries(
      Object.entries(ledger.balancesOf(ACCOUNT)).map(([asset, b]) => [asset, b.total]),
    ),
    orders: records.orderList(),
    trades: records.trades,
    equity: curve,
    events: records.events,
  };
}

/** The bot a backtest runs: a paper bot with nothing behind it yet. */
function backtestBot(definition: BacktestDefinition, params: object): BotSnapshot {
  return {
    config: {
      id: BACKTEST_BOT_ID,
      userId: 'backtest',
      exchangeId: definition.exchangeId,
      symbol: definition.symbol,
      timeframe: definition.timeframe,
      strategy: definition.strategy,
      params: params as Record<string, unknown>,
      mode: 'paper',
      exchangeAccountId: null,
      accountVerified: false,
      cancelOrdersOnStop: true,
    },
    orderSeq: '0',
    strategyState: null,
    position: emptyPosition(),
    pending: [],
    open: [],
    lastError: null,
  };
}

/**
 * The account's value in quote at each step: balances are read again only after a fill (the
 * only thing that changes their totals), so a year of steps costs a multiplication each.
 */
class EquityTracker {
  private quote = 0;
  private base = 0;
  private peak: number;
  private maxDrawdown = 0;
  private readonly daily: number[] = [];
  private exposed = 0;
  private steps = 0;
  value: number;
  private readonly minAmount: number;
  private readonly minNotional: number;

  constructor(
    private readonly ledger: MemoryPaperLedger,
    private readonly market: MarketInfo,
    private readonly startingEquity: number,
  ) {
    this.minAmount = Number(market.minAmount ?? 0);
    this.minNotional = Number(market.minNotional ?? 0);
    this.quote = startingEquity;
    this.peak = startingEquity;
    this.value = startingEquity;
  }

  balancesChanged(): void {
    const balances = this.ledger.balancesOf(ACCOUNT);
    this.quote = Number(balances[this.market.quote]?.total ?? 0);
    this.base = Number(balances[this.market.base]?.total ?? 0);
  }

  /** The value at this close; `heldBase` counts as exposure unless it is dust it cannot sell. */
  step(price: number, heldBase: number): number {
    this.value = this.quote + this.base * price;
    if (this.value > this.peak) this.peak = this.value;
    else if (this.peak > 0)
      this.maxDrawdown = Math.max(this.maxDrawdown, 1 - this.value / this.peak);
    this.steps++;
    if (heldBase > 0 && heldBase >= this.minAmount && heldBase * price >= this.minNotional)
      this.exposed++;
    return this.value;
  }

  endOfDay(): void {
    this.daily.push(this.value);
  }

  measures(firstOpen: number, lastClose: number): RunMeasures {
    const daily = [...this.daily];
    if (!isEndOfDay(lastClose)) daily.push(this.value);
    return {
      startingEquity: this.startingEquity,
      finalEquity: this.value,
      maxDrawdown: this.maxDrawdown,
      dailyEquity: daily,
      exposedSteps: this.exposed,
      steps: this.steps,
      firstOpen,
      lastClose,
    };
  }
}
