import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { BOT_ALIVE_MARK_MS, botStatusEvent } from '@platform/contracts';
import { canRun, fairShare, type WorkerInfo, WorkerRegistry } from '@platform/cluster';
import { defaultSafetyMarginMs, LeaseKeeper, LeaseManager } from '@platform/distributed-lock';
import {
  BotsRepository,
  type DesiredBot,
  FencedWriter,
  StaleFenceTokenError,
  TradingRepository,
} from '@platform/persistence';
import { LivePublisher } from '../engine/live-publisher';
import { RuntimeFactory } from '../engine/runtime-factory';
import { BotHints } from './bot-hints';
import { HeldBots } from './held-bots';
import { leaseResource, SUPERVISOR_SETTINGS, type SupervisorSettings } from './supervisor.settings';

/** Free bots seen this many passes in a row are claimed even beyond the fair share. */
const ORPHAN_PASSES = 3;
const CLAIM_CONCURRENCY = 8;

const shuffled = <T>(items: T[]): T[] => {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
};

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Decides which bots this worker runs (rule 2: a bot runs where its lease is). Each pass, on a
 * timer and at once on a `bots.changed` hint: read desired-running bots from Postgres (the
 * truth) and live workers from the registry; let go of bots that were stopped or deleted;
 * claim free bots up to the fair share (lease, then a new fencing token); hand surplus bots
 * over a few at a time when another worker has room. The LeaseKeeper renews the leases and
 * stops a bot the moment its lease is lost or about to run out.
 */
