import { Inject, Injectable } from '@nestjs/common';
import {
  type BotListQuery,
  type BotView,
  type CreateBotBody,
  encodeNameCursor,
  encodeTimeCursor,
  PAGE_DEFAULT,
  type UpdateBotBody,
} from '@platform/api-schemas';
import {
  BotActionsStore,
  type BotChanges,
  type BotListFilter,
  type BotListRow,
  type BotRow,
  BotsStore,
  type LockedBot,
  SQL,
  type Sql,
  SubscriptionsStore,
} from '@platform/persistence';
import { storedParamsFor, type TradingMode, validateBotParams } from '@platform/strategies';
import { effectiveLimits, planLimitReached } from '../auth/subscription-plans';
import { ApiError } from '../http/api-error';
import { BotListCache, type SerializedPage } from './bot-list-cache';
import { BotSignals } from './bot-signals';
import { toBotView } from './bot-view';
import { BotsVersions } from './bots-versions';
import { page } from './page';

// Neither changes what a running strategy does: the name is a label, and cancel_orders_on_stop
// is read by the worker only when the stop happens.
const CHANGEABLE_WHILE_RUNNING = new Set(['name', 'cancel_orders_on_stop']);

export const botNotFound = () => ApiError.notFound('bot');
const nameTaken = (name: string) => ApiError.conflict(`you already have a bot named "${name}"`);

/** The list query's filters, in one fixed order (they are also its cache key). */
const listFilter = (query: Omit<BotListQuery, 'limit' | 'order'>): BotListFilter => ({
  status: query.status,
  strategy: query.strategy,
  mode: query.mode,
  exchangeId: query.exchangeId,
  symbol: query.symbol,
  text: query.q,
});

const accountInUse = (other: { id: string; name: string }) =>
  new ApiError(
    'account_in_use',
    `your bot "${other.name}" (${other.id}) already runs on this exchange account and symbol: both would trade against the same balance. Stop it first, or set allowSharedAccount: true on this bot (PATCH /bots/{id}) to run both`,
  );

const accountError = (outcome: 'not_found' | 'other_exchange', exchangeId: string) =>
  ApiError.validation([
    {
      field: 'exchangeAccountId',
      message:
        outcome === 'not_found'
          ? 'is not one of your exchange accounts'
          : `is an account of another exchange than ${exchangeId}`,
    },
  ]);

/** JSON with object keys sorted (jsonb keeps its own key order), to compare params. */
const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );

/**
 * Users' bots: configuration, and the desired state that bot-workers reconcile towards
 * (docs/architecture.md rule 1: Postgres is the truth; the hint after each change only makes it fast). Every write
 * bumps the user's bots version after its commit and before anything else learns of it (the
 * answer, the live event), so no gateway lists the bots from before it (BotListCache).
 */
