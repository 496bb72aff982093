import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  type BacktestDetail,
  type BacktestList,
  type BacktestListQuery,
  type BacktestView,
  type BotView,
  type CreateBacktestBody,
  type CreateBotFromBacktestBody,
  type CreateSweepBody,
  encodeTimeCursor,
  type FieldError,
  gridCombinations,
  PAGE_DEFAULT,
  type SweepView,
  withCombination,
} from '@platform/api-schemas';
import { BacktestQueue } from '@platform/backtest-queue';
import {
  type BacktestDefinition,
  backtestProgressEvent,
  messageOf,
  timeframeMs,
} from '@platform/contracts';
import {
  BacktestsStore,
  type BacktestSweepRow,
  type NewBacktest,
  SQL,
  type Sql,
  type Subscription,
  SubscriptionsStore,
} from '@platform/persistence';
import { DEFAULT_PAPER_QUOTE_BALANCE, getStrategy, validateBotParams } from '@platform/strategies';
import { LivePublisher } from '@platform/service-kit';
import { backtestLimitReached, backtestLimits } from '../auth/subscription-plans';
import { accountDisabled } from '../auth/account-disabled';
import { BotsService } from '../bots/bots.service';
import { page } from '../bots/page';
import { ApiError } from '../http/api-error';
import { MarketDataClient } from '../peers/market-data.client';
import { toBacktestView } from './backtest-view';

const DAY_MS = 86_400_000;
/** Candles the market check asks for at most: one exchange page. */
const CHECK_CANDLES = 1000;

export const backtestNotFound = () => ApiError.notFound('backtest');
export const sweepNotFound = () => ApiError.notFound('sweep');
const invalid = (field: string, message: string) => ApiError.validation([{ field, message }]);

type DefinitionBody = Omit<CreateBacktestBody, 'params'> & { params: Record<string, unknown> };

/**
 * Backtests and parameter sweeps (issue 13): checked here (strategy params, range, plan
 * limits, the market and its history), stored queued in Postgres (the truth), then queued as
 * BullMQ jobs for the bot-workers that serve them. A queue add that fails after the commit loses
 * nothing: the workers queue again what Postgres holds as queued for more than 30 s.
 */
@Injectable()
export class BacktestsService {
  private readonly log = new Logger('backtests');

  constructor(
    @Inject(SQL) private readonly sql: Sql,
    private readonly store: BacktestsStore,
    private readonly subscriptions: SubscriptionsStore,
    private readonly queue: BacktestQueue,
    private readonly marketData: MarketDataClient,
    private readonly bots: BotsService,
    private readonly live: LivePublisher,
  ) {}

  async create(userId: string, body: CreateBacktestBody): Promise<BacktestView> {
    const definition = this.definitionOf(body);
    this.checkRange(definition, await this.subscriptions.find(userId));
    await this.checkMarket(definition);
    const id = randomUUID();
    await this.sql.transaction(async (tx) => {
      const subscription = await this.subscriptions.lock(tx, userId);
      const limits = this.checkRange(definition, subscription);
      if ((await this.store.countUnfinished(tx, userId, 'single')) >= limits.maxConcurrentBacktests)
        throw backtestLimitReached(subscription, 'maxConcurrentBacktests');
      await this.store.insert(tx, [{ id, userId, sweepId: null, definition }]);
    });
    await this.enqueue([id]);
    return this.view(userId, id);
  }

  async createSweep(userId: string, body: CreateSweepBody): Promise<SweepView> {
    const { grid, rankBy, ...rest } = body;
    const base = this.definitionOf(rest);
    const combinations = gridCombinations(grid);
    const subscription = await this.subscriptions.find(userId);
    const limits = this.checkRange(base, subscription);
    if (combinations.length > limits.maxSweepCombinations)
      throw invalid(
        'grid',
        `makes ${combinations.length} combinations; your ${subscription?.plan} plan allows ${limits.maxSweepCombinations} per sweep`,
      );
    // every combination's params pass the strategy's rules before anything is stored
    const definitions = combinations.map((combination) =>
      this.combinationDefinition(base, body, combination),
    );
    await this.checkMarket(base);
    const sweepId = randomUUID();
    const backtests: NewBacktest[] = definitions.map((definition) => ({
      id: randomUUID(),
      userId,
      sweepId,
      definition,
    }));
    await this.sql.transaction(async (tx) => {
      const locked = await this.subscriptions.lock(tx, userId);
      const lockedLimits = this.checkRange(base, locked);
      if (
        (await this.store.countUnfinished(tx, userId, 'sweep')) >= lockedLimits.maxConcurrentSweeps
      )
        throw backtestLimitReached(locked, 'maxConcurrentSweeps');
      await this.store.insertSweep(tx, {
        id: sweepId,
        userId,
        definition: base,
        grid,
        rankBy,
        combinations: combinations.length,
      });
      await this.store.insert(tx, backtests);
    });
    // the longest warm-up first: a worker's first job loads the widest range of candles, which
    // then holds every later combination's
    const needs = (b: NewBacktest) =>
      getStrategy(b.definition.strategy)?.candlesNeeded(b.definition.params as never) ?? 0;
    await this.enqueue([...backtests].sort((a, b) => needs(b) - needs(a)).map((b) => b.id));
    return this.sweep(userId, sweepId);
  }

