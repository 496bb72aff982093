import {
  BudgetedExchangeClient,
  CcxtExchangeClient,
  type ExchangeClient,
  type ExchangeCredentials,
  type WeightBudget,
} from '@platform/exchange';

/**
 * Exchange clients of this process, all spending from the cluster-wide weight budget: one
 * public-data client per exchange (created on first use), and keyed clients made per call.
 */
export class ExchangeClients {
  private readonly clients = new Map<string, ExchangeClient>();

  constructor(
    private readonly baseUrls: { exchangeId: string; url: string }[],
    private readonly budget: WeightBudget,
  ) {}

  get(exchangeId: string): ExchangeClient {
    let client = this.clients.get(exchangeId);
    if (!client) {
      client = this.withKeys(exchangeId);
      this.clients.set(exchangeId, client);
    }
    return client;
  }

  withKeys(exchangeId: string, credentials?: ExchangeCredentials): ExchangeClient {
    const baseUrl = this.baseUrls.find((b) => b.exchangeId === exchangeId)?.url;
    return new BudgetedExchangeClient(
      new CcxtExchangeClient({ exchangeId, baseUrl, credentials }),
      this.budget,
    );
  }
}
