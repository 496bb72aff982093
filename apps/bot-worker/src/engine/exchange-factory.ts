import {
  assertSafeForLive,
  BudgetedExchangeClient,
  CcxtExchangeClient,
  type ExchangeCallObserver,
  type ExchangeClient,
  type KeyRing,
  openCredentials,
  PaperExchangeClient,
  type PaperMarketSource,
  type Ticker,
  type WeightBudget,
} from '@platform/exchange';
import type {
  BotConfig,
  ExchangeAccountsRepository,
  PaperLedgerRepository,
} from '@platform/persistence';
import type { MarketHub } from './market-hub';

export interface ExchangeFactorySettings {
  keyRing: KeyRing | null;
  baseUrls: { exchangeId: string; url: string }[];
  paperSlippagePct: number;
  /** See BotExchange.lateOrderWindowMs (live). */
  lateOrderWindowMs: number;
}

export interface BotExchange {
  client: ExchangeClient;
  /**
   * How long an order whose fate is unknown could still reach the exchange, counted from when
   * this owner began to doubt it: every order is stamped when its sender last checked its lease
   * and refused by the exchange once older than its descriptor's send window, so after that window plus a
   * margin "not found" means never sent. The paper exchange checks the intent itself.
   */
  lateOrderWindowMs: number;
  /** Look pending orders up while holding the intent's row lock (the paper exchange honours it). */
  lookupUnderLock: boolean;
}

/** Raised when a bot cannot trade as configured; it stops with this reason. */
export class BotConfigurationError extends Error {}

/**
 * Makes the exchange a bot trades on: the paper exchange (its own books in Postgres, prices
 * from the shared snapshots) or the real exchange with the account's keys, opened only here,
 * in memory, and spending from the cluster-wide request budget and the key's order budget.
 */
export class ExchangeFactory {
  private readonly liveClients = new Map<string, ExchangeClient>();
  private readonly marketsClients = new Map<string, Promise<CcxtExchangeClient>>();

  constructor(
    private readonly settings: ExchangeFactorySettings,
    private readonly hub: MarketHub,
    private readonly ledger: PaperLedgerRepository,
    private readonly accounts: ExchangeAccountsRepository,
    private readonly weights: WeightBudget,
    private readonly orderBudget: WeightBudget,
    /** Counts every exchange call (metrics). */
    private readonly observer?: ExchangeCallObserver,
  ) {}

  async forBot(bot: BotConfig, paperQuoteBalance: number): Promise<BotExchange> {
    if (bot.mode === 'paper') {
      const quote = bot.symbol.split('/')[1].split(':')[0];
      return {
        client: new PaperExchangeClient({
          exchangeId: bot.exchangeId,
          accountId: bot.id,
          ledger: this.ledger,
          market: this.paperMarket(bot.exchangeId),
          slippagePct: this.settings.paperSlippagePct,
          initialBalances: { [quote]: String(paperQuoteBalance) },
        }),
        lateOrderWindowMs: 0,
        lookupUnderLock: true,
      };
    }
    return {
      client: await this.live(bot),
      lateOrderWindowMs: this.settings.lateOrderWindowMs,
      lookupUnderLock: false,
    };
  }

  private async live(bot: BotConfig): Promise<ExchangeClient> {
    assertSafeForLive(bot.exchangeId, (reason) => new BotConfigurationError(reason));
    if (!bot.exchangeAccountId)
      throw new BotConfigurationError('a live bot needs an exchange account');
    if (!bot.accountVerified)
      throw new BotConfigurationError(
        'the exchange account keys were never verified; verify them before going live',
      );
    const cached = this.liveClients.get(bot.exchangeAccountId);
    if (cached) return cached;
    if (!this.settings.keyRing)
      throw new BotConfigurationError(
        'ENCRYPTION_KEYS is not set on the bot-worker: live keys cannot be opened',
      );
    const account = await this.accounts.findSealed(bot.exchangeAccountId);
    if (!account) throw new BotConfigurationError('the exchange account no longer exists');
    const credentials = openCredentials(this.settings.keyRing, account.id, {
      keyId: account.encryptionKeyId,
      ciphertext: account.credentialsCiphertext,
    });
    const keyed = new CcxtExchangeClient({
      exchangeId: account.exchangeId,
      credentials,
      baseUrl: this.baseUrlOf(account.exchangeId),
    });
    // ccxt needs the markets before its first order: load them once per exchange (through the
    // budget) and hand them to every account's client
    keyed.adoptMarketsFrom(await this.marketsClient(account.exchangeId));
    const client = new BudgetedExchangeClient(
      keyed,
      this.weights,
      {
        budget: this.orderBudget,
        scope: `${account.exchangeId}:${account.id}`,
      },
      this.observer,
    );
    this.liveClients.set(bot.exchangeAccountId, client);
    return client;
  }

  private baseUrlOf(exchangeId: string): string | undefined {
    return this.settings.baseUrls.find((b) => b.exchangeId === exchangeId)?.url;
  }

  /** One keyless client per exchange whose loaded markets the account clients adopt. */
  private marketsClient(exchangeId: string): Promise<CcxtExchangeClient> {
    let loading = this.marketsClients.get(exchangeId);
    if (!loading) {
      const client = new CcxtExchangeClient({ exchangeId, baseUrl: this.baseUrlOf(exchangeId) });
      loading = new BudgetedExchangeClient(client, this.weights, undefined, this.observer)
        .loadMarkets()
        .then(() => client);
      loading.catch(() => this.marketsClients.delete(exchangeId));
      this.marketsClients.set(exchangeId, loading);
    }
    return loading;
  }

  /**
   * Market data for paper bots comes from the shared snapshots, never from the exchange. A
   * ticker's time is when market-data read it: a resting paper order takes one slice of the
   * quoted depth per reading (an exchange's own ticker time can stand still between them).
   */
  private paperMarket(exchangeId: string): PaperMarketSource {
    const tickerOf = (symbol: string): Ticker => {
      const view = this.hub.view({ exchangeId, symbol, timeframe: '' });
      if (!view) throw new Error(`no market data for ${exchangeId} ${symbol} yet`);
      return { ...view.ticker, timestamp: view.tickerAt };
    };
    return {
      loadMarkets: () => this.hub.marketsOf(exchangeId),
      fetchTicker: async (symbol) => tickerOf(symbol),
      fetchTickers: async (symbols = []) =>
        Object.fromEntries(symbols.map((symbol) => [symbol, tickerOf(symbol)])),
      fetchCandles: async () => {
        throw new Error('paper bots read candles from the market snapshots');
      },
    };
  }
}
