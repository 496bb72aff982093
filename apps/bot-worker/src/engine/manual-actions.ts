import { botStatusEvent, messageOf } from '@platform/contracts';
import {
  AuthenticationError,
  Dec,
  decText,
  floorToStep,
  type MarketInfo,
} from '@platform/exchange';
import {
  type ActionOutcome,
  ActionNotPendingError,
  LIQUIDATION_SIGNAL,
  type PendingAction,
} from '@platform/persistence';
import type { EngineContext } from './engine-context';
import type { MarketView } from './market-hub';
import type { OrderSender } from './order-sender';
import { belowMinimums } from './order-planner';
import type { PendingResolver } from './pending-resolver';
import type { RestingOrders } from './resting-orders';

export interface ManualActionsParts {
  pending: PendingResolver;
  resting: RestingOrders;
  sender: OrderSender;
  marketOf: () => Promise<MarketInfo>;
  /** The strategy's state, saved with the sell's intent as with every order. */
  strategyState: () => unknown;
  /** A ticker older than this is not sold on (the paper exchange fills at it). */
  staleAfterMs: number;
  /** Whether the user stopped the bot (its live status says stopping, not running). */
  isStopping: () => boolean;
  /** The bot was sold out and is stopped: the engine trades no more. */
  onLiquidated: () => void;
  workerId: string | null;
}

/**
 * The users' manual actions on this bot (`bot_actions`), oldest first, before anything else
 * the engine does. Each evaluation takes one step and every step can be repeated, so a new owner
 * simply continues: pending orders resolved first (rule 4: a sell its predecessor left as an
 * intent is looked up by its client order id, never sent again), open orders cancelled, then
 * for a liquidation the position sold through the same intent-before-order path as any order
 * (its intent written only while the action is still pending), until nothing is held. The
 * action is finished (fenced) when that is true, and a liquidation stops the bot with it.
 */
export class ManualActions {
  /** The supervisor saw a pending action this engine has not finished: read them at once. */
  private due = false;
  private readonly seen = new Set<string>();
  private cancelled = 0;
  private current: string | null = null;

  constructor(
    private readonly ctx: EngineContext,
    private readonly parts: ManualActionsParts,
  ) {}

  get isDue(): boolean {
    return this.due;
  }

  /** The supervisor's pass saw these pending actions; true when one is new to this engine. */
  request(actionIds: readonly string[]): boolean {
    let fresh = false;
    for (const id of actionIds)
      if (!this.seen.has(id)) {
        this.seen.add(id);
        fresh = true;
      }
    if (fresh) this.due = true;
    return fresh;
  }

  /**
   * One step of the oldest pending action, read from Postgres (the truth) each time; false
   * when none is pending (any more): the evaluation goes on as usual.
   */
  async step(view: MarketView | null, now: number): Promise<boolean> {
    const { repo, claim } = this.ctx;
    const [action] = await repo.actions.pending(claim.botId);
    if (!action) {
      this.due = false;
      return false;
    }
    await this.stepOf(action, view, now);
    return true;
  }

  private async stepOf(action: PendingAction, view: MarketView | null, now: number): Promise<void> {
    if (action.id !== this.current) {
      this.current = action.id;
      this.cancelled = 0;
    }
    try {
      if (!(await this.ordersSettled(now))) return;
      if (action.kind === 'cancel_orders')
        return this.finish(action, { status: 'done', result: this.cancelledText() });
      await this.sellAll(action, view, now);
    } catch (error) {
      if (error instanceof ActionNotPendingError) return; // finished meanwhile: read again
      // keys the exchange refuses will not heal by retrying: the action fails, saying so
      if (error instanceof AuthenticationError)
        return this.finish(action, {
          status: 'failed',
          result: `the exchange refused the bot's keys: ${messageOf(error)}`,
        });
      throw error; // anything else is retried with a growing pause, and shown
    }
  }

  /** Every pending order resolved and every open one cancelled; false while some are not. */
  private async ordersSettled(now: number): Promise<boolean> {
    const { book } = this.ctx;
    if (book.pending.length > 0) await this.parts.pending.resolve(now);
    if (book.pending.length > 0) return false;
    for (const order of [...book.open]) {
      await this.parts.resting.cancel(order, { throwExchangeErrors: true });
      if (!book.open.some((o) => o.id === order.id)) this.cancelled += 1;
    }
    return book.open.length === 0;
  }

  /**
   * Sells what the bot holds at the market, or finishes when nothing sellable is left. A sell
   * whose answer is lost stays pending and is resolved (`ordersSettled`) before any other.
   */
  private async sellAll(
    action: PendingAction,
    view: MarketView | null,
    now: number,
  ): Promise<void> {
    const { book, bot } = this.ctx;
    if (new Dec(book.position.base).lte(0)) return this.finishLiquidation(action, null);
    const market = await this.parts.marketOf();
    const amount = floorToStep(book.position.base, market.amountStep);
    // what a sell of the whole rounds away (a fee taken in the base leaves such a rest)
    if (amount.lte(0))
      return this.finishLiquidation(
        action,
        `less than the market's amount step ${market.amountStep}`,
      );
    // a current price first: the minimum notional is checked against it, paper fills at it
    if (!view || now - view.tickerAt > this.parts.staleAfterMs || now < book.backoffUntil) return;
    const dust = belowMinimums(amount, new Dec(view.ticker.bid ?? view.ticker.last), market);
    if (dust) return this.finishLiquidation(action, dust);
    const placed = await this.parts.sender.place(
      {
        side: 'sell',
        type: 'market',
        amount: decText(amount),
        price: null,
        signal: LIQUIDATION_SIGNAL,
      },
      this.parts.strategyState(),
      view.tickerAt,
      action.id,
    );
    if (placed.invalid)
      await this.finish(action, {
        status: 'failed',
        result: `the exchange refused to sell ${decText(amount)} ${bot.config.symbol.split('/')[0]}: ${placed.invalid}; the bot is stopped`,
      });
    // sold (or pending): the next step finds the position flat, or resolves the order first
  }

  private async finishLiquidation(action: PendingAction, dust: string | null): Promise<void> {
    const { repo, bot, book } = this.ctx;
    const base = bot.config.symbol.split('/')[0];
    const sold = new Dec(await repo.actions.soldFor(bot.config.id, action));
    const parts = [
      sold.gt(0) ? `sold ${decText(sold)} ${base}` : 'nothing to sell',
      ...(this.cancelled > 0 ? [this.cancelledText()] : []),
      ...(dust ? [`${decText(book.position.base)} ${base} left (${dust})`] : []),
    ];
    await this.finish(action, {
      status: 'done',
      result: `${parts.join(', ')}; the bot is stopped`,
    });
  }

  private cancelledText(): string {
    return `cancelled ${this.cancelled} open order${this.cancelled === 1 ? '' : 's'}`;
  }

  /** Fenced; a liquidation stops the bot in the same transaction. Then the next action, if any. */
  private async finish(action: PendingAction, outcome: ActionOutcome): Promise<void> {
    const { repo, claim, live, bot } = this.ctx;
    const finished = await repo.actions.finish(claim, action, outcome);
    if (!finished) return;
    if (action.kind === 'liquidate') this.parts.onLiquidated();
    const stopping = action.kind === 'liquidate' || this.parts.isStopping();
    live?.publish(
      bot.config.userId,
      botStatusEvent(claim.botId, stopping ? 'stopping' : 'running', {
        workerId: this.parts.workerId,
        reason: outcome.result,
      }),
    );
  }
}
