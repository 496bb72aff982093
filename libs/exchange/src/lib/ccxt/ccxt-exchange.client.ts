import ccxt, {
  type Exchange,
  type Market,
  type Order,
  type Ticker as CcxtTicker,
  type Trade,
} from 'ccxt';
import type { ExchangeCredentials } from '../crypto/credentials';
import type {
  Balances,
  Candle,
  ExchangeClient,
  ExchangeOrder,
  Fill,
  KeyPermissions,
  MarketInfo,
  OrderCount,
  OrderRef,
  PlaceOrderRequest,
  Ticker,
} from '../client/exchange-client';
import type { ExchangeDescriptor } from '../descriptor/exchange-descriptor';
import { exchangeDescriptor } from '../descriptor/exchange-registry';
import { OrderNotSentError } from '../errors/exchange.errors';
import type { MarketStream } from '../client/market-stream';
import { mapCcxtError } from './ccxt-error.mapper';
import { CcxtMarketStream, streamsSupported } from './ccxt-market-stream';
import { rewriteApiOrigins } from './exchange-urls';

export interface CcxtClientOptions {
  exchangeId: string;
  /** Decrypted keys, held only in this object's memory; absent for public data. */
  credentials?: ExchangeCredentials;
  /** Another origin for every API URL (simulator, testnet). */
  baseUrl?: string;
  timeoutMs?: number;
}

type ExchangeConstructor = new (config: Record<string, unknown>) => Exchange;

/** The ExchangeClient over real ccxt; the only place in the code base that touches ccxt. */
export class CcxtExchangeClient implements ExchangeClient {
  readonly exchangeId: string;
  private readonly exchange: Exchange;
  private readonly descriptor: ExchangeDescriptor;
  private readonly baseUrl: string | undefined;
  private lastOrderCounts: OrderCount[] = [];

  constructor(options: CcxtClientOptions) {
    if (!ccxt.exchanges.includes(options.exchangeId))
      throw new Error(`unknown exchange "${options.exchangeId}"`);
    const ExchangeClass = (ccxt as unknown as Record<string, ExchangeConstructor>)[
      options.exchangeId
    ];
    this.exchangeId = options.exchangeId;
    this.baseUrl = options.baseUrl;
    this.descriptor = exchangeDescriptor(options.exchangeId);
    this.exchange = new ExchangeClass({
      apiKey: options.credentials?.apiKey,
      secret: options.credentials?.secret,
      password: options.credentials?.passphrase,
      enableRateLimit: true,
      timeout: options.timeoutMs ?? 10_000,
      options: {
        // Spot only, and no calls to wallet endpoints that need extra permissions.
        defaultType: 'spot',
        fetchMarkets: { types: ['spot'] },
        fetchCurrencies: false,
        fetchMargins: false,
        // Sync with the exchange clock: a skewed notebook clock otherwise gets -1021.
        adjustForTimeDifference: true,
        // we pass a symbol where the exchange needs one; without, ask all (Binance: weight 80)
        warnOnFetchOpenOrdersWithoutSymbol: false,
      },
    });
    if (options.baseUrl)
      this.exchange.urls['api'] = rewriteApiOrigins(this.exchange.urls['api'], options.baseUrl);
  }

  async loadMarkets(reload = false): Promise<Record<string, MarketInfo>> {
    // ccxt caches a failed loadMarkets; `reload` forces a real retry.
    const markets = await this.call(() => this.exchange.loadMarkets(reload));
    return Object.fromEntries(
      Object.values(markets)
        .filter((m): m is NonNullable<Market> => m !== undefined)
        .map((m) => [m.symbol, this.toMarket(m)]),
    );
  }

  /**
   * Takes the markets (and the clock offset) another client of the same exchange has loaded,
   * so a process with many accounts loads an exchange's markets once, not once per key.
   */
  adoptMarketsFrom(other: CcxtExchangeClient): void {
    if (other.exchangeId !== this.exchangeId || !other.exchange.markets) return;
    this.exchange.setMarkets(other.exchange.markets);
    this.exchange.options['timeDifference'] = other.exchange.options['timeDifference'];
  }

  get marketsLoaded(): boolean {
    return this.exchange.markets !== undefined;
  }

