import { botStatusEvent, messageOf } from '@platform/contracts';
import { ExchangeError } from '@platform/exchange';
import { type Claim, isDataRejection } from '@platform/persistence';
import type { TradingRecords } from './engine-context';
import type { LivePublisher } from '@platform/service-kit';

const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 60_000;
/** A hiccup (network, a restarting database) is reported only once it has lasted this long. */
const HICCUP_GRACE_MS = 30_000;
/** The same reason is written again at most this often (keeps a stuck bot visible, not noisy). */
const REPEAT_REPORT_MS = 5 * 60_000;

/** Whether waiting is likely to cure it: exchange trouble or a lost connection, not bad data. */
function isHiccup(error: unknown): boolean {
  if (error instanceof ExchangeError) return true;
  if (isDataRejection(error)) return false;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(E[A-Z]+|08...|57P0.)$/.test(code);
}

/**
 * How one bot copes with evaluations that fail for a reason other than a lost fence or a halt:
 * it retries with a growing pause (1 s doubling to 60 s) and says so where a person looks: the
 * bot's last error, a `bot.error` event and a live `bot.status` of `error`. Once an evaluation
 * succeeds again the error is cleared (`bot.recovered`) and the status is `running` again.
 */
export class BotProgress {
  private failures = 0;
  private failingSince = 0;
  private reported: { reason: string; at: number } | null = null;
  /** No evaluation before this time (ms since epoch). */
  retryAt = 0;

  constructor(
    private readonly claim: Claim,
    private readonly repo: TradingRecords,
    private readonly userId: string,
    private readonly workerId: string | null,
    private readonly live?: LivePublisher,
    /** What the bot shows as its last error when this owner takes it (a previous owner's). */
    shownError: string | null = null,
  ) {
    // cleared by this owner's first evaluation that goes through, like one of its own
    if (shownError !== null) this.reported = { reason: shownError, at: 0 };
  }

  /** Records a failed evaluation; rejects only if the report itself could not be written. */
  async failed(error: unknown, now = Date.now()): Promise<void> {
    if (this.failures === 0) this.failingSince = now;
    this.failures += 1;
    this.retryAt = now + Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (this.failures - 1));
    if (isHiccup(error) && now - this.failingSince < HICCUP_GRACE_MS) return;
    const reason = messageOf(error);
    const known = this.reported;
    if (known && known.reason === reason && now - known.at < REPEAT_REPORT_MS) return;
    this.reported = { reason, at: now };
    this.publish('error', reason);
    await this.repo.reportError(this.claim, isHiccup(error) ? 'unavailable' : 'stuck', reason);
  }

  /** Ends the current pause (its cause is cured); a new failure pauses as long as the next. */
  retryNow(): void {
    this.retryAt = 0;
  }

  /** Whether the last evaluation failed or an error is shown (a success must clear both). */
  get isFailing(): boolean {
    return this.failures > 0 || this.reported !== null;
  }

  /** An evaluation went through: the bot makes progress again. */
  async succeeded(): Promise<void> {
    if (!this.isFailing) return;
    this.failures = 0;
    this.retryAt = 0;
    if (!this.reported) return;
    // forgotten only once the clear is written: a clear that failed (a hiccup) is tried again
    // at the next success, or the bot would show the old error while it trades
    await this.repo.clearError(this.claim);
    this.reported = null;
    this.publish('running', null);
  }

  private publish(status: 'error' | 'running', reason: string | null): void {
    const workerId = status === 'running' ? this.workerId : null;
    this.live?.publish(this.userId, botStatusEvent(this.claim.botId, status, { workerId, reason }));
  }
}