@Injectable()
export class SupervisorService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SupervisorService.name);
  private readonly held = new HeldBots();
  private readonly keeper: LeaseKeeper;
  private readonly freeStreak = new Map<string, number>();
  private timers: NodeJS.Timeout[] = [];
  private running?: Promise<void>;
  private rerunRequested = false;
  private stopping = false;
  /** Stop acting this long before a lease's deadline. */
  private readonly marginMs: number;

  desiredRunningBots = 0;
  share = 0;
  lastReconciledAt: Date | null = null;
  hintsReceived = 0;

  constructor(
    private readonly bots: BotsRepository,
    private readonly writer: FencedWriter,
    private readonly leases: LeaseManager,
    private readonly registry: WorkerRegistry,
    private readonly hints: BotHints,
    private readonly runtimes: RuntimeFactory,
    private readonly trading: TradingRepository,
    private readonly live: LivePublisher,
    @Inject(SUPERVISOR_SETTINGS) private readonly settings: SupervisorSettings,
  ) {
    this.marginMs = defaultSafetyMarginMs(settings.leaseTtlMs);
    this.keeper = new LeaseKeeper(
      leases,
      (resource, reason) => this.stopLocally(resource.slice('bot:'.length), reason),
      {
        safetyMarginMs: this.marginMs,
        checkEveryMs: 50,
      },
    );
  }

  heldBotIds(): string[] {
    return this.held.ids();
  }

  onApplicationBootstrap(): void {
    this.keeper.start();
    void this.heartbeat().then(() => this.reconcile());
    const heartbeatMs = Math.min(1000, Math.floor(this.settings.leaseTtlMs / 3));
    this.timers = [
      setInterval(() => void this.heartbeat(), heartbeatMs),
      setInterval(() => void this.reconcile(), this.settings.reconcileIntervalMs),
      setInterval(() => void this.markAlive(), Math.max(this.settings.tickMs, BOT_ALIVE_MARK_MS)),
    ];
  }

  /**
   * Marks every held bot alive in one statement (what `GET /cluster` and the API show as its
   * last tick); a bot whose claim was superseded meanwhile is stopped here.
   */
  private async markAlive(): Promise<void> {
    if (this.settings.heartbeatHistory) return; // each bot writes its own fenced heartbeat
    try {
      const superseded = await this.trading.touch(this.held.runtimes().map((r) => r.claim));
      for (const botId of superseded) this.stopLocally(botId, 'claim superseded');
    } catch (error) {
      this.logger.warn(`marking bots alive failed: ${messageOf(error)}`);
    }
  }

  /** Graceful handover: stop every bot, release its lease, and tell the others to claim now. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.timers.forEach(clearInterval);
    await this.running?.catch(() => undefined);
    const count = this.held.size;
    await Promise.all(this.held.ids().map((botId) => this.letGo(botId, 'worker stopping')));
    this.keeper.stop();
    await this.registry.deregister(this.settings.workerId).catch(() => undefined);
    this.hints.publish({ reason: 'worker-leaving' });
    this.logger.log(`handed over ${count} bots`);
  }

  onHint(): Promise<void> {
    this.hintsReceived += 1;
    return this.reconcile();
  }

  /** Runs one pass; a call during a pass schedules exactly one more pass after it. */
  reconcile(): Promise<void> {
    if (this.stopping) return Promise.resolve();
    if (this.running) {
      this.rerunRequested = true;
      return this.running;
    }
    this.running = this.pass()
      .catch((error: unknown) => this.logger.warn(`reconcile failed: ${messageOf(error)}`))
      .finally(() => {
        this.running = undefined;
        if (this.rerunRequested) {
          this.rerunRequested = false;
          void this.reconcile();
        }
      });
    return this.running;
  }

  private selfInfo(): WorkerInfo {
    const { workerId, host, pid, capacity, tags, startedAt } = this.settings;
    return { id: workerId, host, pid, capacity, tags, startedAt, botIds: this.held.ids() };
  }

  private async heartbeat(): Promise<void> {
    if (this.stopping) return;
    await this.registry
      .heartbeat(this.selfInfo(), this.settings.leaseTtlMs)
      .catch((error: unknown) => {
        this.logger.warn(`registry heartbeat failed: ${messageOf(error)}`);
      });
  }

  private async pass(): Promise<void> {
    const [desired, workers] = await Promise.all([
      this.bots.listDesiredRunning(),
      this.registry.list(),
    ]);
    const me = this.selfInfo();
    const wanted = new Map(desired.filter((bot) => canRun(me, bot)).map((bot) => [bot.id, bot]));
    this.desiredRunningBots = desired.length;
    this.share = fairShare(desired, workers, me);

    for (const botId of this.held.ids()) {
      if (!wanted.has(botId)) {
        const userId = this.held.get(botId)?.runtime.userId;
        await this.letGo(botId, 'stopped, deleted or no longer placed here');
        if (userId) this.live.publish(userId, botStatusEvent(botId, 'stopped'));
      }
    }
    for (const [botId, bot] of wanted) {
      const runtime = this.held.get(botId)?.runtime;
      if (bot.stopping) runtime?.windDown(bot.cancelOrdersOnStop);
      // started again while it settled: a fresh claim runs it as a trading bot
      else if (runtime?.isWindingDown) await this.letGo(botId, 'started again');
    }
    if (this.held.size < this.share) {
      await this.claimFree([...wanted.values()]);
    } else if (this.held.size > this.share) {
      await this.rebalance(desired, workers, me);
    }
    this.lastReconciledAt = new Date();
  }

  private async claimFree(wanted: DesiredBot[]): Promise<void> {
    const candidates = wanted.filter((bot) => !this.held.has(bot.id));
    const free = new Set(await this.leases.unheld(candidates.map((bot) => leaseResource(bot.id))));
    for (const botId of [...this.freeStreak.keys()])
      if (!free.has(leaseResource(botId))) this.freeStreak.delete(botId);

    const toClaim: DesiredBot[] = [];
    for (const bot of shuffled(candidates.filter((b) => free.has(leaseResource(b.id))))) {
      if (this.held.size + toClaim.length >= this.settings.capacity) break;
      const streak = (this.freeStreak.get(bot.id) ?? 0) + 1;
      this.freeStreak.set(bot.id, streak);
      // Over the share only for bots nobody has taken for a while: no bot stays orphaned.
      if (this.held.size + toClaim.length >= this.share && streak < ORPHAN_PASSES) continue;
      toClaim.push(bot);
    }
    // A few claims at a time: taking over a dead worker's hundred bots should not be serial.
    const lanes = Array.from({ length: CLAIM_CONCURRENCY }, async () => {
      for (let bot = toClaim.shift(); bot !== undefined && !this.stopping; bot = toClaim.shift()) {
        const { id } = bot;
        await this.tryClaim(bot).catch((error: unknown) =>
          this.logger.warn(`claim of ${id} failed: ${messageOf(error)}`),
        );
      }
    });
    await Promise.all(lanes);
  }

  private async tryClaim({ id: botId, stopping, cancelOrdersOnStop }: DesiredBot): Promise<void> {
    const lease = await this.leases.tryAcquire(leaseResource(botId), this.settings.leaseTtlMs);
    if (!lease) return;
    this.freeStreak.delete(botId);
    const claim = await this.writer
      .claim(botId, this.settings.workerId, this.settings.host)
      .catch(async (error: unknown) => {
        await this.leases.release(lease);
        throw error;
      });
    if (!claim || this.stopping || !lease.isValid(this.marginMs)) {
      // (a claim that waited too long may have outlived its lease: start nothing on it)
      await this.leases.release(lease);
      return;
    }
    const runtime = this.runtimes.create(claim, lease, this.marginMs, (superseded, reason) => {
      // only if it is still this runtime: a late refusal must not stop a newer claim
      if (this.held.get(botId)?.runtime === superseded) this.stopLocally(botId, reason);
    });
    this.held.set(botId, { lease, runtime });
    this.keeper.add(lease);
    if (stopping) runtime.windDown(cancelOrdersOnStop);
    runtime.start();
    this.logger.debug(`claimed bot ${botId} with token ${claim.fenceToken}`);
  }

  /**
   * Over the share: hand bots to workers below theirs, a few per pass (a joining worker fills
   * up gradually, no stampede). Only bots an underloaded worker may run (tags) are handed over,
   * and only as many as those workers lack, so bots never bounce between full workers.
   */
  private async rebalance(
    desired: DesiredBot[],
    workers: WorkerInfo[],
    me: WorkerInfo,
  ): Promise<void> {
    const lacking = new Map(
      workers
        .filter((w) => w.id !== me.id)
        .map((w) => [w, fairShare(desired, workers, w) - w.botIds.length] as const)
        .filter(([, missing]) => missing > 0),
    );
    if (lacking.size === 0) return;
    const byId = new Map(desired.map((bot) => [bot.id, bot]));
    const movable = this.held.ids().filter((id) => {
      const bot = byId.get(id);
      return bot !== undefined && [...lacking.keys()].some((w) => canRun(w, bot));
    });
    const totalLacking = [...lacking.values()].reduce((a, b) => a + b, 0);
    const count = Math.min(
      this.held.size - this.share,
      totalLacking,
      Math.max(1, Math.ceil(this.share / 10)),
    );
    for (const botId of shuffled(movable).slice(0, count))
      await this.letGo(botId, 'handed over for balance');
    if (count > 0) this.hints.publish({ reason: 'rebalance' });
  }

  /** Stops the bot here and gives its lease back so another worker can claim it at once. */
  private async letGo(botId: string, reason: string): Promise<void> {
    const held = this.held.get(botId);
    if (!held) return;
    this.held.delete(botId);
    this.keeper.remove(held.lease.resource);
    // an evaluation under way finishes (2 s at most) before the lease goes; one that outlasts
    // that sends nothing more and its writes are refused once the next owner claims
    await held.runtime.stop();
    await this.writer.release(held.runtime.claim, reason).catch((error: unknown) => {
      if (!(error instanceof StaleFenceTokenError))
        this.logger.warn(`release of ${botId} not recorded: ${messageOf(error)}`);
    });
    await this.leases.release(held.lease).catch(() => undefined);
  }

  /** The lease is gone or superseded: stop at once, without waiting for anyone. */
  private stopLocally(botId: string, reason: string): void {
    const held = this.held.get(botId);
    if (!held) return;
    void held.runtime.stop();
    held.lease.ended = true;
    this.held.delete(botId);
    this.keeper.remove(held.lease.resource);
    this.logger.warn(`stopped bot ${botId}: ${reason}`);
  }
}
