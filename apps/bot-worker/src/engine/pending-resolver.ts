import { AuthenticationError, type ExchangeOrder, OrderNotFoundError } from '@platform/exchange';
import { clientOrderIdFor, type OrderRecord } from '@platform/persistence';
import type { EngineContext } from './engine-context';
import type { OrderRecorder } from './order-recorder';

const RETRY_LOOKUP_MS = 1000;
/** The sweep reads from a minute before the intent: exchange and database clocks differ. */
const SWEEP_MARGIN_MS = 60_000;
const NEVER_SENT = 'never reached the exchange (not found by client order id)';

/**
 * Orders whose fate is not known (an intent a predecessor left, an answer that never came) are
 * looked up by client order id before the bot does anything else. Not found proves nothing
 * until the order can no longer arrive (the exchange's late window), or, on the paper exchange,
 * while the intent's row is locked. Once a live intent is judged never sent, the exchange's own
 * order list is read again a window later, and a late order with our id is adopted.
 */
export class PendingResolver {
  /** A sweep of the exchange's own order list is due at this monotonic time (null: none). */
  private sweepAt: number | null = null;
  private sweepSince = 0;

  constructor(
    private readonly ctx: EngineContext,
    private readonly recorder: OrderRecorder,
  ) {}

  /** Looks every pending order up; a failure to record what the exchange knows is thrown. */
  async resolve(now: number): Promise<void> {
    for (const order of [...this.ctx.book.pending]) {
      let answer: ExchangeOrder;
      try {
        answer = await this.lookup(order);
      } catch (error) {
        if (error instanceof OrderNotFoundError) await this.resolveMissing(order);
        else if (error instanceof AuthenticationError)
          throw error; // shown until keys are fixed
        else this.ctx.book.backoffUntil = now + RETRY_LOOKUP_MS; // busy or unreachable
        continue;
      }
      await this.recorder.record(order, answer);
    }
  }

  /** Whether the exchange's order list is due to be read again (`sweep`). */
  sweepDue(): boolean {
    return this.sweepAt !== null && performance.now() >= this.sweepAt;
  }

  private lookup(order: OrderRecord): Promise<ExchangeOrder> {
    const { exchange, bot } = this.ctx;
    return exchange.client.fetchOrder({ clientOrderId: order.clientOrderId }, bot.config.symbol);
  }

  private async resolveMissing(order: OrderRecord): Promise<void> {
    const { exchange, repo, claim, book } = this.ctx;
    let rejected = false;
    if (exchange.lookupUnderLock) {
      rejected = await repo.rejectIfMissing(claim, order.id, NEVER_SENT, async () => {
        try {
          await this.lookup(order);
          return false;
        } catch (error) {
          if (error instanceof OrderNotFoundError) return true;
          throw error;
        }
      });
    } else if (book.doubtedForMs(order.id) >= exchange.lateOrderWindowMs) {
      await repo.markOrder(claim, order.id, 'rejected', NEVER_SENT);
      rejected = true;
    }
    if (!rejected) return;
    book.forgetPending(order.id);
    if (!exchange.lookupUnderLock) this.scheduleSweep(order.createdAt.getTime());
  }

  private scheduleSweep(since: number): void {
    this.sweepSince = this.sweepAt === null ? since : Math.min(this.sweepSince, since);
    this.sweepAt = performance.now() + this.ctx.exchange.lateOrderWindowMs;
  }

  /**
   * Defence in depth for rule 4 (docs/architecture.md: intent before order): an order carrying one of this bot's client order ids that the
   * records call rejected did reach the exchange after all (a sender frozen between its last
   * check and the wire): it is adopted, recorded with its fills. Nothing is ever lost.
   */
  async sweep(): Promise<void> {
    const { bot, exchange, repo, claim } = this.ctx;
    const { id: botId, symbol } = bot.config;
    const prefix = clientOrderIdFor(botId, '');
    const since = this.sweepSince - SWEEP_MARGIN_MS;
    const theirs = (await exchange.client.fetchOrdersSince(symbol, since)).filter((o) =>
      o.clientOrderId?.startsWith(prefix),
    );
    const ours = await repo.ordersByClientId(
      botId,
      theirs.map((o) => o.clientOrderId as string),
    );
    for (const answer of theirs) {
      const record = ours.find((o) => o.clientOrderId === answer.clientOrderId);
      if (!record || record.status !== 'rejected') continue;
      await repo.event(
        claim,
        'order.adopted',
        `${record.clientOrderId} reached the exchange after it was judged never sent`,
        { orderId: record.id, exchangeOrderId: answer.id },
      );
      await this.recorder.record(record, answer);
    }
    this.sweepAt = null;
  }
}
