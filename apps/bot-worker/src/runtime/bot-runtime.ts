import { messageOf } from '@platform/contracts';
import type { Lease } from '@platform/distributed-lock';
import type { FeedKey } from '@platform/market-snapshots';
import { type Claim, type FencedWriter, StaleFenceTokenError } from '@platform/persistence';
import { FieldLogger } from '@platform/service-kit';
import { BotHalted, type BotEngine } from '../engine/bot-engine';
import type { EngineStats } from '../engine/engine-stats';
import type { MarketHub, MarketView } from '../engine/market-hub';

export interface BotRuntimeOptions {
  /** Evaluate at least this often, even without market updates (staleness, pending orders). */
  tickMs: number;
  /** Test harness: simulated work between the lease check and the heartbeat write. */
  workMs: number;
  /** Stop acting this long before the lease deadline. */
  safetyMarginMs: number;
  /** Test harness: write a fenced heartbeat row each tick (the chaos harness audits them). */
  heartbeatHistory: boolean;
}

/** What a runtime needs to start trading: built once the bot's claim is known. */
export type EngineBuilder = (
  claim: Claim,
  mayStillSend: () => boolean,
) => Promise<{ engine: BotEngine; feed: FeedKey; userId: string; live: boolean } | null>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const WARN_EVERY_MS = 60_000;
const STOP_WAIT_MS = 2000;

/**
 * One running bot on this worker: evaluates its engine on every update of its market and at
 * least once a tick, one evaluation at a time, only while its lease is valid. A write refused
 * by its fencing token means another worker owns the bot now: it stops (`onSuperseded`).
 */
export class BotRuntime {
  /** Its lines carry the bot's id (and its user's once loaded) as fields in the JSON log. */
  private logger: FieldLogger;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private inFlight?: Promise<void>;
  private engine?: BotEngine;
  private feed?: FeedKey;
  private unsubscribe?: () => void;
  private lastEvaluatedAt = 0;
  private loading = false;
  /** Known once the bot is loaded: whose dashboard hears about it. */
  userId?: string;
  private lastWarnedAt = 0;
  /** The user stopped the bot: it settles its orders, then the supervisor lets it go. */
  private windingDown = false;
  private cancelOpenOrders = true;
  /** The user's pending manual actions as the supervisor last saw them (for an engine not built yet). */
  private actionIds: readonly string[] = [];

  constructor(
    readonly claim: Claim,
    private readonly lease: Lease,
    private readonly build: EngineBuilder,
    private readonly hub: MarketHub,
    private readonly writer: FencedWriter,
    private readonly workerId: string,
    private readonly options: BotRuntimeOptions,
    private readonly onSuperseded: (runtime: BotRuntime, reason: string) => void,
    private readonly stats?: EngineStats,
  ) {
    this.logger = new FieldLogger(BotRuntime.name, { bot: claim.botId });
  }

  /**
   * From now on the bot only settles its orders (the user stopped it), cancelling its open ones
   * if `cancelOpenOrders`: the supervisor passes the bot's setting as it reads it on every pass,
   * so a change the user makes while the bot stops still applies.
   */
  windDown(cancelOpenOrders: boolean): void {
    this.cancelOpenOrders = cancelOpenOrders;
    this.engine?.windDown(cancelOpenOrders);
    if (this.windingDown) return;
    this.windingDown = true;
    if (!this.engine) return; // applied once it is built
    this.run(() => this.evaluate(this.feed ? this.hub.view(this.feed) : null));
  }

  /**
   * The user asked for manual actions (cancel the open orders, sell all): the supervisor passes
   * the bot's pending ones on every pass. A new one is acted on at once, before anything else.
   */
  act(actionIds: readonly string[]): void {
    this.actionIds = actionIds;
    if (!this.engine?.requestActions(actionIds)) return; // applied once it is built
    this.run(() => this.evaluate(this.feed ? this.hub.view(this.feed) : null));
  }

  /** What kept it failing is cured (the database is back): its next evaluation goes ahead. */
  retryNow(): void {
    this.engine?.progress.retryNow();
  }

  /** Only settling: the user stopped it, or its engine stopped itself after selling everything. */
  get isWindingDown(): boolean {
    return this.windingDown || (this.engine?.isWindingDown ?? false);
  }

