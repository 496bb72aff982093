import { messageOf } from '@platform/contracts';
import {
  AuthenticationError,
  BannedError,
  type ExchangeOrder,
  InsufficientFundsError,
  InvalidOrderError,
  OrderNotSentError,
  RateLimitedError,
} from '@platform/exchange';
import { type NewIntent, type OrderRecord, StaleFenceTokenError } from '@platform/persistence';
import { haltBot } from './bot-halt';
import type { EngineContext } from './engine-context';
import type { OrderRecorder } from './order-recorder';

export interface OrderSenderOptions {
  /** Whether this owner may still send orders (its lease is valid, with margin). */
  mayStillSend: () => boolean;
  /** Test harness: the process kills itself (SIGKILL) at this point of its first order. */
  crashAt?: 'after-intent' | 'after-send' | '';
  /** The time, ms since the epoch (Date.now unless a backtest's). */
  clock?: () => number;
}

/** How a placement ended for its caller: `invalid` is the exchange's reason for refusing it. */
export interface Placed {
  invalid: string | null;
}
const PLACED: Placed = { invalid: null };

/**
 * Rule 4 (intent before order): an order is written as an intent with the bot's next
 * deterministic client order id, then sent with that id, then recorded with the answer. A send
 * that fails is classified: known not placed, the bot stopped, a pause, or an outcome unknown
 * (then looked up by its client order id before anything else).
 */
export class OrderSender {
  constructor(
    private readonly ctx: EngineContext,
    private readonly recorder: OrderRecorder,
    private readonly options: OrderSenderOptions,
  ) {}

  /**
   * Places one order, intent first. `forAction`: the user's manual action it carries out (the
   * intent is written only while that action is still pending).
   */
  async place(
    intent: NewIntent,
    strategyState: unknown,
    snapshotAt: number,
    forAction?: string,
  ): Promise<Placed> {
    const { claim, bot, repo, book, exchange, stats } = this.ctx;
    const order = await repo.writeIntent(
      claim,
      bot.config,
      intent,
      strategyState,
      { snapshotAt },
      forAction,
    );
    book.addPending(order);
    this.crashIf('after-intent');
    let answer: ExchangeOrder;
    try {
      answer = await exchange.client.createOrder({
        symbol: bot.config.symbol,
        side: intent.side,
        type: intent.type,
        amount: intent.amount,
        price: intent.price ?? undefined,
        clientOrderId: order.clientOrderId,
        mayStillSend: this.options.mayStillSend,
      });
    } catch (error) {
      return this.onSendFailed(order, error);
    }
    stats?.ordered(exchange.client.exchangeId, answer.status);
    this.crashIf('after-send');
    await this.recorder.record(order, answer);
    return PLACED;
  }

  /** The failover tests kill the worker between the steps of rule 4 (docs/architecture.md: intent before order). */
  private crashIf(point: 'after-intent' | 'after-send'): void {
    if (this.options.crashAt === point) process.kill(process.pid, 'SIGKILL');
  }

  private async onSendFailed(order: OrderRecord, error: unknown): Promise<Placed> {
    if (error instanceof StaleFenceTokenError) throw error;
    const { claim, bot, repo, book, live, stats, exchange } = this.ctx;
    const reason = messageOf(error);
    const notPlaced = async () => {
      stats?.ordered(exchange.client.exchangeId, 'rejected');
      await repo.markOrder(claim, order.id, 'rejected', reason);
      book.forgetPending(order.id);
      return PLACED;
    };
    if (error instanceof AuthenticationError || error instanceof InsufficientFundsError) {
      await notPlaced();
      await haltBot(repo, live, claim, bot.config.userId, error.kind, reason);
    }
    if (error instanceof InvalidOrderError) {
      await notPlaced();
      return { invalid: reason };
    }
    if (error instanceof OrderNotSentError) return notPlaced();
    if (error instanceof RateLimitedError) {
      book.backoffUntil = (this.options.clock ?? Date.now)() + error.retryAfterMs;
      return notPlaced();
    }
    if (error instanceof BannedError) {
      book.backoffUntil = error.until.getTime();
      return notPlaced();
    }
    // timeout, 5xx, dropped connection, anything unexpected: it may have been executed
    stats?.ordered(exchange.client.exchangeId, 'unknown');
    book.doubt(order.id);
    await repo.markOrder(claim, order.id, 'unknown', reason);
    return PLACED;
  }
}
