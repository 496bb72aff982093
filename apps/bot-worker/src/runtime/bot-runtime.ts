import { Logger } from '@nestjs/common';
import type { Lease } from '@platform/distributed-lock';
import { type Claim, type FencedWriter, StaleFenceTokenError } from '@platform/persistence';

export interface BotRuntimeOptions {
  tickMs: number;
  /** Simulated strategy time between the lease check and the write (chaos harness). */
  workMs: number;
  /** Stop ticking this long before the lease deadline. */
  safetyMarginMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One running bot. Until the trading engine lands, each tick writes a fenced heartbeat. Before
 * acting it checks its lease; the write itself is fenced, so a tick that a pause carried past
 * the lease's end is refused by Postgres, and the bot stops (`onSuperseded`).
 */
export class BotRuntime {
  private readonly logger = new Logger(BotRuntime.name);
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private inFlight?: Promise<void>;

  constructor(
    readonly claim: Claim,
    private readonly lease: Lease,
    private readonly writer: FencedWriter,
    private readonly workerId: string,
    private readonly options: BotRuntimeOptions,
    private readonly onSuperseded: (runtime: BotRuntime, reason: string) => void,
  ) {}

  start(): void {
    // Act at once (a bot that just moved here must not wait), then tick at a random phase so a
    // worker's bots do not all write in the same millisecond.
    this.tick();
    const offset = Math.floor(Math.random() * this.options.tickMs);
    this.timer = setTimeout(() => {
      this.tick();
      this.timer = setInterval(() => this.tick(), this.options.tickMs);
    }, offset);
  }

  /** Stops ticking; resolves once a tick already under way has finished. */
  stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.timer);
    return this.inFlight ?? Promise.resolve();
  }

  private tick(): void {
    if (this.stopped || this.inFlight) return;
    this.inFlight = this.act().finally(() => (this.inFlight = undefined));
  }

  private async act(): Promise<void> {
    try {
      if (!this.lease.isValid(this.options.safetyMarginMs)) {
        this.onSuperseded(this, 'lease no longer valid at tick');
        return;
      }
      if (this.options.workMs > 0) await sleep(this.options.workMs);
      await this.writer.heartbeat(this.claim, this.workerId);
    } catch (error) {
      if (error instanceof StaleFenceTokenError) {
        this.logger.warn(`bot ${this.claim.botId}: write refused, ${error.message}`);
        this.onSuperseded(this, error.message);
      } else {
        this.logger.warn(
          `bot ${this.claim.botId}: tick failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  }
}
