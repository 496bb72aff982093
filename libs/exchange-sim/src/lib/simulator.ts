import { type ApiCredentials, type ApiKeySpec, Accounts } from './accounts';
import { MarketClock } from './clock';
import { OrderBook } from './book';
import { Engine } from './engine';
import { type Fault, type FaultSpec, Faults } from './faults';
import { type Fixed, fixed, format, parseDecimal } from './fixed';
import { Market } from './market';
import { OrderCounter } from './order-counter';
import { type Json, queryOrderView, tradeView } from './order-views';
import {
  type ResolvedOptions,
  type SimulatorOptions,
  rateLimitOptions,
  resolveOptions,
} from './options';
import { type RateLimitOptions, RateLimiter } from './rate-limiter';
import { type RequestCounts, RequestLog, type RequestLogEntry } from './request-log';
import type { ExchangeState } from './routes';
import type { ClockChange, ClockState, RequestFilter, SimulatorControl } from './routes-admin';
import { privateRoutes } from './routes-private';
import { publicRoutes } from './routes-public';
import { SimServer } from './server';
import { type StreamState, StreamServer } from './streams/stream-server';
import { type SymbolConfig, generateSymbols, resolveSymbol } from './symbols';
import { recordIssuedKey } from './test-run-keys';

/**
 * A local Binance spot exchange: `await ExchangeSimulator.start({ port: 0, seed: 7 })`, point a
 * client at `sim.url`, `await sim.stop()`. Everything the admin HTTP API can do is a method
 * here as well.
 */
export class ExchangeSimulator implements SimulatorControl {
  readonly symbols: readonly SymbolConfig[];
  private readonly options: ResolvedOptions;
  private readonly clock: MarketClock;
  private readonly market: Market;
  private readonly accounts = new Accounts();
  private readonly engine: Engine;
  private readonly faultList: Faults;
  private readonly limiter: RateLimiter;
  private readonly orderCounter: OrderCounter;
  private readonly log: RequestLog;
  private readonly server: SimServer;
  private readonly streams: StreamServer;
  private readonly initialKeys: ApiKeySpec[] = [];
  private matchTimer: NodeJS.Timeout | undefined;
  private boundPort = 0;

  private constructor(options: SimulatorOptions) {
    const o = resolveOptions(options);
    this.options = o;
    const specs = [...o.symbols, ...generateSymbols(o.generatedSymbols, o.seed)];
    this.symbols = specs.map(resolveSymbol);
    const ids = new Set(this.symbols.map((s) => s.id));
    if (ids.size !== this.symbols.length) throw new Error('symbols must be unique');
    const now = Date.now();
    this.clock = new MarketClock(o.marketStartMs ?? now, o.clockSpeed);
    this.market = new Market(this.symbols, this.clock, {
      seed: o.seed,
      epochMs: o.epochMs ?? Math.floor(now / 60_000) * 60_000,
      stepMs: o.stepMs,
      extremeSamples: o.extremeSamples,
      levelQuoteValue: o.depth.levelQuoteValue,
    });
    const feeRate = fixed(o.feeRate);
    this.orderCounter = new OrderCounter(o.orderLimits, () => this.serverTime());
    this.engine = new Engine(this.market, this.accounts, feeRate, () => this.serverTime(), {
      book: new OrderBook(this.market, o.depth, o.fills),
      onFirstFill: (order) => this.orderCounter.credit(order.apiKey),
    });
    this.faultList = new Faults(o.seed);
    this.limiter = new RateLimiter(rateLimitOptions(o));
    this.log = new RequestLog(o.requestLogSize);
    for (const spec of o.apiKeys) this.initialKeys.push(this.createInitialKey(spec));
    const state: ExchangeState = {
      market: this.market,
      engine: this.engine,
      accounts: this.accounts,
      serverTime: () => this.serverTime(),
      weightLimit: () => this.limiter.options.weightLimit,
      assets: [...new Set(this.symbols.flatMap((s) => [s.base, s.quote]))].sort(),
      feeRate,
      orderCounter: this.orderCounter,
      emptyCancelAllFails: o.emptyCancelAllFails,
      strictParams: o.strictParams,
    };
    this.streams = new StreamServer(this.market, o.streams);
    this.server = new SimServer({
      routes: [...publicRoutes(state), ...privateRoutes(state)],
      accounts: this.accounts,
      faults: this.faultList,
      limiter: this.limiter,
      log: this.log,
      control: this,
      serverTime: () => this.serverTime(),
      beforeRequest: () => this.engine.match(),
      trustForwardedFor: o.trustForwardedFor,
      strictParams: o.strictParams,
      upgrade: (req, socket, head, ip) => this.streams.handleUpgrade(req, socket, head, ip),
    });
  }

