import type { ExchangeOrder } from '@platform/exchange';
import type { FillRecord, OrderRecord } from '@platform/persistence';
import type { EngineContext } from './engine-context';
import { forgetUserFigures } from './entry-gate';
import { fillsMissing, outcomeOf } from './order-outcome';
import { applyFills } from './position-math';

/**
 * Records the exchange's answer about an order (fenced: its status, each fill once as a trade,
 * the position they move) and tells the dashboard.
 */
export class OrderRecorder {
  constructor(private readonly ctx: EngineContext) {}

  async record(order: OrderRecord, answer: ExchangeOrder): Promise<void> {
    const { claim, bot, exchange, repo, book } = this.ctx;
    const symbol = bot.config.symbol;
    const fills = fillsMissing(answer)
      ? await exchange.client.fetchOrderFills(answer.id, symbol)
      : answer.fills;
    // the assets come from the symbol; the market's minimums (dust closes a round trip) from
    // the hub's cache, and a fill is recorded without them rather than not at all
    const [base, quote] = symbol.split(':')[0].split('/');
    const limits = await this.ctx.marketOf().catch(() => undefined);
    const {
      order: recorded,
      position,
      newFills,
    } = await repo.recordOutcome(
      claim,
      order.id,
      outcomeOf(answer, order, fills),
      (current, fresh) => applyFills(current, fresh, { base, quote, limits }),
    );
    if (newFills.length > 0) forgetUserFigures(repo, bot.config.userId);
    this.announce(recorded, newFills);
    book.recorded(recorded, position);
  }

  private announce(order: OrderRecord, fills: FillRecord[]): void {
    const { live, bot } = this.ctx;
    if (!live) return;
    const { userId, id: botId } = bot.config;
    const at = new Date().toISOString();
    live.publish(userId, {
      type: 'order',
      botId,
      orderId: order.id,
      clientOrderId: order.clientOrderId,
      side: order.side,
      orderType: order.type,
      status: order.status,
      amount: order.amount,
      filled: order.filled,
      averagePrice: order.averagePrice,
      at,
    });
    for (const fill of fills)
      live.publish(userId, {
        type: 'trade',
        botId,
        orderId: order.id,
        tradeId: fill.exchangeTradeId,
        side: fill.side,
        price: fill.price,
        amount: fill.amount,
        fee: fill.fee,
        feeCurrency: fill.feeCurrency,
        at,
      });
  }
}