  /** Can this exchange's market data be streamed (ccxt pro, `has.ws`)? */
  get canStream(): boolean {
    return streamsSupported(this.exchangeId);
  }

  /**
   * A new connection set to the exchange's market streams, at the same origin as this client's
   * REST URLs, with the markets this client loaded (so it makes no REST call of its own).
   */
  openMarketStream(): MarketStream {
    if (!this.exchange.markets) throw new Error('load the markets before streaming them');
    return new CcxtMarketStream({
      exchangeId: this.exchangeId,
      baseUrl: this.baseUrl,
      markets: this.exchange.markets,
    });
  }

  async fetchTicker(symbol: string): Promise<Ticker> {
    return this.toTicker(await this.call(() => this.exchange.fetchTicker(symbol)));
  }

  async fetchTickers(symbols?: string[]): Promise<Record<string, Ticker>> {
    const tickers = await this.call(() => this.exchange.fetchTickers(symbols));
    return Object.fromEntries(Object.values(tickers).map((t) => [t.symbol, this.toTicker(t)]));
  }

  async fetchCandles(
    symbol: string,
    timeframe: string,
    limit: number,
    since?: number,
  ): Promise<Candle[]> {
    const rows = await this.call(() => this.exchange.fetchOHLCV(symbol, timeframe, since, limit));
    return rows.map((row) => [
      Number(row[0]),
      this.dec(row[1]),
      this.dec(row[2]),
      this.dec(row[3]),
      this.dec(row[4]),
      this.dec(row[5]),
    ]);
  }

  async fetchBalance(): Promise<Balances> {
    const balance = await this.call(() => this.exchange.fetchBalance());
    const free = balance.free as unknown as Record<string, number | undefined> | undefined;
    const used = balance.used as unknown as Record<string, number | undefined> | undefined;
    const result: Balances = {};
    for (const [asset, total] of Object.entries(balance.total ?? {})) {
      result[asset] = {
        free: this.dec(free?.[asset]),
        used: this.dec(used?.[asset]),
        total: this.dec(total),
      };
    }
    return result;
  }

  async fetchKeyPermissions(): Promise<KeyPermissions | null> {
    const probe = this.descriptor.keyPermissions;
    if (!probe) return null;
    const api = this.exchange as unknown as Record<string, () => Promise<Record<string, unknown>>>;
    await this.call(() => this.exchange.loadMarkets()); // also syncs the clock for the signature
    return probe.read(await this.call(() => api[probe.method].call(this.exchange)));
  }

  async createOrder(request: PlaceOrderRequest): Promise<ExchangeOrder> {
    // markets first: the stamp below must be taken right before the request leaves
    await this.call(() => this.exchange.loadMarkets());
    if (request.mayStillSend && !request.mayStillSend())
      throw new OrderNotSentError(
        `order ${request.clientOrderId} not sent: its sender no longer owns the bot`,
        this.exchangeId,
      );
    const order = await this.orderCall(() =>
      this.exchange.createOrder(
        request.symbol,
        request.type,
        request.side,
        Number(request.amount),
        request.price === undefined ? undefined : Number(request.price),
        {
          clientOrderId: request.clientOrderId,
          ...this.descriptor.orderParams,
          // stamped now, on the exchange's clock: refused if it arrives later than the window
          ...this.descriptor.sendWindow?.params(this.exchange.nonce()),
        },
      ),
    );
    return this.toOrder(order);
  }

  orderCounts(): OrderCount[] {
    return this.lastOrderCounts;
  }

