import {
  AuthenticationError,
  BannedError,
  Dec,
  type ExchangeClient,
  type ExchangeOrder,
  InsufficientFundsError,
  InvalidOrderError,
  type MarketInfo,
  OrderNotFoundError,
  OrderNotSentError,
  RateLimitedError,
} from '@platform/exchange';
import {
  type BotSnapshot,
  type Claim,
  clientOrderIdFor,
  type FillRecord,
  type NewIntent,
  type OrderRecord,
  type Position,
  StaleFenceTokenError,
  type TradingRepository,
} from '@platform/persistence';
import {
  type BotParams,
  riskSignals,
  type StrategyDefinition,
  type StrategyInput,
} from '@platform/strategies';
import type { EngineStats } from './engine-stats';
import type { LivePublisher } from './live-publisher';
import type { BotExchange } from './exchange-factory';
import type { MarketView } from './market-hub';
import { fillsMissing, outcomeOf } from './order-outcome';
import { type OrderPlan, planOrders } from './order-planner';
import { applyFills } from './position-math';
import { BotProgress } from './bot-progress';

export interface BotEngineSettings {
  /** A ticker older than this is not acted on. */
  staleAfterMs: number;
  /** How often resting orders are looked up for fills. */
  orderPollMs: number;
  /** Test harness: the process kills itself (SIGKILL) at this point of its first order. */
  crashAt?: 'after-intent' | 'after-send' | '';
  /** The worker running the bot, named in live status events. */
  workerId?: string;
}

/** The bot stopped itself for a reason a person must fix; the runtime lets it go. */
export class BotHalted extends Error {}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const SKIP_EVENT_EVERY_MS = 5 * 60_000;
const RETRY_LOOKUP_MS = 1000;
/** The sweep reads from a minute before the intent: exchange and database clocks differ. */
const SWEEP_MARGIN_MS = 60_000;
/** How many stale windows a new bot waits for its feed's first current snapshot, silently. */
const FIRST_SNAPSHOT_GRACE = 3;

/**
 * One bot's trading: market view in, strategy and risk limits, orders out, under rule 4
 * (intent before order). Each order is written as an intent with a deterministic client order
 * id, then sent, then recorded with the exchange's answer; an answer that never came is
 * resolved by looking the order up by that id before the bot does anything else, and a new
 * owner starts by resolving the intents its predecessor left. All writes are fenced.
 */
export class BotEngine {
  private position: Position;
  private open: OrderRecord[];
  private pending: OrderRecord[];
  private state: unknown;
  private backoffUntil = 0;
  private lastOrderPoll = 0;
  private staleSince: number | null = null;
  private readonly skipsReported = new Map<string, number>();
  /** A sweep of the exchange's own order list is due at this monotonic time (null: none). */
  private sweepAt: number | null = null;
  private sweepSince = 0;
  /** When this engine began to doubt each pending order (monotonic ms). */
  private readonly pendingSince = new Map<string, number>();
  private readonly client: ExchangeClient;
  /** A user's stop: settle pending orders, cancel open ones (if the bot says so), trade no more. */
  private stopping = false;
  /** Until the first current snapshot of the feed, an old one is no news (monotonic ms). */
  private readonly startedAt = performance.now();
  private sawFreshData = false;
  readonly progress: BotProgress;

  constructor(
    private readonly claim: Claim,
    private readonly bot: BotSnapshot,
    private readonly exchange: BotExchange,
    private readonly strategy: StrategyDefinition<BotParams, unknown>,
    private readonly params: BotParams,
    private readonly repo: TradingRepository,
    private readonly marketOf: () => Promise<MarketInfo>,
    private readonly settings: BotEngineSettings,
    /** Whether this owner may still send orders (its lease is valid, with margin). */
    private readonly mayStillSend: () => boolean,
    private readonly stats?: EngineStats,
    private readonly live?: LivePublisher,
  ) {
    this.position = bot.position;
    this.open = bot.open;
    this.pending = bot.pending;
    // A predecessor's order can still arrive until its last stamp + the exchange's window:
    // count that window from now, on this process's monotonic clock (no host clocks compared).
    for (const order of bot.pending) this.pendingSince.set(order.id, performance.now());
    this.state = bot.strategyState;
    this.client = exchange.client;
    this.progress = new BotProgress(
      claim,
      repo,
      bot.config.userId,
      settings.workerId ?? null,
      live,
    );
  }

