import { Inject, Injectable, Optional } from '@nestjs/common';
import { CacheMetrics } from '@platform/service-kit';
import type { BalanceReply } from '@platform/contracts';
import { type KeyRing, openCredentials } from '@platform/exchange';
import { ExchangeClients } from '../feeds/exchange-clients';
import { ExchangeAccountsRepository } from '@platform/persistence';
import { waitForValue } from './wait-for-value';
import { notConfigured, notFound } from '../quotes/market-data.rpc-error';
import { SingleFlight } from '../quotes/single-flight';
import { BalanceCache } from './balance-cache';

export const BALANCE_SETTINGS = Symbol('BALANCE_SETTINGS');

export interface BalanceSettings {
  keyRing: KeyRing | null;
  cacheTtlMs: number;
}

const FETCH_LOCK_MS = 15_000;

/**
 * An exchange account's balances: from the 30 s cache, else one exchange call cluster-wide
 * (in-process single flight, then a Redis lock across replicas). Keys are decrypted only for
 * the call and never leave this process.
 */
@Injectable()
export class BalancesService {
  private readonly flight = new SingleFlight<BalanceReply>();

  constructor(
    private readonly accounts: ExchangeAccountsRepository,
    private readonly cache: BalanceCache,
    private readonly clients: ExchangeClients,
    @Inject(BALANCE_SETTINGS) private readonly settings: BalanceSettings,
    @Optional() private readonly cacheMetrics?: CacheMetrics,
  ) {}

  balance(exchangeAccountId: string): Promise<BalanceReply> {
    return this.flight.run(exchangeAccountId, async () => {
      const cached = await this.cache.read(exchangeAccountId);
      if (cached) {
        this.cacheMetrics?.hit('balances');
        return cached;
      }
      this.cacheMetrics?.miss('balances');
      if (!(await this.cache.tryLock(exchangeAccountId, FETCH_LOCK_MS))) {
        // another replica is fetching: its answer lands in the cache
        return waitForValue(() => this.cache.read(exchangeAccountId), FETCH_LOCK_MS);
      }
      try {
        const reply = await this.fetch(exchangeAccountId);
        await this.cache.write(reply, this.settings.cacheTtlMs);
        return reply;
      } finally {
        await this.cache.unlock(exchangeAccountId);
      }
    });
  }

  private async fetch(exchangeAccountId: string): Promise<BalanceReply> {
    const { keyRing } = this.settings;
    if (!keyRing)
      throw notConfigured(
        'ENCRYPTION_KEYS is not set on market-data: exchange keys cannot be opened',
      );
    const account = await this.accounts.findSealed(exchangeAccountId);
    if (!account) throw notFound(`exchange account ${exchangeAccountId} does not exist`);
    const credentials = openCredentials(keyRing, account.id, {
      keyId: account.encryptionKeyId,
      ciphertext: account.credentialsCiphertext,
    });
    const client = this.clients.withKeys(account.exchangeId, credentials);
    const [balances, permissions] = await Promise.all([
      client.fetchBalance(),
      // a key that may withdraw is worth a warning, not a failed balance
      client.fetchKeyPermissions().catch(() => null),
    ]);
    return { exchangeAccountId, balances, permissions, fetchedAt: Date.now() };
  }
}