  async list(userId: string, query: BacktestListQuery): Promise<BacktestList> {
    const limit = query.limit ?? PAGE_DEFAULT;
    const rows = await this.store.list(userId, limit, query.cursor, {
      status: query.status,
      sweepId: query.sweepId,
    });
    return page(rows, limit, toBacktestView, (row) =>
      encodeTimeCursor({ at: row.sort_key, id: row.id }),
    );
  }

  async get(userId: string, id: string): Promise<BacktestDetail> {
    const row = await this.store.findOwned(userId, id);
    if (!row) throw backtestNotFound();
    const result = row.status === 'succeeded' ? await this.store.result(id) : null;
    return {
      ...toBacktestView(row),
      result: result as unknown as Record<string, unknown> | null,
    };
  }

  async cancel(userId: string, id: string): Promise<BacktestView> {
    const outcome = await this.store.cancel(userId, id);
    if (!outcome) throw backtestNotFound();
    if (!outcome.cancelled)
      throw ApiError.conflict(`the backtest has already ${outcome.row.status}: nothing to cancel`);
    await this.queue.remove([id]).catch(() => undefined);
    this.live.publish(
      userId,
      backtestProgressEvent(id, outcome.row.sweep_id, 'cancelled', outcome.row.progress),
    );
    return toBacktestView(outcome.row);
  }

  async remove(userId: string, id: string): Promise<void> {
    if (!(await this.store.remove(userId, id))) throw backtestNotFound();
    // a running job sees the row gone at its next progress write and stops
    await this.queue.remove([id]).catch(() => undefined);
  }

  /** A paper bot with this backtest's definition, through POST /bots' own checks and limits. */
  async createBot(userId: string, id: string, body: CreateBotFromBacktestBody): Promise<BotView> {
    const row = await this.store.findOwned(userId, id);
    if (!row) throw backtestNotFound();
    const { definition } = row;
    const risk = definition.params['risk'];
    const params = {
      ...definition.params,
      risk: {
        ...(typeof risk === 'object' && risk !== null ? risk : {}),
        paperQuoteBalance: definition.startingBalance,
      },
    };
    return this.bots.create(userId, {
      name: body.name,
      exchangeId: definition.exchangeId as never,
      symbol: definition.symbol,
      timeframe: definition.timeframe as never,
      strategy: definition.strategy as never,
      params,
      mode: 'paper',
      placementTag: body.placementTag ?? null,
      cancelOrdersOnStop: true,
      allowSharedAccount: false,
    });
  }

  async sweep(userId: string, sweepId: string): Promise<SweepView> {
    const sweep = await this.store.findSweep(userId, sweepId);
    if (!sweep) throw sweepNotFound();
    const [counts, rows] = await Promise.all([
      this.store.sweepCounts(sweepId),
      this.store.ranked(sweepId, sweep.rank_by, sweep.combinations),
    ]);
    let rank = 0;
    return {
      id: sweep.id,
      definition: sweep.definition,
      grid: sweep.grid,
      rankBy: sweep.rank_by,
      combinations: sweep.combinations,
      counts,
      done: counts.queued + counts.running === 0,
      createdAt: sweep.created_at.toISOString(),
      ranking: rows.map((row) => ({
        ...toBacktestView(row),
        rank: ++rank,
        combination: combinationOf(sweep, row.definition.params),
      })),
    };
  }

  /** Cancels the sweep's queued and running backtests; the sweep as it is then. */
  async cancelSweep(userId: string, sweepId: string): Promise<SweepView> {
    if (!(await this.store.findSweep(userId, sweepId))) throw sweepNotFound();
    const ids = await this.store.cancelSweep(userId, sweepId);
    await this.queue.remove(ids).catch(() => undefined);
    for (const id of ids)
      this.live.publish(userId, backtestProgressEvent(id, sweepId, 'cancelled', 0));
    return this.sweep(userId, sweepId);
  }

  private async view(userId: string, id: string): Promise<BacktestView> {
    const row = await this.store.findOwned(userId, id);
    if (!row) throw backtestNotFound();
    return toBacktestView(row);
  }

