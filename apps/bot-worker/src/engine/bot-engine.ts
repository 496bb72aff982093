import { Dec, type MarketInfo } from '@platform/exchange';
import type { BotSnapshot, Claim, Position } from '@platform/persistence';
import type { TradingRecords } from './engine-context';
import type { LivePublisher } from '@platform/service-kit';
import {
  type BotParams,
  riskSignals,
  type Signal,
  type StrategyDefinition,
  type StrategyInput,
} from '@platform/strategies';
import { BotBook } from './bot-book';
import { haltBot } from './bot-halt';
import { BotProgress } from './bot-progress';
import type { EngineContext } from './engine-context';
import type { EngineStats } from './engine-stats';
import type { BotExchange } from './exchange-factory';
import { ManualActions } from './manual-actions';
import type { MarketView } from './market-hub';
import { EntryGate } from './entry-gate';
import { type OrderPlan, planOrders } from './order-planner';
import { OrderRecorder } from './order-recorder';
import { OrderSender } from './order-sender';
import { PendingResolver } from './pending-resolver';
import { RestingOrders } from './resting-orders';
import { type DrawdownHit, RiskMarks } from './risk-marks';
import { StalenessWatch } from './staleness-watch';

export { BotHalted } from './bot-halt';

export interface BotEngineSettings {
  /** A ticker older than this is not acted on. */
  staleAfterMs: number;
  /** How often resting orders are looked up for fills. */
  orderPollMs: number;
  /** Test harness: the process kills itself (SIGKILL) at this point of its first order. */
  crashAt?: 'after-intent' | 'after-send' | '';
  /** The worker running the bot, named in live status events. */
  workerId?: string;
  /** The time, ms since the epoch (a backtest's is its candles' time). */
  clock?: () => number;
}

export interface BotEngineOptions {
  claim: Claim;
  /** The bot as its last owner left it. */
  bot: BotSnapshot;
  exchange: BotExchange;
  strategy: StrategyDefinition<BotParams, unknown>;
  params: BotParams;
  repo: TradingRecords;
  marketOf: () => Promise<MarketInfo>;
  settings: BotEngineSettings;
  /** Whether this owner may still send orders (its lease is valid, with margin). */
  mayStillSend: () => boolean;
  stats?: EngineStats;
  live?: LivePublisher;
}

const SKIP_EVENT_EVERY_MS = 5 * 60_000;

/** What the strategy, or a risk stop instead (`stop`: its reason), wants done. */
interface Decision {
  signals: Signal[];
  stop: string | null;
  /** The high the trailing stop measured from. */
  peakPrice: number | null;
}

/**
 * One bot's trading: market view in, strategy and risk limits, orders out. What it knows of
 * its orders is in its book; pending orders are resolved first (PendingResolver), orders go
 * out intent first (OrderSender), answers are recorded fenced (OrderRecorder), resting orders
 * are polled and cancelled (RestingOrders). After a user's stop it only settles its orders.
 */
export class BotEngine {
  readonly progress: BotProgress;
  private readonly ctx: EngineContext;
  private readonly book: BotBook;
  private readonly sender: OrderSender;
  private readonly pending: PendingResolver;
  private readonly resting: RestingOrders;
  private readonly staleness: StalenessWatch;
  private readonly manual: ManualActions;
  private readonly marks: RiskMarks;
  private readonly gate: EntryGate;
  private state: unknown;
  private lastOrderPoll = 0;
  private readonly skipsReported = new Map<string, number>();
  /** What tradableBase knows of the position it last looked at. */
  private holding: {
    held: string;
    market: MarketInfo;
    base: number;
    belowMinAmount: boolean;
    minNotional: number | null;
  } | null = null;
  /** A user's stop: settle pending orders, cancel open ones (if the bot says so), trade no more. */
  private stopping = false;
  private cancelOnStop = true;
  private drawdownSaid = false;

  constructor(private readonly options: BotEngineOptions) {
    const { claim, bot, exchange, repo, stats, live, settings } = options;
    this.book = new BotBook(bot);
    this.ctx = {
      claim,
      bot,
      exchange,
      repo,
      book: this.book,
      marketOf: options.marketOf,
      stats,
      live,
    };
    const recorder = new OrderRecorder(this.ctx);
    this.sender = new OrderSender(this.ctx, recorder, {
      mayStillSend: options.mayStillSend,
      crashAt: settings.crashAt,
      clock: settings.clock,
    });
    this.pending = new PendingResolver(this.ctx, recorder);
    this.resting = new RestingOrders(this.ctx, recorder);
    this.staleness = new StalenessWatch(repo, claim, settings.staleAfterMs);
    this.manual = new ManualActions(this.ctx, {
      pending: this.pending,
      resting: this.resting,
      sender: this.sender,
      marketOf: options.marketOf,
      strategyState: () => this.state,
      staleAfterMs: settings.staleAfterMs,
      isStopping: () => this.stopping,
      // sold out and stopped: from now on it only settles, like after a user's stop
      onLiquidated: () => this.windDown(true),
      workerId: settings.workerId ?? null,
    });
    this.marks = new RiskMarks(options.params.risk, this.book, repo, claim);
    this.gate = new EntryGate(options.params.risk, bot.config, repo, claim);
    this.state = bot.strategyState;
    this.progress = new BotProgress(
      claim,
      repo,
      bot.config.userId,
      settings.workerId ?? null,
      live,
      bot.lastError,
    );
  }

