import {
  BudgetedExchangeClient,
  CcxtExchangeClient,
  type ExchangeCallObserver,
  type ExchangeClient,
  type ExchangeCredentials,
  type MarketStream,
  type WeightBudget,
} from '@platform/exchange';

/**
 * Exchange clients of this process, all spending from the cluster-wide weight budget: one
 * public-data client per exchange (created on first use), and keyed clients made per call;
 * and the market streams of the exchanges ccxt can stream.
 */
export class ExchangeClients {
  private readonly clients = new Map<
    string,
    { budgeted: ExchangeClient; ccxt: CcxtExchangeClient }
  >();

  constructor(
    private readonly baseUrls: { exchangeId: string; url: string }[],
    private readonly budget: WeightBudget,
    /** Counts every exchange call (metrics). */
    private readonly observer?: ExchangeCallObserver,
  ) {}

  get(exchangeId: string): ExchangeClient {
    return this.publicClient(exchangeId).budgeted;
  }

  withKeys(exchangeId: string, credentials?: ExchangeCredentials): ExchangeClient {
    return new BudgetedExchangeClient(
      this.ccxtClient(exchangeId, credentials),
      this.budget,
      undefined,
      this.observer,
    );
  }

  canStream(exchangeId: string): boolean {
    return this.publicClient(exchangeId).ccxt.canStream;
  }

  /** A new stream connection set; the markets it needs are loaded through the budget first. */
  async openStream(exchangeId: string): Promise<MarketStream> {
    const { budgeted, ccxt } = this.publicClient(exchangeId);
    if (!ccxt.marketsLoaded) await budgeted.loadMarkets();
    return ccxt.openMarketStream();
  }

  private publicClient(exchangeId: string) {
    let client = this.clients.get(exchangeId);
    if (!client) {
      const ccxt = this.ccxtClient(exchangeId);
      client = {
        ccxt,
        budgeted: new BudgetedExchangeClient(ccxt, this.budget, undefined, this.observer),
      };
      this.clients.set(exchangeId, client);
    }
    return client;
  }

  private ccxtClient(exchangeId: string, credentials?: ExchangeCredentials): CcxtExchangeClient {
    const baseUrl = this.baseUrls.find((b) => b.exchangeId === exchangeId)?.url;
    return new CcxtExchangeClient({ exchangeId, baseUrl, credentials });
  }
}
