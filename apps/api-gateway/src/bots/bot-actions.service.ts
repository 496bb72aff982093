import { Inject, Injectable } from '@nestjs/common';
import type { BotActionAccepted, BotActionView } from '@platform/api-schemas';
import {
  type BotActionKind,
  type BotActionRow,
  BotActionsStore,
  BotsStore,
  type BotWorkload,
  type LockedBot,
  SQL,
  type Sql,
} from '@platform/persistence';
import { ApiError } from '../http/api-error';
import { botNotFound } from './bots.service';
import { BotSignals } from './bot-signals';

export const toBotActionView = (row: BotActionRow): BotActionView => ({
  id: row.id,
  botId: row.bot_id,
  kind: row.kind,
  status: row.status,
  requestedAt: row.requested_iso,
  finishedAt: row.finished_iso,
  result: row.result,
  orderId: row.order_id,
});

const isFlat = (work: BotWorkload) => Number(work.positionBase) === 0;
const ordersText = (work: BotWorkload) => {
  const orders = work.openOrders + work.unsettledOrders;
  return `${orders} open order${orders === 1 ? '' : 's'}`;
};

/**
 * The users' manual actions (docs/architecture.md, "Manual actions"). Rule 1: the request is a
 * row in Postgres, written under the bot's row lock; the bot's owner (or, for a stopped bot,
 * whichever worker claims it for this) reads it on its reconcile pass, and the `bots.changed`
 * hint only makes that happen now. Asking again while the same action waits is that action.
 */
@Injectable()
export class BotActionsService {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    private readonly bots: BotsStore,
    private readonly actions: BotActionsStore,
    private readonly signals: BotSignals,
  ) {}

  async request(userId: string, botId: string, kind: BotActionKind): Promise<BotActionAccepted> {
    const { action, created, message } = await this.sql.transaction(async (tx) => {
      const bot = await this.bots.lockOwned(tx, userId, botId);
      if (!bot) throw botNotFound();
      if (bot.mode === 'live' && !bot.account_verified)
        throw new ApiError(
          'account_not_verified',
          'verify the exchange account first (POST /exchange-accounts/{id}/verify): its keys are what cancels and sells',
        );
      const work = await this.actions.workload(tx, botId);
      const nothingToCancel = work.openOrders + work.unsettledOrders === 0;
      if (kind === 'cancel_orders' && nothingToCancel)
        throw ApiError.conflict('the bot has no open orders to cancel');
      if (kind === 'liquidate' && nothingToCancel && isFlat(work))
        throw ApiError.conflict(
          'nothing to sell and no order to cancel: the bot holds none of its base currency and has no open orders',
        );
      const requested = await this.actions.request(tx, botId, kind);
      return { ...requested, message: this.whatWillHappen(bot, kind, work) };
    });
    if (created) this.signals.hint(botId, kind);
    return { action: toBotActionView(action), alreadyRequested: !created, message };
  }

  async get(userId: string, botId: string, actionId: string): Promise<BotActionView> {
    const row = await this.actions.findOwned(userId, botId, actionId);
    if (!row) throw ApiError.notFound('action');
    return toBotActionView(row);
  }

  private whatWillHappen(bot: LockedBot, kind: BotActionKind, work: BotWorkload): string {
    const who = bot.live
      ? `its worker ${bot.worker_id}${bot.host ? ` on ${bot.host}` : ''}`
      : 'the next bot-worker to reconcile (no worker holds the bot now: one claims it for this, then lets it go)';
    if (kind === 'cancel_orders')
      return `${who} cancels its ${ordersText(work)} at the exchange, usually within a second${
        bot.desired_state === 'running'
          ? '; the bot keeps running, so its strategy may place new orders (stop it to keep none)'
          : ''
      }`;
    const sell = isFlat(work)
      ? 'sells whatever those orders leave it holding'
      : `sells the ${work.positionBase} ${bot.symbol.split('/')[0]} it holds at the market`;
    return `${who} cancels its ${ordersText(work)}, ${sell}, then stops the bot`;
  }
}
