import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import { BOT_ALIVE_MARK_MS, botStatusEvent, messageOf } from '@platform/contracts';
import {
  canRun,
  fairShare,
  heartbeatIntervalMs,
  type WorkerInfo,
  WorkerRegistry,
} from '@platform/cluster';
import { defaultSafetyMarginMs, LeaseGroup } from '@platform/distributed-lock';
import {
  BotsRepository,
  type DesiredBot,
  FencedWriter,
  TradingRepository,
} from '@platform/persistence';
import { LivePublisher } from '@platform/service-kit';
import { RuntimeFactory } from '../engine/runtime-factory';
import { AliveMarks } from './alive-marks';
import { BotClaimer } from './bot-claimer';
import { BotHints } from './bot-hints';
import { DesiredBots } from './desired-bots';
import { botsToHandOver } from './handover';
import { HeldBots } from './held-bots';
import { LoopLag } from './loop-lag';
import { claimCounts, heldBotsCounts, withoutOwner } from '../metrics/supervisor-counts';
import { WorkerMetrics } from '../metrics/worker-metrics';
import { botLeases, SUPERVISOR_SETTINGS, type SupervisorSettings } from './supervisor.settings';

/** How often a worker checks that the other workers' lease sessions are still alive. */
const PEER_WATCH_MS = 200;

/** A pass's reading of the cluster, from the desired bots and the live workers it was given. */
interface Placement {
  desired: DesiredBot[];
  workers: WorkerInfo[];
  /** The desired bots this worker may run (placement tags), by id. */
  wanted: Map<string, DesiredBot>;
  botsWithoutOwner: number;
  share: number;
}

/**
 * Decides which bots this worker runs (docs/architecture.md rule 2: a bot runs where its lease is). Each pass, on a
 * timer and at once on a `bots.changed` hint: read desired-running bots from Postgres (the
 * truth) and live workers from the registry; let go of bots that were stopped or deleted;
 * claim free bots up to the fair share (`BotClaimer`: lease, then a new fencing token); hand
 * surplus bots over a few at a time when another worker has room (`botsToHandOver`). The held
 * bots' leases are renewed by `HeldBots`, which stops a bot the moment its lease is lost or
 * about to run out; `AliveMarks` stops one whose claim was superseded.
 */
