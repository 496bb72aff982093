import ccxt, { type Exchange, type OHLCV, type Ticker as CcxtTicker } from 'ccxt';
import type { Candle, Ticker } from '../client/exchange-client';
import type { CandleUpdate, MarketStream } from '../client/market-stream';
import { mapCcxtError } from './ccxt-error.mapper';
import { rewriteApiOrigins } from './exchange-urls';

type ExchangeConstructor = new (config: Record<string, unknown>) => Exchange;
const proClasses = (ccxt as unknown as { pro: Record<string, ExchangeConstructor> }).pro;

const supported = new Map<string, boolean>();

/** Does ccxt stream this exchange's tickers and candles (a pro class whose `has.ws` is true)? */
export function streamsSupported(exchangeId: string): boolean {
  let answer = supported.get(exchangeId);
  if (answer === undefined) {
    const ProClass = Object.hasOwn(proClasses, exchangeId) ? proClasses[exchangeId] : undefined;
    const has = typeof ProClass === 'function' ? new ProClass({}).has : {};
    answer = has['ws'] === true && has['watchTickers'] === true && has['watchOHLCV'] === true;
    supported.set(exchangeId, answer);
  }
  return answer;
}

export interface CcxtStreamOptions {
  exchangeId: string;
  /** Another origin for every URL (simulator, testnet): its WebSocket URLs too. */
  baseUrl?: string;
  /** The exchange's markets as ccxt loaded them (from the REST client, whose calls are budgeted). */
  markets: Record<string, unknown>;
}

/**
 * The MarketStream over ccxt pro (`watchTickers`, `watchOHLCVForSymbols`): full tickers (with
 * bid and ask: the `ticker` channel, not ccxt's default mini ticker) and the klines of every feed,
 * read from ccxt's caches so that several pushes between two calls all count.
 */
export class CcxtMarketStream implements MarketStream {
  readonly exchangeId: string;
  private readonly exchange: Exchange;
  private readonly seenTickers = new Map<string, unknown>();
  private readonly seenCandles = new Map<string, string>();
  private agentLoaded?: Promise<unknown>;

  constructor(private readonly options: CcxtStreamOptions) {
    const ProClass = proClasses[options.exchangeId];
    if (!ProClass) throw new Error(`ccxt does not stream "${options.exchangeId}"`);
    this.exchangeId = options.exchangeId;
    this.exchange = new ProClass({
      enableRateLimit: true,
      options: {
        defaultType: 'spot',
        fetchMarkets: { types: ['spot'] },
        fetchCurrencies: false,
        fetchMargins: false,
      },
    });
    if (options.baseUrl)
      this.exchange.urls['api'] = rewriteApiOrigins(this.exchange.urls['api'], options.baseUrl);
    this.exchange.setMarkets(options.markets as never);
  }

  async nextTickers(symbols: string[]): Promise<Ticker[]> {
    await this.ready();
    for (;;) {
      await this.call(() => this.exchange.watchTickers(symbols, { name: 'ticker' }));
      const fresh: Ticker[] = [];
      for (const symbol of symbols) {
        const ticker = this.exchange.tickers?.[symbol];
        if (!ticker || this.seenTickers.get(symbol) === ticker) continue;
        this.seenTickers.set(symbol, ticker);
        fresh.push(this.toTicker(ticker));
      }
      if (fresh.length > 0) return fresh;
    }
  }

  async nextCandles(feeds: { symbol: string; timeframe: string }[]): Promise<CandleUpdate[]> {
    await this.ready();
    const pairs = feeds.map((f) => [f.symbol, f.timeframe]);
    await this.call(() => this.exchange.watchOHLCVForSymbols(pairs));
    // ccxt updates a cached candle in place: compare values, not objects
    const updates: CandleUpdate[] = [];
    for (const { symbol, timeframe } of feeds) {
      const cached = this.exchange.ohlcvs?.[symbol]?.[timeframe] as OHLCV[] | undefined;
      if (!cached || cached.length === 0) continue;
      const candles = cached.slice(-2).map((c) => this.toCandle(c));
      const key = `${symbol}|${timeframe}`;
      const values = JSON.stringify(candles);
      if (this.seenCandles.get(key) === values) continue;
      this.seenCandles.set(key, values);
      updates.push({ symbol, timeframe, candles });
    }
    return updates;
  }

  async close(): Promise<void> {
    await this.exchange.close().catch(() => undefined);
  }

  /** ccxt wants an HTTP agent before it opens a non-TLS ws:// URL (a simulator). */
  private ready(): Promise<unknown> {
    const plain = this.options.baseUrl?.startsWith('http://') ?? false;
    this.agentLoaded ??= plain ? this.exchange.loadHttpProxyAgent() : Promise.resolve();
    return this.agentLoaded;
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw mapCcxtError(error, { exchangeId: this.exchangeId });
    }
  }

  private dec(value: number | string | undefined | null): string {
    if (value === undefined || value === null) return '0';
    return this.exchange.numberToString(value) ?? '0';
  }

  private toTicker(t: CcxtTicker): Ticker {
    return {
      symbol: t.symbol ?? '',
      last: this.dec(t.last ?? t.close),
      bid: t.bid === undefined || t.bid === null ? null : this.dec(t.bid),
      ask: t.ask === undefined || t.ask === null ? null : this.dec(t.ask),
      bidQty: t.bidVolume === undefined || t.bidVolume === null ? null : this.dec(t.bidVolume),
      askQty: t.askVolume === undefined || t.askVolume === null ? null : this.dec(t.askVolume),
      timestamp: t.timestamp ?? Date.now(),
    };
  }

  private toCandle(row: OHLCV): Candle {
    return [
      Number(row[0]),
      this.dec(row[1]),
      this.dec(row[2]),
      this.dec(row[3]),
      this.dec(row[4]),
      this.dec(row[5]),
    ];
  }
}