  /** An order call: its answer's order-count headers are kept, whether it was accepted or not. */
  private async orderCall<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await this.call(fn);
    } finally {
      this.lastOrderCounts = this.readOrderCounts();
    }
  }

  private readOrderCounts(): OrderCount[] {
    const headers = (this.exchange.last_response_headers ?? {}) as Record<string, unknown>;
    const counts: OrderCount[] = [];
    for (const [name, value] of Object.entries(headers)) {
      const perMs = this.descriptor.orderCountHeaders[name.toLowerCase()];
      const used = Number(value);
      if (perMs !== undefined && Number.isFinite(used)) counts.push({ perMs, used });
    }
    return counts;
  }

  async fetchOrder(ref: OrderRef, symbol: string): Promise<ExchangeOrder> {
    const order = await this.call(() =>
      ref.id !== undefined
        ? this.exchange.fetchOrder(ref.id, symbol)
        : this.exchange.fetchOrder(
            '',
            symbol,
            this.descriptor.clientOrderIdLookup(ref.clientOrderId),
          ),
    );
    return this.toOrder(order);
  }

  async cancelOrder(id: string, symbol: string): Promise<ExchangeOrder> {
    return this.toOrder(await this.call(() => this.exchange.cancelOrder(id, symbol)));
  }

  async fetchOrderFills(id: string, symbol: string): Promise<Fill[]> {
    const trades = await this.call(() => this.exchange.fetchOrderTrades(id, symbol));
    return trades.map((t) => this.toFill(t));
  }

  async fetchOrdersSince(symbol: string, since: number): Promise<ExchangeOrder[]> {
    const orders = await this.call(() => this.exchange.fetchOrders(symbol, since));
    return orders.map((o) => this.toOrder(o));
  }

  async fetchOpenOrders(symbol?: string): Promise<ExchangeOrder[]> {
    const orders = await this.call(() => this.exchange.fetchOpenOrders(symbol));
    return orders.map((o) => this.toOrder(o));
  }

  /** Every vendor call goes through here: its errors leave as ours. */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      const retryAfter = Number(
        this.exchange.last_response_headers?.['Retry-After'] ??
          this.exchange.last_response_headers?.['retry-after'],
      );
      throw mapCcxtError(error, {
        exchangeId: this.exchangeId,
        retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : undefined,
      });
    }
  }

  /** ccxt hands out numbers; we keep decimals as text, without exponent notation. */
  private dec(value: number | string | undefined | null): string {
    if (value === undefined || value === null) return '0';
    return this.exchange.numberToString(value) ?? '0';
  }

  private decOrNull(value: number | string | undefined | null): string | null {
    return value === undefined || value === null ? null : this.dec(value);
  }

  private toMarket(m: NonNullable<Market>): MarketInfo {
    return {
      symbol: m.symbol,
      base: m.base,
      quote: m.quote,
      active: m.active !== false,
      amountStep: this.decOrNull(m.precision?.amount),
      priceStep: this.decOrNull(m.precision?.price),
      minAmount: this.decOrNull(m.limits?.amount?.min),
      minNotional: this.decOrNull(m.limits?.cost?.min),
      takerFee: this.dec(m.taker ?? 0),
      makerFee: this.dec(m.maker ?? 0),
    };
  }

  private toTicker(t: CcxtTicker): Ticker {
    return {
      symbol: t.symbol ?? '',
      last: this.dec(t.last ?? t.close),
      bid: this.decOrNull(t.bid),
      ask: this.decOrNull(t.ask),
      bidQty: this.decOrNull(t.bidVolume),
      askQty: this.decOrNull(t.askVolume),
      timestamp: t.timestamp ?? Date.now(),
    };
  }

  private toFill(t: Trade): Fill {
    return {
      id: String(t.id ?? ''),
      price: this.dec(t.price),
      amount: this.dec(t.amount),
      fee: this.dec(t.fee?.cost ?? 0),
      feeCurrency: t.fee?.currency ?? null,
      timestamp: t.timestamp ?? 0,
    };
  }

  private toOrder(o: Order): ExchangeOrder {
    const status =
      (['open', 'closed', 'canceled', 'expired', 'rejected'] as const).find(
        (s) => s === o.status,
      ) ?? 'open';
    return {
      id: String(o.id),
      clientOrderId: o.clientOrderId ?? null,
      symbol: o.symbol ?? '',
      side: o.side === 'sell' ? 'sell' : 'buy',
      type: o.type === 'limit' ? 'limit' : 'market',
      status,
      amount: this.dec(o.amount),
      filled: this.dec(o.filled ?? 0),
      price: this.decOrNull(o.price),
      average: this.decOrNull(o.average),
      fills: (o.trades ?? []).map((t) => this.toFill(t)),
      timestamp: o.timestamp ?? 0,
    };
  }
}