  /** The user stopped the bot: from now on it only settles its orders. */
  windDown(): void {
    this.stopping = true;
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  get currentPosition(): Position {
    return this.position;
  }

  /** One evaluation; throws StaleFenceTokenError when superseded and BotHalted when stopped. */
  async evaluate(view: MarketView | null, now = Date.now()): Promise<void> {
    if (this.stopping) return this.settle(now);
    if (this.pending.length > 0) {
      await this.resolvePending(now);
      if (this.pending.length > 0) return;
    }
    if (this.sweepAt !== null && performance.now() >= this.sweepAt) await this.sweep();
    if (now < this.backoffUntil || !view) return;
    if (await this.isStale(view, now)) return;
    if (this.open.length > 0 && now - this.lastOrderPoll >= this.settings.orderPollMs) {
      this.lastOrderPoll = now;
      await this.pollOpenOrders();
    }

    const market = await this.marketOf();
    const input: StrategyInput<unknown> = {
      candles: view.candles,
      price: Number(view.ticker.last),
      now: view.tickerAt,
      position: {
        base: this.tradableBase(market, view.ticker.last),
        averageEntry:
          this.position.averageEntry === null ? null : Number(this.position.averageEntry),
      },
      openOrders: this.open.map((o) => ({
        key: o.signal ?? o.clientOrderId,
        side: o.side,
        price: Number(o.price),
        base: new Dec(o.amount).minus(o.filled).toNumber(),
      })),
      state: this.state,
    };
    const protective = riskSignals(this.params.risk, input);
    const output =
      protective.length > 0
        ? { signals: protective, state: this.state }
        : this.strategy.evaluate(this.params, input);
    this.state = output.state;
    if (output.signals.length === 0) return;

    const plans = planOrders(output.signals, {
      market,
      last: view.ticker.last,
      bid: view.ticker.bid,
      ask: view.ticker.ask,
      position: this.position,
      openOrders: this.open,
      risk: this.params.risk,
    });
    for (const plan of plans) {
      const held = this.position.base;
      await this.carryOut(plan, view);
      // a cancel that found a fill (or an order that filled) moved the position: the rest of
      // this round was sized from the old one, so it is planned again on the next evaluation
      if (!new Dec(this.position.base).eq(held)) break;
    }
  }

  /** Where the bot holds less than the market's minimum order, it holds nothing it can sell. */
  private tradableBase(market: MarketInfo, price: string): number {
    const base = new Dec(this.position.base);
    const dust =
      (market.minAmount !== null && base.lt(market.minAmount)) ||
      (market.minNotional !== null && base.mul(price).lt(market.minNotional));
    return dust ? 0 : base.toNumber();
  }

  /**
   * Winding down after a user's stop: every pending order is resolved, then the open ones are
   * cancelled (unless the bot keeps them). Failures are thrown, so they are retried and shown.
   */
  private async settle(now: number): Promise<void> {
    if (this.pending.length > 0) await this.resolvePending(now);
    if (this.pending.length > 0 || !this.bot.config.cancelOrdersOnStop) return;
    for (const order of [...this.open]) await this.cancel(order);
  }

  /** Whether the strategy would act on stale data (reported once, until fresh data returns). */
  private async isStale(view: MarketView, now: number): Promise<boolean> {
    const age = now - view.tickerAt;
    if (age <= this.settings.staleAfterMs) this.sawFreshData = true;
    else if (
      !this.sawFreshData &&
      performance.now() - this.startedAt < FIRST_SNAPSHOT_GRACE * this.settings.staleAfterMs
    )
      return true; // a snapshot left from before this bot started: wait for the feed's next one
    if (age > this.settings.staleAfterMs) {
      if (this.staleSince === null) {
        this.staleSince = now;
        await this.repo.event(
          this.claim,
          'market.stale',
          `market data ${age} ms old: not acting on it`,
          {
            ageMs: age,
          },
        );
      }
      return true;
    }
    if (this.staleSince !== null) {
      this.staleSince = null;
      await this.repo.event(this.claim, 'market.fresh', 'market data is current again');
    }
    return false;
  }

  private async carryOut(plan: OrderPlan, view: MarketView): Promise<void> {
    if (plan.kind === 'skip') {
      const key = `${plan.signal}:${plan.reason}`;
      if (Date.now() - (this.skipsReported.get(key) ?? 0) < SKIP_EVENT_EVERY_MS) return;
      this.skipsReported.set(key, Date.now());
      await this.repo.event(this.claim, 'order.skipped', `${plan.signal}: ${plan.reason}`);
      return;
    }
    if (plan.kind === 'cancel') return this.cancel(plan.order);
    await this.place(plan.intent, view);
  }

  private async place(intent: NewIntent, view: MarketView): Promise<void> {
    const order = await this.repo.writeIntent(this.claim, this.bot.config, intent, this.state, {
      snapshotAt: view.tickerAt,
    });
    this.pending.push(order);
    this.crashIf('after-intent');
    let answer: ExchangeOrder;
    try {
      answer = await this.client.createOrder({
        symbol: this.bot.config.symbol,
        side: intent.side,
        type: intent.type,
        amount: intent.amount,
        price: intent.price ?? undefined,
        clientOrderId: order.clientOrderId,
        mayStillSend: this.mayStillSend,
      });
    } catch (error) {
      await this.onSendFailed(order, error);
      return;
    }
    this.stats?.ordered();
    this.crashIf('after-send');
    await this.record(order, answer);
  }

  /** The failover tests kill the worker between the steps of rule 4. */
  private crashIf(point: 'after-intent' | 'after-send'): void {
    if (this.settings.crashAt === point) process.kill(process.pid, 'SIGKILL');
  }

  private announce(order: OrderRecord, fills: FillRecord[]): void {
    if (!this.live) return;
    const { userId, id: botId } = this.bot.config;
    const at = new Date().toISOString();
    this.live.publish(userId, {
      type: 'order',
      botId,
      orderId: order.id,
      clientOrderId: order.clientOrderId,
      side: order.side,
      orderType: order.type,
      status: order.status,
      amount: order.amount,
      filled: order.filled,
      averagePrice: order.averagePrice,
      at,
    });
    for (const fill of fills)
      this.live.publish(userId, {
        type: 'trade',
        botId,
        orderId: order.id,
        tradeId: fill.exchangeTradeId,
        side: fill.side,
        price: fill.price,
        amount: fill.amount,
        fee: fill.fee,
        feeCurrency: fill.feeCurrency,
        at,
      });
  }

  /** Classifies a failed send: known not placed, stop the bot, back off, or outcome unknown. */
  private async onSendFailed(order: OrderRecord, error: unknown): Promise<void> {
    if (error instanceof StaleFenceTokenError) throw error;
    const reason = messageOf(error);
    const notPlaced = async () => {
      await this.repo.markOrder(this.claim, order.id, 'rejected', reason);
      this.forgetPending(order.id);
    };
    if (error instanceof AuthenticationError || error instanceof InsufficientFundsError) {
      await notPlaced();
      await this.repo.stopWithError(this.claim, error.kind, reason);
      this.live?.publish(this.bot.config.userId, {
        type: 'bot.status',
        botId: this.bot.config.id,
        status: 'error',
        workerId: null,
        reason,
        at: new Date().toISOString(),
      });
      throw new BotHalted(reason);
    }
    if (error instanceof InvalidOrderError || error instanceof OrderNotSentError)
      return notPlaced();
    if (error instanceof RateLimitedError) {
      this.backoffUntil = Date.now() + error.retryAfterMs;
      return notPlaced();
    }
    if (error instanceof BannedError) {
      this.backoffUntil = error.until.getTime();
      return notPlaced();
    }
    // timeout, 5xx, dropped connection, anything unexpected: it may have been executed
    this.pendingSince.set(order.id, performance.now());
    await this.repo.markOrder(this.claim, order.id, 'unknown', reason);
  }

  private async record(order: OrderRecord, answer: ExchangeOrder): Promise<void> {
    const fills = fillsMissing(answer)
      ? await this.client.fetchOrderFills(answer.id, this.bot.config.symbol)
      : answer.fills;
    // the assets come from the symbol: recording never waits for the markets snapshot
    const [base, quote] = this.bot.config.symbol.split(':')[0].split('/');
    const {
      order: recorded,
      position,
      newFills,
    } = await this.repo.recordOutcome(
      this.claim,
      order.id,
      outcomeOf(answer, order, fills),
      (current, fresh) => applyFills(current, fresh, { base, quote }),
    );
    this.announce(recorded, newFills);
    this.position = position;
    this.forgetPending(order.id);
    this.open = this.open.filter((o) => o.id !== order.id);
    if (recorded.status === 'open' || recorded.status === 'partially_filled')
      this.open.push(recorded);
  }

  /**
   * Pending orders are looked up by client order id before anything else. Not found proves
   * nothing until the order can no longer arrive (the exchange's recvWindow), or, on the paper
   * exchange, while the intent's row is locked.
   */
  private async resolvePending(now: number): Promise<void> {
    for (const order of [...this.pending]) {
      let answer: ExchangeOrder;
      try {
        answer = await this.lookup(order);
      } catch (error) {
        if (error instanceof OrderNotFoundError) await this.resolveMissing(order);
        else if (error instanceof AuthenticationError)
          throw error; // shown until keys are fixed
        else this.backoffUntil = now + RETRY_LOOKUP_MS; // the exchange is busy or unreachable
        continue;
      }
      // the exchange knows it: a failure to record it is the bot's problem, thrown and shown
      await this.record(order, answer);
    }
  }

  private async resolveMissing(order: OrderRecord): Promise<void> {
    const reason = 'never reached the exchange (not found by client order id)';
    let rejected = false;
    if (this.exchange.lookupUnderLock) {
      rejected = await this.repo.rejectIfMissing(this.claim, order.id, reason, async () => {
        try {
          await this.lookup(order);
          return false;
        } catch (error) {
          if (error instanceof OrderNotFoundError) return true;
          throw error;
        }
      });
    } else if (
      performance.now() - (this.pendingSince.get(order.id) ?? performance.now()) >=
      this.exchange.lateOrderWindowMs
    ) {
      await this.repo.markOrder(this.claim, order.id, 'rejected', reason);
      rejected = true;
    }
    if (rejected) this.forgetPending(order.id);
    if (rejected && !this.exchange.lookupUnderLock) this.scheduleSweep(order.createdAt.getTime());
  }

  private scheduleSweep(since: number): void {
    this.sweepSince = this.sweepAt === null ? since : Math.min(this.sweepSince, since);
    this.sweepAt = performance.now() + this.exchange.lateOrderWindowMs;
  }

  /**
   * Defence in depth for rule 4: once an intent was judged never sent, read the exchange's own
   * order list after another late window. An order carrying one of this bot's client order ids
   * that the records call rejected did reach the exchange after all (a sender frozen between its
   * last check and the wire): it is adopted, recorded with its fills. Nothing is ever lost.
   */
  private async sweep(): Promise<void> {
    const { id: botId, symbol } = this.bot.config;
    const prefix = clientOrderIdFor(botId, '');
    const since = this.sweepSince - SWEEP_MARGIN_MS;
    const theirs = (await this.client.fetchOrdersSince(symbol, since)).filter((o) =>
      o.clientOrderId?.startsWith(prefix),
    );
    const ours = await this.repo.ordersByClientId(
      botId,
      theirs.map((o) => o.clientOrderId as string),
    );
    for (const answer of theirs) {
      const record = ours.find((o) => o.clientOrderId === answer.clientOrderId);
      if (!record || record.status !== 'rejected') continue;
      await this.repo.event(
        this.claim,
        'order.adopted',
        `${record.clientOrderId} reached the exchange after it was judged never sent`,
        { orderId: record.id, exchangeOrderId: answer.id },
      );
      await this.record(record, answer);
    }
    this.sweepAt = null;
  }

  private forgetPending(orderId: string): void {
    this.pending = this.pending.filter((o) => o.id !== orderId);
    this.pendingSince.delete(orderId);
  }

  private lookup(order: OrderRecord): Promise<ExchangeOrder> {
    return this.client.fetchOrder({ clientOrderId: order.clientOrderId }, this.bot.config.symbol);
  }

  private async pollOpenOrders(): Promise<void> {
    for (const order of [...this.open]) {
      try {
        const answer = order.exchangeOrderId
          ? await this.client.fetchOrder({ id: order.exchangeOrderId }, this.bot.config.symbol)
          : await this.lookup(order);
        if (answer.status !== 'open' || answer.filled !== order.filled)
          await this.record(order, answer);
      } catch (error) {
        if (error instanceof StaleFenceTokenError) throw error;
      }
    }
  }

  private async cancel(order: OrderRecord): Promise<void> {
    if (!order.exchangeOrderId) return;
    try {
      await this.record(
        order,
        await this.client.cancelOrder(order.exchangeOrderId, this.bot.config.symbol),
      );
    } catch (error) {
      if (error instanceof StaleFenceTokenError) throw error;
      if (error instanceof OrderNotFoundError) {
        // already filled or gone: record what the exchange says it is
        await this.record(
          order,
          await this.client.fetchOrder({ id: order.exchangeOrderId }, this.bot.config.symbol),
        );
      } else if (this.stopping) throw error; // winding down: retried, and shown if it lasts
    }
  }
}