@Injectable()
export class BotsService {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    private readonly store: BotsStore,
    private readonly subscriptions: SubscriptionsStore,
    private readonly signals: BotSignals,
    private readonly versions: BotsVersions,
    private readonly listCache: BotListCache,
    private readonly actions: BotActionsStore,
  ) {}

  /** Counts the user's stored bots under a lock on their subscription: concurrent creates queue. */
  async create(userId: string, body: CreateBotBody): Promise<BotView> {
    const params = this.validParams(body.strategy, body.params, body.mode);
    const id = await this.sql.transaction(async (tx) => {
      const subscription = await this.subscriptions.lock(tx, userId);
      if ((await this.store.countStored(tx, userId)) >= effectiveLimits(subscription).maxBots)
        throw planLimitReached(subscription, 'maxBots');
      if (body.exchangeAccountId) {
        const owned = await this.store.ownsAccount(
          tx,
          userId,
          body.exchangeAccountId,
          body.exchangeId,
        );
        if (owned !== 'ok') throw accountError(owned, body.exchangeId);
      }
      const created = await this.store.insert(
        {
          userId,
          ...body,
          params,
          exchangeAccountId: body.exchangeAccountId ?? null,
          placementTag: body.placementTag ?? null,
          allowSharedAccount: body.allowSharedAccount,
        },
        tx,
      );
      if (!created) throw nameTaken(body.name);
      return created;
    });
    await this.versions.bump(userId);
    return this.get(userId, id);
  }

  /**
   * A page of the user's bots, serialized; from this process's cache when one was built for
   * the same query and bots version (`version`, read by the request gate) less than
   * BOTS_LIST_CACHE_MS ago.
   */
  list(userId: string, query: BotListQuery, version?: string): Promise<SerializedPage> {
    const { limit = PAGE_DEFAULT, order, ...rest } = query;
    const filter = listFilter(rest);
    // The whole query, decoded, in a fixed order: equal queries share a page.
    const key = JSON.stringify([limit, order, filter]);
    return this.listCache.get(userId, version, key, async () => {
      const rows = await this.store.list(userId, filter, order, limit);
      // A first page that holds every match is its own count.
      const total =
        order.after === undefined && rows.length <= limit
          ? rows.length
          : await this.store.count(userId, filter);
      const cursorOf =
        order.sort === 'name'
          ? (row: BotListRow) => encodeNameCursor({ name: row.name_key, id: row.id })
          : (row: BotListRow) => encodeTimeCursor({ at: row.sort_key, id: row.id });
      return { ...page(rows, limit, toBotView, cursorOf), total };
    });
  }

  async get(userId: string, id: string): Promise<BotView> {
    const row = await this.store.findOwned(userId, id);
    if (!row) throw botNotFound();
    return toBotView(row);
  }

  /**
   * Only the name may change while the bot runs (or a worker still holds it): anything else
   * would change a running strategy under its feet. Market, mode and account changes also
   * need a flat bot, since its position and orders belong to the old market or money.
   */
  async update(userId: string, id: string, body: UpdateBotBody): Promise<BotView> {
    const changed = await this.sql.transaction(async (tx) => {
      const bot = await this.store.lockOwned(tx, userId, id);
      if (!bot) throw botNotFound();
      const changes = this.changesOf(bot, body);
      const keys = Object.keys(changes);
      if (keys.length === 0) return false;
      if (
        keys.some((key) => !CHANGEABLE_WHILE_RUNNING.has(key)) &&
        (bot.desired_state === 'running' || bot.live)
      )
        throw ApiError.conflict(
          'stop the bot first: only its name and cancelOrdersOnStop can change while it runs (or is still stopping)',
        );
      const mode = changes.mode ?? bot.mode;
      const accountId =
        changes.exchange_account_id !== undefined
          ? changes.exchange_account_id
          : bot.exchange_account_id;
      if (mode === 'live' && !accountId)
        throw ApiError.validation([
          { field: 'exchangeAccountId', message: 'is required for live bots' },
        ]);
      if (changes.exchange_account_id) {
        const owned = await this.store.ownsAccount(
          tx,
          userId,
          changes.exchange_account_id,
          bot.exchange_id,
        );
        if (owned !== 'ok') throw accountError(owned, bot.exchange_id);
      }
      if (
        ['symbol', 'mode', 'exchange_account_id'].some((key) => keys.includes(key)) &&
        (await this.store.holdsPosition(tx, id))
      )
        throw ApiError.conflict(
          'the bot still holds a position or has orders on its market: close them before changing its symbol, mode or account',
        );
      if (!(await this.store.update(tx, id, changes))) throw nameTaken(changes.name ?? bot.name);
      if (changes.strategy) await this.store.forgetStrategyState(tx, id);
      return true;
    });
    if (changed) await this.versions.bump(userId);
    return this.get(userId, id);
  }

  async remove(userId: string, id: string): Promise<void> {
    const before = await this.store.softDelete(userId, id);
    if (!before) throw botNotFound();
    await this.versions.bump(userId);
    this.signals.changed(userId, id, 'deleted', before === 'running' ? 'stopping' : 'stopped');
  }

  /** Counts the user's running bots under a lock on their subscription: concurrent starts queue. */
  async start(userId: string, id: string): Promise<BotView> {
    const started = await this.sql.transaction(async (tx) => {
      const subscription = await this.subscriptions.lock(tx, userId);
      const bot = await this.store.lockOwned(tx, userId, id);
      if (!bot) throw botNotFound();
      if (bot.desired_state === 'running') return false;
      // the sell-all ends by stopping the bot: a start now would be undone by it
      if (await this.actions.isPending(tx, id, 'liquidate'))
        throw ApiError.conflict(
          'the bot is selling everything and then stops (POST /bots/{id}/liquidate): start it once that is done',
        );
      if (bot.mode === 'live' && !bot.account_verified)
        throw new ApiError(
          'account_not_verified',
          'verify the exchange account first (POST /exchange-accounts/{id}/verify): live bots need keys the exchange accepted',
        );
      const limit = effectiveLimits(subscription).maxRunningBots;
      if ((await this.store.countDesiredRunning(tx, userId)) >= limit)
        throw planLimitReached(subscription, 'maxRunningBots');
      await this.refuseSharedAccount(tx, bot);
      await this.store.forgetDrawdownHigh(tx, id);
      await this.store.setDesiredState(tx, id, 'running', 'bot.started');
      return true;
    });
    if (started) {
      await this.versions.bump(userId);
      this.signals.changed(userId, id, 'started', 'starting');
    }
    return this.get(userId, id);
  }

  /**
   * Two running live bots on one exchange account and symbol trade against each other's
   * balance: a start next to another is refused unless this bot allows it (allowSharedAccount).
   * Paper bots each have their own ledger. Race-safe: the caller holds the user's subscription
   * lock, and the account is the user's, so two starts on it are checked one after the other.
   */
  private async refuseSharedAccount(tx: Sql, bot: LockedBot): Promise<void> {
    if (bot.mode !== 'live' || !bot.exchange_account_id || bot.allow_shared_account) return;
    const other = await this.store.runningOnAccount(
      tx,
      bot.id,
      bot.exchange_account_id,
      bot.symbol,
    );
    if (other) throw accountInUse(other);
  }

  async stop(userId: string, id: string): Promise<BotView> {
    const stopped = await this.sql.transaction(async (tx) => {
      const bot = await this.store.lockOwned(tx, userId, id);
      if (!bot) throw botNotFound();
      if (bot.desired_state === 'stopped') return false;
      await this.store.setDesiredState(tx, id, 'stopped', 'bot.stopped');
      return true;
    });
    if (stopped) {
      await this.versions.bump(userId);
      this.signals.changed(userId, id, 'stopped', 'stopping');
    }
    return this.get(userId, id);
  }

  /** The columns the body really changes, params validated against the resulting strategy. */
  private changesOf(bot: LockedBot, body: UpdateBotBody): BotChanges {
    const changes: BotChanges = {};
    const differs = <K extends keyof BotRow>(column: K, value: BotRow[K] | undefined) =>
      value !== undefined && value !== bot[column];
    if (differs('name', body.name)) changes.name = body.name;
    if (differs('symbol', body.symbol)) changes.symbol = body.symbol;
    if (differs('timeframe', body.timeframe)) changes.timeframe = body.timeframe;
    if (differs('strategy', body.strategy)) changes.strategy = body.strategy;
    if (differs('mode', body.mode)) changes.mode = body.mode;
    if (differs('exchange_account_id', body.exchangeAccountId))
      changes.exchange_account_id = body.exchangeAccountId;
    if (differs('placement_tag', body.placementTag)) changes.placement_tag = body.placementTag;
    if (differs('cancel_orders_on_stop', body.cancelOrdersOnStop))
      changes.cancel_orders_on_stop = body.cancelOrdersOnStop;
    if (differs('allow_shared_account', body.allowSharedAccount))
      changes.allow_shared_account = body.allowSharedAccount;
    if (body.params !== undefined || changes.strategy || changes.mode) {
      // params kept from before follow a new mode (a live bot has no paper balance)
      const mode = body.mode ?? bot.mode;
      const kept = storedParamsFor(bot.params, mode);
      const params = this.validParams(changes.strategy ?? bot.strategy, body.params ?? kept, mode);
      if (canonicalJson(params) !== canonicalJson(bot.params)) changes.params = params;
    }
    return changes;
  }

  private validParams(
    strategy: string,
    params: unknown,
    mode: TradingMode,
  ): Record<string, unknown> {
    const result = validateBotParams(strategy, params, mode);
    if (!result.ok) throw ApiError.validation(result.errors);
    return result.params as unknown as Record<string, unknown>;
  }
}