  static async start(options: SimulatorOptions = {}): Promise<ExchangeSimulator> {
    const sim = new ExchangeSimulator(options);
    sim.boundPort = await sim.server.listen(sim.options.port, sim.options.host);
    if (sim.options.matchIntervalMs > 0) {
      sim.matchTimer = setInterval(() => sim.engine.match(), sim.options.matchIntervalMs);
      sim.matchTimer.unref();
    }
    return sim;
  }

  get port(): number {
    return this.boundPort;
  }

  /** Base URL: ccxt's API URLs become `${url}/api/v3`, `${url}/sapi/v1`, ... */
  get url(): string {
    return `http://${this.options.host}:${this.boundPort}`;
  }

  /** The market streams on the same port: `${wsUrl}/ws/btcusdt@ticker`, `${wsUrl}/stream?streams=`. */
  get wsUrl(): string {
    return `ws://${this.options.host}:${this.boundPort}`;
  }

  async stop(): Promise<void> {
    if (this.matchTimer) clearInterval(this.matchTimer);
    this.matchTimer = undefined;
    await this.streams.close();
    await this.server.close();
  }

  /** The server's clock (wall clock plus serverClockOffsetMs): serverTime and recvWindow. */
  serverTime(): number {
    return Date.now() + this.options.serverClockOffsetMs;
  }

  createApiKey(spec: ApiKeySpec = {}): ApiCredentials {
    const account = this.accounts.create(spec, this.assets());
    recordIssuedKey(account.apiKey, account.secret);
    return { apiKey: account.apiKey, secret: account.secret };
  }

  setBalances(apiKey: string, balances: Record<string, string>): void {
    const account = this.accounts.get(apiKey);
    if (!account) throw new Error(`no API key ${apiKey}`);
    for (const [asset, amount] of Object.entries(balances)) {
      account.setFree(asset.toUpperCase(), parseAmount(amount));
    }
  }

  /** Free and locked balances (decimal strings) and open orders of a key. */
  accountSnapshot(apiKey: string): {
    balances: Record<string, { free: string; locked: string }>;
    openOrders: Json[];
  } {
    const account = this.accounts.get(apiKey);
    if (!account) throw new Error(`no API key ${apiKey}`);
    const balances: Record<string, { free: string; locked: string }> = {};
    for (const [asset, b] of account.balances)
      balances[asset] = { free: format(b.free), locked: format(b.locked) };
    return { balances, openOrders: this.engine.store.openOrders(apiKey).map(queryOrderView) };
  }

  /** 'BTCUSDT' or 'BTC/USDT'. The price moves on from here along the (shifted) path. */
  setPrice(symbol: string, price: number): void {
    const id = this.symbolId(symbol);
    this.market.setPrice(id, price);
    this.engine.match();
    this.streams.priceChanged(id);
  }

  /** Last price of every symbol ('BTCUSDT' -> '60000.00000000'). */
  prices(): Record<string, string> {
    return Object.fromEntries(this.symbols.map((s) => [s.id, format(this.market.price(s.id))]));
  }

  price(symbol: string): string {
    return format(this.market.price(this.symbolId(symbol)));
  }

  setClock(change: ClockChange): ClockState {
    if (change.time !== undefined) this.clock.set(change.time);
    if (change.advanceMs !== undefined) this.clock.advance(change.advanceMs);
    if (change.speed !== undefined) this.clock.setSpeed(change.speed);
    this.engine.match();
    return this.clockState();
  }

  /** Move market time forward (prices follow their paths; resting orders fill on the way). */
  advanceTime(ms: number): ClockState {
    return this.setClock({ advanceMs: ms });
  }

  clockState(): ClockState {
    return { marketTime: this.clock.now(), speed: this.clock.speed, serverTime: this.serverTime() };
  }

  addFault(spec: FaultSpec): Fault {
    return this.faultList.add(spec);
  }

  faults(): Fault[] {
    return this.faultList.list();
  }

  removeFault(id: number): boolean {
    return this.faultList.remove(id);
  }

  clearFaults(): void {
    this.faultList.clear();
  }

  requests(filter: RequestFilter = {}): RequestLogEntry[] {
    return this.log.list(filter);
  }

  counts(): RequestCounts {
    return this.log.totals();
  }

  clearRequests(): void {
    this.log.clear();
  }