@Injectable()
export class SupervisorService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SupervisorService.name);
  private readonly leases: LeaseGroup;
  private readonly held: HeldBots;
  private readonly claimer: BotClaimer;
  /** The other live workers' lease sessions, as of the last pass. */
  private peerSessions: string[] = [];
  private readonly aliveMarks: AliveMarks;
  private readonly desiredBots: DesiredBots;
  private readonly loopLag = new LoopLag();
  private timers: NodeJS.Timeout[] = [];
  private running?: Promise<void>;
  private rerunRequested = false;
  /** The last pass failed (Postgres or Redis unreachable): the next good one wakes the bots. */
  private passFailed = false;
  private stopping = false;
  private lastPlacement?: Placement;
  private lastSelfInfo?: WorkerInfo;
  /** The desired list the held bots were last checked against (all of them were wanted). */
  private heldCheckedAgainst?: DesiredBot[];

  desiredRunningBots = 0;
  /** Desired bots no live worker listed as its own at the last pass (registry view, no query). */
  botsWithoutOwner = 0;
  workersAlive = 0;
  share = 0;
  lastReconciledAt: Date | null = null;
  hintsReceived = 0;

  constructor(
    bots: BotsRepository,
    writer: FencedWriter,
    private readonly registry: WorkerRegistry,
    private readonly hints: BotHints,
    runtimes: RuntimeFactory,
    trading: TradingRepository,
    private readonly live: LivePublisher,
    @Inject(SUPERVISOR_SETTINGS) private readonly settings: SupervisorSettings,
    @Optional() metrics?: WorkerMetrics,
  ) {
    // stop acting this long before a lease's deadline
    const marginMs = defaultSafetyMarginMs(settings.leaseTtlMs);
    // every bot's lease in one group: one renewal call per tick for all of them
    this.leases = new LeaseGroup({
      redisUrls: settings.lockRedisUrls,
      ttlMs: settings.leaseTtlMs,
      safetyMarginMs: marginMs,
      onRenewal: (renewed, seconds) => metrics?.renewed(renewed, seconds),
      onLost: (resource, reason) => {
        const botId = botLeases.idOf(resource);
        if (botId) this.held.stopHere(botId, reason);
      },
    });
    this.held = new HeldBots(this.leases, writer, metrics && heldBotsCounts(metrics));
    this.claimer = new BotClaimer(
      this.leases,
      writer,
      runtimes,
      this.held,
      settings,
      marginMs,
      () => this.stopping,
      () => {
        // a loop late by the whole safety margin is a few such delays from losing every lease:
        // claim more once it keeps time again (a busy worker's usual spikes stay below it)
        const lagMs = this.loopLag.recentMs;
        return lagMs > marginMs ? `event loop ${Math.round(lagMs)} ms late` : null;
      },
      metrics && claimCounts(metrics),
    );
    metrics?.readFrom(() => ({
      held: this.held.size,
      withoutOwner: this.botsWithoutOwner,
      desiredRunning: this.desiredRunningBots,
      workersAlive: this.workersAlive,
    }));
    this.aliveMarks = new AliveMarks(trading, this.held);
    this.desiredBots = new DesiredBots(bots);
  }

  heldBotIds(): string[] {
    return this.held.ids();
  }

  async onApplicationBootstrap(): Promise<void> {
    // the lease session first: the registry entry names it, and claims need it
    await this.leases.ready().catch(() => undefined);
    await this.leases.start().catch((error: unknown) => {
      this.logger.warn(`no lease session yet: ${messageOf(error)}`);
    });
    this.loopLag.start();
    void this.heartbeat().then(() => this.reconcile());
    const { leaseTtlMs, reconcileIntervalMs, tickMs, heartbeatHistory } = this.settings;
    this.timers = [
      setInterval(() => void this.heartbeat(), heartbeatIntervalMs(leaseTtlMs)),
      setInterval(() => void this.reconcile(), reconcileIntervalMs),
      setInterval(() => void this.watchPeers(), PEER_WATCH_MS),
    ];
    // with the heartbeat history (test harness) each bot writes its own fenced heartbeat instead
    if (!heartbeatHistory)
      this.timers.push(
        setInterval(() => void this.aliveMarks.mark(), Math.max(tickMs, BOT_ALIVE_MARK_MS)),
      );
  }

  /** Graceful handover: stop every bot, release its lease, and tell the others to claim now. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.timers.forEach(clearInterval);
    await this.running?.catch(() => undefined);
    const count = this.held.size;
    await Promise.all(this.held.ids().map((botId) => this.held.letGo(botId, 'worker stopping')));
    await this.leases.close();
    this.loopLag.stop();
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
      .then(() => this.passSucceeded())
      .catch((error: unknown) => {
        this.passFailed = true;
        this.logger.warn(`reconcile failed: ${messageOf(error)}`);
      })
      .finally(() => {
        this.running = undefined;
        if (this.rerunRequested) {
          this.rerunRequested = false;
          void this.reconcile();
        }
      });
    return this.running;
  }

  /**
   * Postgres and Redis answer again after an outage: bots waiting out a long retry pause (up to
   * a minute after failing all along) try again at once instead of minutes after the outage.
   */
  private passSucceeded(): void {
    if (!this.passFailed) return;
    this.passFailed = false;
    for (const runtime of this.held.runtimes()) runtime.retryNow();
    this.logger.log('reconcile works again: held bots retry now');
  }

  /** This worker as the registry lists it: the same object while its bots and session stay. */
  private selfInfo(): WorkerInfo {
    const botIds = this.held.ids();
    const leaseSession = this.leases.sessionId;
    const last = this.lastSelfInfo;
    if (last?.botIds === botIds && last.leaseSession === leaseSession) return last;
    const { workerId, host, pid, capacity, tags, startedAt } = this.settings;
    this.lastSelfInfo = {
      id: workerId,
      host,
      pid,
      capacity,
      tags,
      startedAt,
      botIds,
      leaseSession,
    };
    return this.lastSelfInfo;
  }

  /**
   * A worker that died frees its bots the moment its lease session expires: notice that within
   * PEER_WATCH_MS (one command) and claim them at once, rather than on the next timed pass.
   */
  private async watchPeers(): Promise<void> {
    if (this.stopping || this.peerSessions.length === 0) return;
    const live = await this.leases.liveSessions(this.peerSessions).catch(() => undefined);
    if (live && live.size < this.peerSessions.length) void this.reconcile();
  }

  /** The registry's workers whose lease session is alive (a dead one's entry may linger). */
  private async liveWorkers(workers: WorkerInfo[]): Promise<WorkerInfo[]> {
    const sessions = workers.flatMap((w) => (w.leaseSession ? [w.leaseSession] : []));
    const live = await this.leases.liveSessions(sessions).catch(() => new Set(sessions));
    const alive = workers.filter(
      (w) => w.id === this.settings.workerId || !w.leaseSession || live.has(w.leaseSession),
    );
    this.peerSessions = alive.flatMap((w) =>
      w.leaseSession && w.id !== this.settings.workerId ? [w.leaseSession] : [],
    );
    return alive;
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
      this.desiredBots.read(),
      this.registry.list().then((listed) => this.liveWorkers(listed)),
    ]);
    const me = this.selfInfo();
    const { wanted, botsWithoutOwner, share } = this.placement(desired, workers, me);
    this.desiredRunningBots = desired.length;
    this.workersAlive = workers.length;
    this.botsWithoutOwner = botsWithoutOwner;
    this.share = share;

    // Every held bot was wanted at the last check, and claims take only wanted bots: while the
    // desired list is the same, none can be unwanted (a quiet pass skips 10,000 lookups).
    if (desired !== this.heldCheckedAgainst) {
      for (const botId of this.held.ids()) {
        if (!wanted.has(botId)) {
          const userId = this.held.get(botId)?.runtime.userId;
          await this.held.letGo(botId, 'stopped, deleted or no longer placed here');
          if (userId) this.live.publish(userId, botStatusEvent(botId, 'stopped'));
        }
      }
      this.heldCheckedAgainst = desired;
    }
    for (const [botId, bot] of wanted) {
      const runtime = this.held.get(botId)?.runtime;
      if (bot.stopping) runtime?.windDown(bot.cancelOrdersOnStop);
      // started again while it settled: a fresh claim runs it as a trading bot
      else if (runtime?.isWindingDown) await this.held.letGo(botId, 'started again');
      // the user's manual actions come first (read again from Postgres by the engine)
      if (bot.actionIds.length > 0) this.held.get(botId)?.runtime.act(bot.actionIds);
    }
    if (this.held.size < this.share) {
      await this.claimer.claimFree([...wanted.values()], this.share);
    } else if (this.held.size > this.share) {
      await this.handOver(desired, workers);
    }
    this.lastReconciledAt = new Date();
  }

  /**
   * What this worker may run, its fair share and the bots without an owner. While nothing
   * changes a pass gets the very same inputs (the cached desired list, the registry's
   * unchanged entries: the same objects), and the last answer is used again: at 10,000 bots
   * these were most of a quiet pass's CPU (issue 16).
   */
  private placement(desired: DesiredBot[], workers: WorkerInfo[], me: WorkerInfo): Placement {
    const last = this.lastPlacement;
    if (
      last?.desired === desired &&
      last.workers.length === workers.length &&
      last.workers.every((worker, i) => worker === workers[i])
    )
      return last;
    const wanted =
      last?.desired === desired
        ? last.wanted
        : new Map(desired.filter((bot) => canRun(me, bot)).map((bot) => [bot.id, bot]));
    this.lastPlacement = {
      desired,
      workers,
      wanted,
      botsWithoutOwner: withoutOwner(desired, workers),
      share: fairShare(desired, workers, me),
    };
    return this.lastPlacement;
  }

  private async handOver(desired: DesiredBot[], workers: WorkerInfo[]): Promise<void> {
    const botIds = botsToHandOver({
      desired,
      workers,
      workerId: this.settings.workerId,
      heldIds: this.held.ids(),
      share: this.share,
    });
    for (const botId of botIds) await this.held.letGo(botId, 'handed over for balance');
    if (botIds.length > 0) this.hints.publish({ reason: 'rebalance' });
  }
}