  private async enqueue(ids: string[]): Promise<void> {
    try {
      await this.queue.add(ids);
    } catch (error) {
      // stored as queued: a bot-worker queues it again within a minute
      this.log.warn(`backtest jobs not queued now (${ids.length}): ${messageOf(error)}`);
    }
  }

  /** The stored definition: params as the strategy validated them, the starting balance. */
  private definitionOf(body: DefinitionBody): BacktestDefinition {
    const result = validateBotParams(body.strategy, body.params, 'paper');
    if (!result.ok) throw ApiError.validation(result.errors);
    const params = result.params as unknown as Record<string, unknown>;
    const risk = (params['risk'] ?? {}) as { paperQuoteBalance?: number };
    const startingBalance =
      body.startingBalance ?? risk.paperQuoteBalance ?? DEFAULT_PAPER_QUOTE_BALANCE;
    return {
      exchangeId: body.exchangeId,
      symbol: body.symbol,
      timeframe: body.timeframe,
      strategy: body.strategy,
      // the engine's paper account and a bot made from this backtest start alike
      params: { ...params, risk: { ...risk, paperQuoteBalance: startingBalance } },
      from: body.from,
      to: body.to,
      startingBalance,
      slippagePct: body.slippagePct,
    };
  }

  private combinationDefinition(
    base: BacktestDefinition,
    body: CreateSweepBody,
    combination: Record<string, unknown>,
  ): BacktestDefinition {
    const result = validateBotParams(
      body.strategy,
      withCombination(body.params, combination),
      'paper',
    );
    if (result.ok) {
      const params = result.params as unknown as Record<string, unknown>;
      const risk = (params['risk'] ?? {}) as Record<string, unknown>;
      return {
        ...base,
        params: { ...params, risk: { ...risk, paperQuoteBalance: base.startingBalance } },
      };
    }
    const errors: FieldError[] = result.errors.map(({ field, message }) => {
      const key = field.replace(/^params\./, '');
      return key in combination
        ? {
            field: `grid.${key}`,
            message: `${message} (in the combination ${JSON.stringify(combination)})`,
          }
        : { field, message };
    });
    throw ApiError.validation(errors);
  }

  /** The range against now and the plan; the plan's limits. */
  private checkRange(definition: BacktestDefinition, subscription: Subscription | null) {
    const limits = backtestLimits(subscription);
    if (!limits)
      throw subscription?.accountDisabled
        ? accountDisabled()
        : backtestLimitReached(null, 'maxConcurrentBacktests');
    const now = Date.now();
    if (definition.from >= now - 60_000)
      throw invalid('from', 'must be in the past: no closed candle opens after it yet');
    if (definition.to > now)
      throw invalid('to', 'must not be in the future: candles after now do not exist yet');
    const days = (definition.to - definition.from) / DAY_MS;
    if (days > limits.maxBacktestRangeDays)
      throw invalid(
        'to',
        `the range is ${Math.ceil(days)} days; your ${subscription?.plan} plan${subscription?.expired ? ' (expired: free limits apply)' : ''} allows ${limits.maxBacktestRangeDays} days per backtest`,
      );
    return limits;
  }

  /**
   * One cheap question to market-data before anything is stored: the daily candles of the range
   * (weekly beyond 1000 days), one exchange page at most. An unknown market
   * is a 400 at `symbol`; no candle at all in the range (before the market's history, say) a 400
   * at `from`. Gaps inside the range are the candle source's business.
   */
  private async checkMarket(definition: BacktestDefinition): Promise<void> {
    const { exchangeId, symbol, from, to } = definition;
    // daily candles (weekly beyond 1000 days): the fewest candles, one exchange page
    const timeframe = (to - from) / timeframeMs('1d') < CHECK_CANDLES - 1 ? '1d' : '1w';
    const since = Math.floor(from / timeframeMs(timeframe)) * timeframeMs(timeframe);
    let candles: unknown[];
    try {
      ({ candles } = await this.marketData.candleRange({
        exchangeId,
        symbol,
        timeframe,
        since,
        to,
      }));
    } catch (error) {
      if (error instanceof ApiError && error.code === 'not_found')
        throw invalid('symbol', `is not a market of ${exchangeId}`);
      throw error;
    }
    if (candles.length === 0)
      throw invalid(
        'from',
        `${symbol} on ${exchangeId} has no candles in this range (its history starts later): choose a later range`,
      );
  }
}

/** A sweep backtest's grid values, read back from its params. */
function combinationOf(
  sweep: BacktestSweepRow,
  params: Record<string, unknown>,
): Record<string, unknown> {
  const combination: Record<string, unknown> = {};
  for (const key of Object.keys(sweep.grid)) {
    const [outer, inner] = key.split('.');
    const value = params[outer];
    combination[key] =
      inner === undefined ? value : (value as Record<string, unknown> | undefined)?.[inner];
  }
  return combination;
}