  /**
   * The user stopped the bot: from now on it only settles its orders, cancelling the open ones
   * if `cancelOpenOrders` (the bot's setting when the stop happens, not when it was loaded).
   */
  windDown(cancelOpenOrders: boolean): void {
    this.stopping = true;
    this.cancelOnStop = cancelOpenOrders;
  }

  /**
   * The supervisor saw these pending manual actions (cancel orders, sell all); true when one is
   * new here: they come before anything else, from the next evaluation on.
   */
  requestActions(actionIds: readonly string[]): boolean {
    return this.manual.request(actionIds);
  }

  /** Only settling its orders from now on (a user's stop, or a finished sell-all). */
  get isWindingDown(): boolean {
    return this.stopping;
  }

  /** Whether orders of the bot rest on the exchange (a backtest then looks at every tick). */
  get hasOpenOrders(): boolean {
    return this.book.open.length > 0;
  }

  get hasPending(): boolean {
    return this.book.pending.length > 0;
  }

  get currentPosition(): Position {
    return this.book.position;
  }

  /**
   * One evaluation; throws StaleFenceTokenError when superseded and BotHalted when stopped.
   * Every bot runs it about once a second, so the common case (nothing pending, fresh data, no
   * signal) stays one async frame: a step with work to do is awaited only then, and the
   * strategy's decision is synchronous (`decide`).
   */
  async evaluate(view: MarketView | null, now = Date.now()): Promise<void> {
    if (this.manual.isDue && (await this.manual.step(view, now))) return;
    if (this.stopping) return this.settle(now);
    if (this.book.pending.length > 0) {
      await this.pending.resolve(now);
      if (this.book.pending.length > 0) return;
    }
    if (this.pending.sweepDue()) await this.pending.sweep();
    if (now < this.book.backoffUntil) return;
    if (!view) {
      this.staleness.noView(now);
      if (this.staleness.hasChange) await this.staleness.recordChange();
      return;
    }
    const stale = this.staleness.isStale(view, now);
    if (this.staleness.hasChange) await this.staleness.recordChange();
    if (stale) return;
    if (
      this.book.open.length > 0 &&
      now - this.lastOrderPoll >= this.options.settings.orderPollMs
    ) {
      this.lastOrderPoll = now;
      await this.resting.poll();
    }
    const market = await this.options.marketOf();
    if (this.marks.watchesPrices) {
      const drawdown = await this.marks.observe(
        view.ticker.last,
        this.tradableBase(market, view.ticker.last),
      );
      if (drawdown) return this.stopOnDrawdown(drawdown, view, market);
    }
    const decision = this.decide(view, market);
    if (decision === null) return;
    const plans = await this.ordersFor(decision, view, market, now);
    for (const plan of plans) {
      const held = this.book.position.base;
      await this.carryOut(plan, view);
      // a cancel that found a fill (or an order that filled) moved the position: the rest of
      // this round was sized from the old one, so it is planned again on the next evaluation
      if (!new Dec(this.book.position.base).eq(held)) break;
    }
  }

  /** The strategy's signals on this view (or a risk stop's instead), or null: nothing to do. */
  private decide(view: MarketView, market: MarketInfo): Decision | null {
    const { strategy, params } = this.options;
    const { position, open } = this.book;
    const input: StrategyInput<unknown> = {
      candles: view.candles,
      price: Number(view.ticker.last),
      now: view.tickerAt,
      position: {
        base: this.tradableBase(market, view.ticker.last),
        averageEntry: position.averageEntry === null ? null : Number(position.averageEntry),
      },
      openOrders: open.map((o) => ({
        key: o.signal ?? o.clientOrderId,
        side: o.side,
        price: Number(o.price),
        base: new Dec(o.amount).minus(o.filled).toNumber(),
      })),
      state: this.state,
    };
    const peakPrice = position.peakPrice === null ? null : Number(position.peakPrice);
    const protective = riskSignals(params.risk, {
      price: input.price,
      position: { ...input.position, peakPrice },
    });
    const output =
      protective.length > 0
        ? { signals: protective, state: this.state }
        : strategy.evaluate(params, input);
    this.state = output.state;
    if (output.signals.length === 0) return null;
    return { signals: output.signals, stop: protective[0]?.reason ?? null, peakPrice };
  }

