import type {
  Balances,
  Candle,
  DecimalString,
  ExchangeClient,
  ExchangeOrder,
  Fill,
  KeyPermissions,
  MarketInfo,
  OrderRef,
  PlaceOrderRequest,
  Ticker,
} from '../client/exchange-client';
import {
  InvalidOrderError,
  OrderNotFoundError,
  OrderNotSentError,
} from '../errors/exchange.errors';
import type { PaperLedger, PaperOrder } from './paper-ledger';
import { type PaperFillSettings, planCancel, planLimitFill, planPlacement } from './paper-matching';

/** Where a paper account reads the real market: markets, tickers, candles (never orders). */
export type PaperMarketSource = Pick<
  ExchangeClient,
  'loadMarkets' | 'fetchTicker' | 'fetchTickers' | 'fetchCandles'
>;

export interface PaperExchangeOptions extends PaperFillSettings {
  exchangeId: string;
  /** One paper account per bot. */
  accountId: string;
  ledger: PaperLedger;
  market: PaperMarketSource;
  /** Balances the account starts with, e.g. { USDT: '10000' }. */
  initialBalances: Record<string, DecimalString>;
}

/**
 * A paper order's fills as an exchange lists them: the first is named by the order's id (as
 * the one fill of an order recorded before fills were kept, so its trade is never doubled),
 * each further one by the order's id and its number.
 */
function fillsOf(order: PaperOrder): Fill[] {
  if (order.fills.length === 0)
    return order.average === null || order.filledAt === null
      ? []
      : [
          {
            id: order.id,
            price: order.average,
            amount: order.filled,
            fee: order.fee,
            feeCurrency: order.feeCurrency,
            timestamp: order.filledAt,
          },
        ];
  return order.fills.map((fill, i) => ({
    id: i === 0 ? order.id : `${order.id}-${i + 1}`,
    price: fill.price,
    amount: fill.amount,
    fee: fill.fee,
    feeCurrency: fill.feeCurrency,
    timestamp: fill.at,
  }));
}

const toExchangeOrder = (order: PaperOrder): ExchangeOrder => ({
  id: order.id,
  clientOrderId: order.clientOrderId,
  symbol: order.symbol,
  side: order.side,
  type: order.type,
  status: order.status,
  amount: order.amount,
  filled: order.filled,
  price: order.price,
  average: order.average,
  fills: fillsOf(order),
  timestamp: order.createdAt,
});

/**
 * Paper trading on real market data: orders fill against the current ticker with the market's
 * fee and a configurable slippage, under the market's precision and minimums, and balances are
 * kept per bot by a durable ledger. It behaves like an exchange (client order ids, lookups,
 * open orders), so the engine treats paper and live alike.
 */
export class PaperExchangeClient implements ExchangeClient {
  readonly exchangeId: string;
  private opened?: Promise<void>;

  constructor(private readonly options: PaperExchangeOptions) {
    this.exchangeId = options.exchangeId;
  }

  loadMarkets(reload?: boolean): Promise<Record<string, MarketInfo>> {
    return this.options.market.loadMarkets(reload);
  }

  fetchTicker(symbol: string): Promise<Ticker> {
    return this.options.market.fetchTicker(symbol);
  }

  fetchTickers(symbols?: string[]): Promise<Record<string, Ticker>> {
    return this.options.market.fetchTickers(symbols);
  }

  fetchCandles(
    symbol: string,
    timeframe: string,
    limit: number,
    since?: number,
  ): Promise<Candle[]> {
    return this.options.market.fetchCandles(symbol, timeframe, limit, since);
  }

  /** A paper account has no keys. */
  async fetchKeyPermissions(): Promise<KeyPermissions | null> {
    return null;
  }

  async fetchBalance(): Promise<Balances> {
    await this.ensureAccount();
    return this.options.ledger.balances(this.options.accountId);
  }

  async createOrder(request: PlaceOrderRequest): Promise<ExchangeOrder> {
    await this.ensureAccount();
    const market = await this.marketOf(request.symbol);
    const ticker = await this.options.market.fetchTicker(request.symbol);
    if (request.mayStillSend && !request.mayStillSend())
      throw new OrderNotSentError(
        `paper order ${request.clientOrderId} not sent: its sender no longer owns the bot`,
        this.exchangeId,
      );
    const { order } = await this.options.ledger.place(
      this.options.accountId,
      request.clientOrderId,
      (balances) => planPlacement(request, market, ticker, balances, this.options, this.exchangeId),
    );
    return toExchangeOrder(order);
  }

  async fetchOrder(ref: OrderRef, symbol: string): Promise<ExchangeOrder> {
    const order = await this.options.ledger.find(this.options.accountId, ref);
    if (!order || order.symbol !== symbol)
      throw new OrderNotFoundError(
        `paper order ${ref.id ?? ref.clientOrderId} not found`,
        this.exchangeId,
      );
    return toExchangeOrder(await this.match(order));
  }

  async cancelOrder(id: string, symbol: string): Promise<ExchangeOrder> {
    const found = await this.options.ledger.find(this.options.accountId, { id });
    // an order the market already reached is filled, not cancelled (as on an exchange)
    const order = found && found.symbol === symbol ? await this.match(found) : null;
    if (!order || order.status !== 'open')
      throw new OrderNotFoundError(`paper order ${id} is not open`, this.exchangeId);
    const market = await this.marketOf(symbol);
    const after = await this.options.ledger.settle(this.options.accountId, id, (current) =>
      planCancel(current, market),
    );
    if (!after || after.status !== 'canceled')
      throw new OrderNotFoundError(`paper order ${id} is not open`, this.exchangeId);
    return toExchangeOrder(after);
  }

  async fetchOrderFills(id: string, symbol: string): Promise<Fill[]> {
    return (await this.fetchOrder({ id }, symbol)).fills;
  }

  async fetchOrdersSince(symbol: string, since: number): Promise<ExchangeOrder[]> {
    const orders = await this.options.ledger.ordersSince(this.options.accountId, symbol, since);
    return orders.map(toExchangeOrder);
  }

  async fetchOpenOrders(symbol?: string): Promise<ExchangeOrder[]> {
    const open = await this.options.ledger.openOrders(this.options.accountId, symbol);
    const now = await Promise.all(open.map((order) => this.match(order)));
    return now.filter((order) => order.status === 'open').map(toExchangeOrder);
  }

  /** Resting limit orders are matched when looked at: a slice if the last price reached them. */
  private async match(order: PaperOrder): Promise<PaperOrder> {
    if (order.status !== 'open') return order;
    const market = await this.marketOf(order.symbol);
    const ticker = await this.options.market.fetchTicker(order.symbol);
    const after = await this.options.ledger.settle(this.options.accountId, order.id, (current) =>
      planLimitFill(current, market, ticker),
    );
    return after ?? order;
  }

  private async marketOf(symbol: string): Promise<MarketInfo> {
    const market = (await this.options.market.loadMarkets())[symbol];
    if (!market) throw new InvalidOrderError(`paper: unknown market ${symbol}`, this.exchangeId);
    return market;
  }

  private ensureAccount(): Promise<void> {
    this.opened ??= this.options.ledger
      .open(this.options.accountId, this.options.initialBalances)
      .catch((error: unknown) => {
        this.opened = undefined;
        throw error;
      });
    return this.opened;
  }
}
