import { Injectable, Logger } from '@nestjs/common';
import {
  type BotStatusView,
  encodeIdCursor,
  encodeTimeCursor,
  type EventPageQuery,
  type OrderPageQuery,
  PAGE_DEFAULT,
  type TradePageQuery,
} from '@platform/api-schemas';
import { SnapshotStore } from '@platform/market-snapshots';
import {
  type BalanceRow,
  BotActivityStore,
  type BotRow,
  BotsStore,
  type EventRow,
  type OrderRow,
  type TradeRow,
} from '@platform/persistence';
import { MarketDataClient } from '../peers/market-data.client';
import { isoOrNull } from './bot-view';
import { botNotFound } from './bots.service';
import { page } from './page';
import { unrealizedProfit } from './unrealized-profit';

/** A price is a nicety on the status page: never wait long for it. */
const PRICE_TIMEOUT_MS = 1500;

const orderView = (row: OrderRow) => ({
  id: row.id,
  clientOrderId: row.client_order_id,
  exchangeOrderId: row.exchange_order_id,
  side: row.side,
  type: row.type,
  status: row.status,
  amount: row.amount,
  price: row.price,
  filled: row.filled,
  averagePrice: row.average_price,
  signal: row.signal,
  error: row.error,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const tradeView = (row: TradeRow) => ({
  id: row.id,
  orderId: row.order_id,
  exchangeTradeId: row.exchange_trade_id,
  side: row.side,
  price: row.price,
  amount: row.amount,
  fee: row.fee,
  feeCurrency: row.fee_currency,
  executedAt: row.executed_at.toISOString(),
});

const eventView = (row: EventRow) => ({
  id: row.id,
  type: row.type,
  message: row.message,
  data: row.data,
  createdAt: row.created_at.toISOString(),
});

const isoOf = (ms: number | undefined) =>
  ms === undefined ? undefined : new Date(ms).toISOString();

const balancesOf = (rows: BalanceRow[]) =>
  Object.fromEntries(rows.map(({ asset, free, used, total }) => [asset, { free, used, total }]));

/** What a bot is doing and did: status, orders, trades, events, balances. */
@Injectable()
export class BotActivityService {
  private readonly logger = new Logger('bots');

  constructor(
    private readonly bots: BotsStore,
    private readonly activity: BotActivityStore,
    private readonly snapshots: SnapshotStore,
    private readonly marketData: MarketDataClient,
  ) {}

  async status(userId: string, botId: string): Promise<BotStatusView> {
    const bot = await this.owned(userId, botId);
    const [position, balances, price] = await Promise.all([
      this.activity.position(botId),
      bot.mode === 'paper' ? this.activity.paperBalances(botId) : Promise.resolve(null),
      this.price(bot),
    ]);
    const base = position?.base_amount ?? '0';
    const entry = position?.average_entry ?? null;
    return {
      botId,
      desiredState: bot.desired_state,
      actualState: bot.actual_state,
      worker:
        bot.live && bot.worker_id && bot.claimed_at
          ? {
              id: bot.worker_id,
              host: bot.host,
              claimedAt: bot.claimed_at.toISOString(),
              lastTickAt: isoOrNull(bot.last_tick_at),
            }
          : null,
      position: {
        base,
        averageEntry: entry,
        realizedProfit: position?.realized_pnl ?? '0',
        feesQuote: position?.fees_quote ?? '0',
        tradesCount: position?.trades_count ?? 0,
      },
      price,
      unrealizedProfit: unrealizedProfit(base, entry, price?.last ?? null),
      paperBalances: balances && balancesOf(balances),
      lastError: bot.last_error,
      lastErrorAt: isoOrNull(bot.last_error_at),
    };
  }

  async orders(userId: string, botId: string, query: OrderPageQuery) {
    await this.owned(userId, botId);
    const { limit = PAGE_DEFAULT, cursor, status, side, type } = query;
    const rows = await this.activity.orders(botId, limit, cursor, { statuses: status, side, type });
    return page(rows, limit, orderView, (r) => encodeTimeCursor({ at: r.sort_key, id: r.id }));
  }

  async trades(userId: string, botId: string, query: TradePageQuery) {
    await this.owned(userId, botId);
    const { limit = PAGE_DEFAULT, cursor, side, from, to } = query;
    const rows = await this.activity.trades(botId, limit, cursor, {
      side,
      from: isoOf(from),
      to: isoOf(to),
    });
    return page(rows, limit, tradeView, (r) => encodeTimeCursor({ at: r.sort_key, id: r.id }));
  }

  async events(userId: string, botId: string, query: EventPageQuery) {
    await this.owned(userId, botId);
    const { limit = PAGE_DEFAULT, cursor, type } = query;
    const rows = await this.activity.events(botId, limit, cursor, type);
    return page(rows, limit, eventView, (r) => encodeIdCursor(r.id));
  }

  /** A paper bot's own ledger; a live bot's exchange account (through market-data, cached 30 s). */
  async balances(userId: string, botId: string) {
    const bot = await this.owned(userId, botId);
    if (bot.mode === 'paper' || !bot.exchange_account_id)
      return {
        botId,
        source: 'paper' as const,
        balances: balancesOf(await this.activity.paperBalances(botId)),
        fetchedAt: new Date().toISOString(),
      };
    const reply = await this.marketData.balance(bot.exchange_account_id);
    return {
      botId,
      source: 'exchange' as const,
      balances: reply.balances,
      fetchedAt: new Date(reply.fetchedAt).toISOString(),
    };
  }

  private async owned(userId: string, botId: string): Promise<BotRow> {
    const bot = await this.bots.findOwned(userId, botId);
    if (!bot) throw botNotFound();
    return bot;
  }

  /** The market's shared snapshot, else market-data's answer, else null: never an error. */
  private async price(bot: BotRow): Promise<BotStatusView['price']> {
    try {
      const snapshot = await this.snapshots.readTicker(bot.exchange_id, bot.symbol);
      if (snapshot)
        return {
          last: snapshot.ticker.last,
          fetchedAt: new Date(snapshot.fetchedAt).toISOString(),
        };
      const reply = await this.marketData.ticker(
        { exchangeId: bot.exchange_id, symbol: bot.symbol },
        PRICE_TIMEOUT_MS,
      );
      return { last: reply.last, fetchedAt: new Date(reply.fetchedAt).toISOString() };
    } catch (error) {
      this.logger.debug(
        `no price for ${bot.exchange_id} ${bot.symbol}: ${error instanceof Error ? error.message : error}`,
      );
      return null;
    }
  }
}
