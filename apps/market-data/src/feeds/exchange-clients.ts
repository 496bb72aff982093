import { CcxtExchangeClient, type ExchangeClient } from '@platform/exchange';

/** One public-data client per exchange, created on first use, at its configured address. */
export class ExchangeClients {
  private readonly clients = new Map<string, ExchangeClient>();

  constructor(private readonly baseUrls: { exchangeId: string; url: string }[]) {}

  get(exchangeId: string): ExchangeClient {
    let client = this.clients.get(exchangeId);
    if (!client) {
      const baseUrl = this.baseUrls.find((b) => b.exchangeId === exchangeId)?.url;
      client = new CcxtExchangeClient({ exchangeId, baseUrl });
      this.clients.set(exchangeId, client);
    }
    return client;
  }
}