  /**
   * The orders that carry a decision out: buys only while no risk limit keeps the bot from
   * opening positions (EntryGate); a trailing stop's sell is said as an event.
   */
  private async ordersFor(
    decision: Decision,
    view: MarketView,
    market: MarketInfo,
    now: number,
  ): Promise<OrderPlan[]> {
    const { params, repo, claim } = this.options;
    const openBuys = new Set(
      this.book.open.filter((o) => o.side === 'buy').map((o) => o.signal ?? ''),
    );
    const signals =
      decision.stop !== null
        ? decision.signals
        : await this.gate.filter(decision.signals, this.book.position, openBuys, now);
    const plans = this.plan(signals, view, market);
    if (decision.stop === 'trailing-stop' && plans.some((p) => p.kind === 'place'))
      await repo.event(
        claim,
        'risk.trailing-stop',
        `price ${view.ticker.last} fell ${params.risk.trailingStopPct} % or more below the high ${decision.peakPrice} since the entry: selling all`,
        { price: view.ticker.last, peakPrice: String(decision.peakPrice) },
      );
    return plans;
  }

  private plan(signals: Signal[], view: MarketView, market: MarketInfo): OrderPlan[] {
    if (signals.length === 0) return [];
    return planOrders(signals, {
      market,
      last: view.ticker.last,
      bid: view.ticker.bid,
      ask: view.ticker.ask,
      position: this.book.position,
      openOrders: this.book.open,
      risk: this.options.params.risk,
    });
  }

  /**
   * The drawdown stop: said as an event (once per owner), every open order cancelled (exchange
   * trouble is thrown, so the next evaluation tries again), the whole position sold at market,
   * the bot halted with the reason (its last error, which the dashboard shows). A sell whose
   * answer was lost holds the halt back: the next evaluation resolves it first and comes back
   * here (the fall is still there), so a stopped bot never leaves an order of unknown outcome.
   */
  private async stopOnDrawdown(hit: DrawdownHit, view: MarketView, market: MarketInfo) {
    const { repo, claim, live, bot } = this.ctx;
    if (!this.drawdownSaid) {
      await repo.event(claim, 'risk.max-drawdown', hit.reason, {
        equity: String(hit.equity),
        peakEquity: String(hit.peak),
      });
      this.drawdownSaid = true;
    }
    for (const order of [...this.book.open])
      await this.resting.cancel(order, { throwExchangeErrors: true });
    const sellAll: Signal = { kind: 'market', side: 'sell', base: 'all', reason: 'max-drawdown' };
    for (const plan of this.plan([sellAll], view, market)) await this.carryOut(plan, view);
    if (this.book.pending.length > 0) return;
    return haltBot(repo, live, claim, bot.config.userId, 'max_drawdown', hit.reason);
  }

  /**
   * Where the bot holds less than the market's minimum order, it holds nothing it can sell.
   * A holding bot asks this on every evaluation: the decimal of its position is parsed once per
   * change of it, and the notional is compared in decimals only when it is a hair from the minimum.
   */
  private tradableBase(market: MarketInfo, price: string): number {
    const held = this.book.position.base;
    // most bots hold nothing most of the time: then there is no decimal to parse each evaluation
    if (Number(held) === 0) return 0;
    let known = this.holding;
    if (known === null || known.held !== held || known.market !== market) {
      const base = new Dec(held);
      known = this.holding = {
        held,
        market,
        base: base.toNumber(),
        belowMinAmount: market.minAmount !== null && base.lt(market.minAmount),
        minNotional: market.minNotional === null ? null : Number(market.minNotional),
      };
    }
    if (known.belowMinAmount) return 0;
    if (known.minNotional !== null) {
      const notional = known.base * Number(price);
      if (notional < known.minNotional * (1 - 1e-9)) return 0;
      if (
        notional <= known.minNotional * (1 + 1e-9) &&
        new Dec(held).mul(price).lt(market.minNotional as string)
      )
        return 0;
    }
    return known.base;
  }

  /**
   * Winding down after a user's stop: every pending order is resolved, then the open ones are
   * cancelled (unless the bot keeps them). Failures are thrown, so they are retried and shown.
   */
  private async settle(now: number): Promise<void> {
    if (this.book.pending.length > 0) await this.pending.resolve(now);
    if (this.book.pending.length > 0 || !this.cancelOnStop) return;
    for (const order of [...this.book.open])
      await this.resting.cancel(order, { throwExchangeErrors: true });
  }

  private async carryOut(plan: OrderPlan, view: MarketView): Promise<void> {
    if (plan.kind === 'skip') return this.reportSkip(plan.signal, plan.reason);
    if (plan.kind === 'cancel') return this.resting.cancel(plan.order);
    await this.sender.place(plan.intent, this.state, view.tickerAt);
  }

  /** What cannot be placed is said once per signal and reason every few minutes. */
  private async reportSkip(signal: string, reason: string): Promise<void> {
    const key = `${signal}:${reason}`;
    const now = (this.options.settings.clock ?? Date.now)();
    if (now - (this.skipsReported.get(key) ?? 0) < SKIP_EVENT_EVERY_MS) return;
    this.skipsReported.set(key, now);
    await this.options.repo.event(this.options.claim, 'order.skipped', `${signal}: ${reason}`);
  }
}