  setRateLimits(change: Partial<RateLimitOptions>, clearUsage = false): RateLimitOptions {
    const next = { ...this.limiter.options };
    for (const [name, value] of Object.entries(change) as [
      keyof RateLimitOptions,
      number | undefined,
    ][]) {
      if (value === undefined) continue;
      if (!(Number.isFinite(value) && value >= 0)) throw new Error(`${name} must be a number >= 0`);
      next[name] = value;
    }
    if (!(next.weightLimit >= 1 && next.windowMs >= 1))
      throw new Error('weightLimit and windowMs must be >= 1');
    this.limiter.options = next;
    if (clearUsage) this.limiter.reset();
    return { ...next };
  }

  rateLimits(): RateLimitOptions {
    return { ...this.limiter.options };
  }

  /** Used weight of an IP in the current window (as the X-MBX-USED-WEIGHT-1M header says). */
  usedWeight(ip = '127.0.0.1'): number {
    return this.limiter.usedWeight(ip);
  }

  orders(filter: { apiKey?: string; symbol?: string; openOnly?: boolean } = {}): Json[] {
    const symbol = filter.symbol === undefined ? undefined : this.symbolId(filter.symbol);
    return this.engine.store
      .allOrdersOfEveryKey()
      .filter((o) => filter.apiKey === undefined || o.apiKey === filter.apiKey)
      .filter((o) => symbol === undefined || o.symbol === symbol)
      .filter((o) => !filter.openOnly || o.status === 'NEW' || o.status === 'PARTIALLY_FILLED')
      .sort((a, b) => a.time - b.time || a.orderId - b.orderId)
      .map((o) => ({ ...queryOrderView(o), apiKey: o.apiKey }));
  }

  /** Fill a resting order (all of what remains, or `quantity`) at its limit price. */
  fillOrder(symbol: string, orderId: number, quantity?: string): Json {
    const id = this.symbolId(symbol);
    const order = this.engine.store
      .allOrdersOfEveryKey()
      .find((o) => o.symbol === id && o.orderId === orderId);
    if (!order) throw new Error(`no order ${orderId} on ${id}`);
    const trade = this.engine.forceFill(
      order,
      quantity === undefined ? undefined : parseAmount(quantity),
    );
    return { order: queryOrderView(order), trade: tradeView(trade) };
  }

  /** The market streams: on or off, connections, subscriptions, drops by reason. */
  streamState(): StreamState & Json {
    return { ...this.streams.state() };
  }

  /**
   * `enabled: false` drops every stream connection and refuses new ones (503) until enabled
   * again: an exchange whose WebSocket side is down while REST still answers. `drop: true`
   * closes the open connections once (clients may reconnect at once).
   */
  setStreams(change: { enabled?: boolean; drop?: boolean }): StreamState & Json {
    if (change.enabled !== undefined) this.streams.setEnabled(change.enabled);
    if (change.drop) this.streams.dropAll();
    return { ...this.streams.state() };
  }

  /** Fill resting orders the price has reached; returns the number of fills. */
  match(): number {
    return this.engine.match().length;
  }

  /** Back to the state at start: initial keys and balances, no orders, prices on their paths. */
  reset(): void {
    this.clock.set(this.options.marketStartMs ?? Date.now());
    this.clock.setSpeed(this.options.clockSpeed);
    this.market.resetShifts();
    this.engine.store.clear();
    this.engine.book.clear();
    this.orderCounter.reset();
    this.accounts.clear();
    for (const spec of this.initialKeys) this.accounts.create(spec, this.assets());
    this.faultList.clear();
    this.limiter.options = rateLimitOptions(this.options);
    this.limiter.reset();
    this.log.clear();
    this.streams.reset();
  }

  info(): Json {
    return {
      url: this.url,
      seed: this.options.seed,
      symbols: this.symbols.map((s) => ({
        symbol: s.id,
        base: s.base,
        quote: s.quote,
        price: format(this.market.price(s.id)),
      })),
      rateLimits: { ...this.limiter.options },
      clock: { ...this.clockState() },
      feeRate: this.options.feeRate,
    };
  }

  private createInitialKey(spec: ApiKeySpec): ApiKeySpec {
    const credentials = this.createApiKey(spec);
    // generated keys are kept, so a reset brings back the same credentials
    return { ...spec, ...credentials };
  }

  private assets(): string[] {
    return [...new Set(this.symbols.flatMap((s) => [s.base, s.quote]))].sort();
  }

  private symbolId(name: string): string {
    const id = name.toUpperCase().replace('/', '');
    if (!this.market.symbol(id)) throw new Error(`unknown symbol ${name}`);
    return id;
  }
}

function parseAmount(text: string): Fixed {
  const parsed = parseDecimal(text);
  if (parsed.kind !== 'ok') throw new Error(`not an amount with at most 8 decimals: ${text}`);
  return parsed.value;
}