  start(): void {
    // Act at once (resolve what a previous owner left), then tick at a random phase so a
    // worker's bots do not all act in the same millisecond. The harness's heartbeat history
    // records that first act too: the bot runs from here, not from its first tick.
    this.run(async () => {
      if (this.options.heartbeatHistory) await this.writer.heartbeat(this.claim, this.workerId);
      await this.boot();
    });
    const offset = Math.floor(Math.random() * this.options.tickMs);
    this.timer = setTimeout(() => {
      this.tick();
      this.timer = setInterval(() => this.tick(), this.options.tickMs);
    }, offset);
  }

  /**
   * Stops acting; resolves once an evaluation already under way has finished, or after
   * STOP_WAIT_MS at most (one waiting for exchange budget must not hold up a handover: once
   * stopped it sends nothing more, its writes are fenced, and an order already on its way is an
   * intent the next owner resolves). A boot still loading the bot is not waited for at all.
   */
  stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.timer);
    this.unsubscribe?.();
    if (this.loading || !this.inFlight) return Promise.resolve();
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_WAIT_MS)));
    return Promise.race([this.inFlight, bound]).finally(() => clearTimeout(timer));
  }

  private async boot(): Promise<void> {
    this.loading = true;
    const built = await this.build(
      this.claim,
      () => !this.stopped && this.lease.isValid(this.options.safetyMarginMs),
    ).finally(() => (this.loading = false));
    if (!built || this.stopped) return;
    this.engine = built.engine;
    if (this.windingDown) this.engine.windDown(this.cancelOpenOrders);
    this.engine.requestActions(this.actionIds);
    this.feed = built.feed;
    this.userId = built.userId;
    this.logger = this.logger.with({ user: built.userId });
    // a live order's market moves while it waits; a paper one fills at the price it saw
    this.unsubscribe = this.hub.subscribe(
      built.feed,
      (view) => this.onMarket(view),
      built.live ? 'now' : 'queued',
    );
    await this.evaluate(this.hub.view(built.feed));
  }

  private onMarket(view: MarketView): void {
    this.run(() => this.evaluate(view));
  }

  private tick(): void {
    this.run(async () => {
      if (this.options.heartbeatHistory) {
        if (this.options.workMs > 0) await sleep(this.options.workMs);
        await this.writer.heartbeat(this.claim, this.workerId);
      }
      if (!this.engine) return this.boot();
      // market updates drive evaluation; the tick covers silence (stale data, pending orders)
      if (Date.now() - this.lastEvaluatedAt >= this.options.tickMs && this.feed)
        await this.evaluate(this.hub.view(this.feed));
    });
  }

  private async evaluate(view: MarketView | null): Promise<void> {
    if (!this.engine || Date.now() < this.engine.progress.retryAt) return;
    this.lastEvaluatedAt = Date.now();
    this.stats?.evaluated();
    await this.engine.evaluate(view);
    if (this.engine.progress.isFailing) await this.engine.progress.succeeded();
  }

  /** One action at a time, and only under a valid lease. */
  private run(action: () => Promise<void>): void {
    if (this.stopped || this.inFlight) return;
    if (!this.lease.isValid(this.options.safetyMarginMs)) {
      this.onSuperseded(this, 'lease no longer valid');
      return;
    }
    this.inFlight = this.settled(action);
  }

  // One async frame per action rather than a .catch().finally() chain: every bot runs about one
  // action a second, so each promise and closure here is thousands of allocations a second.
  private async settled(action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      await this.onFailure(error);
    } finally {
      this.inFlight = undefined;
    }
  }

  private async onFailure(error: unknown): Promise<void> {
    if (error instanceof StaleFenceTokenError) {
      this.logger.warn(`bot ${this.claim.botId}: write refused, ${error.message}`);
      this.onSuperseded(this, error.message);
      return;
    }
    if (error instanceof BotHalted) {
      // desired state is `stopped` now: the supervisor releases the bot on its next pass
      this.stopped = true;
      clearInterval(this.timer);
      clearTimeout(this.timer);
      this.unsubscribe?.();
      this.logger.warn(`bot ${this.claim.botId} halted: ${error.message}`);
      return;
    }
    if (Date.now() - this.lastWarnedAt >= WARN_EVERY_MS) {
      this.lastWarnedAt = Date.now();
      this.logger.warn(`bot ${this.claim.botId}: ${messageOf(error)}`);
    }
    // retried with a growing pause, and shown to the user (last error, event, live status)
    await this.engine?.progress.failed(error).catch((reportFailure: unknown) => {
      if (reportFailure instanceof StaleFenceTokenError)
        return this.onSuperseded(this, reportFailure.message);
      this.logger.warn(`bot ${this.claim.botId}: error not recorded: ${messageOf(reportFailure)}`);
    });
  }
}
