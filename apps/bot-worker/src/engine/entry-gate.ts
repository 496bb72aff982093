import type { BotConfig, Claim, Position, UserDailyLoss } from '@platform/persistence';
import {
  dailyLossBlock,
  type EntryBlock,
  entryBlock,
  type RiskLimits,
  type Signal,
  utcDay,
} from '@platform/strategies';
import type { TradingRecords } from './engine-context';

/** How long the user's daily figures are reused before they are read again. */
export const USER_LIMIT_CACHE_MS = 5_000;

const isBuy = (signal: Signal) => signal.kind !== 'cancel' && signal.side === 'buy';

interface UserFiguresRead {
  at: number;
  figures: Promise<UserDailyLoss>;
}

/**
 * The users' figures as last read, per records store (one per worker): every bot of a user on
 * a worker shares one read per USER_LIMIT_CACHE_MS, not one read each (a grid asks to buy on
 * every evaluation).
 */
const readsByStore = new WeakMap<TradingRecords, Map<string, UserFiguresRead>>();

function sharedReads(repo: TradingRecords): Map<string, UserFiguresRead> {
  let reads = readsByStore.get(repo);
  if (!reads) {
    reads = new Map();
    readsByStore.set(repo, reads);
  }
  return reads;
}

/**
 * A fill of one of the user's bots here changed what they realized today: the next buy of any
 * of their bots on this worker reads the figures again (bots elsewhere within the cache time).
 */
export function forgetUserFigures(repo: TradingRecords, userId: string): void {
  const reads = readsByStore.get(repo);
  if (!reads) return;
  for (const key of reads.keys()) if (key.startsWith(`${userId}|`)) reads.delete(key);
}

/** Forgets reads too old to be used again (kept bounded by the users active in the window). */
function forgetStale(reads: Map<string, UserFiguresRead>, now: number): void {
  for (const [key, read] of reads) if (now - read.at >= USER_LIMIT_CACHE_MS) reads.delete(key);
}

/**
 * Keeps a bot from opening positions while a risk limit says so (docs/risk.md): the cooldown
 * after a losing round trip and the bot's daily loss limit (from its own position row), and
 * its user's daily loss limit over all their bots of the same mode and quote (read from
 * Postgres only when the strategy wants to buy, and then at most every USER_LIMIT_CACHE_MS for
 * all the user's bots on the worker).
 * Sells go through; resting buy orders are cancelled. Each block is said once as an event.
 */
export class EntryGate {
  private lastReported: string | null = null;
  private readonly quote: string;

  constructor(
    private readonly risk: RiskLimits,
    private readonly config: Pick<BotConfig, 'userId' | 'mode' | 'symbol'>,
    private readonly repo: TradingRecords,
    private readonly claim: Claim,
  ) {
    this.quote = config.symbol.split(':')[0].split('/')[1] ?? '';
  }

  /**
   * The signals the bot may act on now: without buys while a limit holds (an open buy order of
   * a limit signal is cancelled instead), as they were otherwise.
   */
  async filter(
    signals: Signal[],
    position: Position,
    openBuyKeys: ReadonlySet<string>,
    now: number,
  ): Promise<Signal[]> {
    if (!signals.some(isBuy)) return signals;
    const block = await this.blockAt(position, now);
    if (block === null) return signals;
    await this.report(block);
    return signals.flatMap((signal): Signal[] => {
      if (!isBuy(signal)) return [signal];
      if (signal.kind === 'limit' && openBuyKeys.has(signal.key))
        return [{ kind: 'cancel', key: signal.key, reason: block.kind }];
      return [];
    });
  }

  private async blockAt(position: Position, now: number): Promise<EntryBlock | null> {
    const own = entryBlock(
      this.risk,
      {
        lastLossAt: position.lastLossAt,
        dayRealizedPnl: Number(position.dayRealizedPnl),
        pnlDay: position.pnlDay,
      },
      now,
    );
    if (own) return own;
    const figures = await this.userFigures(now);
    return dailyLossBlock(figures.limit, figures.realized, now, 'user');
  }

  private userFigures(now: number): Promise<UserDailyLoss> {
    const day = utcDay(now);
    const { userId, mode } = this.config;
    const key = `${userId}|${mode}|${this.quote}|${day}`;
    const reads = sharedReads(this.repo);
    const cached = reads.get(key);
    if (cached && now - cached.at < USER_LIMIT_CACHE_MS) return cached.figures;
    forgetStale(reads, now);
    const figures = this.repo.userDailyLoss(userId, mode, this.quote, day);
    const read = { at: now, figures };
    reads.set(key, read);
    // a failed read is not reused: the next buy asks again
    figures.catch(() => reads.get(key) === read && reads.delete(key));
    return figures;
  }

  /** Once per block: a new kind, or the same kind until another time, is said again. */
  private async report(block: EntryBlock): Promise<void> {
    const key = `${block.kind}:${block.until}`;
    if (this.lastReported === key) return;
    this.lastReported = key;
    await this.repo.event(this.claim, `risk.${block.kind}`, block.reason, {
      until: new Date(block.until).toISOString(),
    });
  }
}
