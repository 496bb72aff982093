import { ExchangeError, OrderNotFoundError } from '@platform/exchange';
import type { OrderRecord } from '@platform/persistence';
import type { EngineContext } from './engine-context';
import type { OrderRecorder } from './order-recorder';

/**
 * The bot's orders resting at the exchange: looked up for fills, cancelled. Exchange trouble is
 * left for the next evaluation (unless told to throw it); a failure to record what the
 * exchange said is always thrown, so the bot shows it.
 */
export class RestingOrders {
  constructor(
    private readonly ctx: EngineContext,
    private readonly recorder: OrderRecorder,
  ) {}

  async poll(): Promise<void> {
    const { book, exchange, bot } = this.ctx;
    for (const order of [...book.open]) {
      let answer;
      try {
        answer = order.exchangeOrderId
          ? await exchange.client.fetchOrder({ id: order.exchangeOrderId }, bot.config.symbol)
          : await exchange.client.fetchOrder(
              { clientOrderId: order.clientOrderId },
              bot.config.symbol,
            );
      } catch (error) {
        if (error instanceof ExchangeError) continue;
        throw error;
      }
      if (answer.status !== 'open' || answer.filled !== order.filled)
        await this.recorder.record(order, answer);
    }
  }

  /** Cancels the order, or records what it became (filled, gone) if it cannot be cancelled. */
  async cancel(order: OrderRecord, { throwExchangeErrors = false } = {}): Promise<void> {
    const { exchange, bot } = this.ctx;
    const id = order.exchangeOrderId;
    if (!id) return;
    let answer;
    try {
      answer = await exchange.client.cancelOrder(id, bot.config.symbol);
    } catch (error) {
      if (!(error instanceof ExchangeError)) throw error;
      if (!(error instanceof OrderNotFoundError)) {
        if (throwExchangeErrors) throw error;
        return;
      }
      // already filled or gone: record what the exchange says it is
      answer = await exchange.client.fetchOrder({ id }, bot.config.symbol);
    }
    await this.recorder.record(order, answer);
  }
}
