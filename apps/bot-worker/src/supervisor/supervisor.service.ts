import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { BotsRepository } from '@platform/persistence';

export const RECONCILE_INTERVAL_MS = Symbol('RECONCILE_INTERVAL_MS');

/**
 * Keeps this worker's view of which bots should run in step with Postgres: on a timer, and at
 * once when a `bots.changed` hint arrives (hints can be lost; the timer makes that cost only
 * latency). Claiming and running bots builds on this loop.
 */
@Injectable()
export class SupervisorService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SupervisorService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private rerunRequested = false;
  desiredRunningBots = 0;
  lastReconciledAt: Date | null = null;
  hintsReceived = 0;

  constructor(
    private readonly bots: BotsRepository,
    private readonly intervalMs: number,
  ) {}

  onApplicationBootstrap() {
    void this.reconcile();
    this.timer = setInterval(() => void this.reconcile(), this.intervalMs);
  }

  onApplicationShutdown() {
    clearInterval(this.timer);
  }

  onHint() {
    this.hintsReceived += 1;
    return this.reconcile();
  }

  /** Runs one pass; a call during a pass schedules exactly one more pass after it. */
  reconcile(): Promise<void> {
    if (this.running) {
      this.rerunRequested = true;
      return this.running;
    }
    this.running = this.pass().finally(() => {
      this.running = undefined;
      if (this.rerunRequested) {
        this.rerunRequested = false;
        void this.reconcile();
      }
    });
    return this.running;
  }

  private async pass() {
    try {
      this.desiredRunningBots = await this.bots.countDesiredRunning();
      this.lastReconciledAt = new Date();
    } catch (error) {
      // Postgres unreachable: keep the last view; readiness reports the database as down.
      this.logger.warn(
        `reconcile failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
