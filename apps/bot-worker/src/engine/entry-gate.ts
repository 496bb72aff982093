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

/**
 * Keeps a bot from opening positions while a risk limit says so (docs/risk.md): the cooldown
 * after a losing round trip and the bot's daily loss limit (from its own position row), and
 * its user's daily loss limit over all their bots of the same mode and quote (read from
 * Postgres only when the strategy wants to buy, and then at most every USER_LIMIT_CACHE_MS).
 * Sells go through; resting buy orders are cancelled. Each block is said once as an event.
 */
export class EntryGate {
  private user: { at: number; day: string; figures: UserDailyLoss } | null = null;
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

  private async userFigures(now: number): Promise<UserDailyLoss> {
    const day = utcDay(now);
    const cached = this.user;
    if (cached && cached.day === day && now - cached.at < USER_LIMIT_CACHE_MS)
      return cached.figures;
    const { userId, mode } = this.config;
    const figures = await this.repo.userDailyLoss(userId, mode, this.quote, day);
    this.user = { at: now, day, figures };
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
