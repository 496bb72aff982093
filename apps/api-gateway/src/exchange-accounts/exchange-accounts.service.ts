import type { CreateExchangeAccountBody, ExchangeAccountView } from '@platform/api-schemas';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type KeyRing, sealCredentials } from '@platform/exchange';
import { ExchangeAccountsStore, SQL, type Sql, SubscriptionsStore } from '@platform/persistence';
import { effectiveLimits, planLimitReached } from '../auth/subscription-plans';
import { ApiError } from '../http/api-error';
import { MarketDataClient } from '../peers/market-data.client';
import { toExchangeAccountView } from './exchange-account-view';

export const GATEWAY_KEY_RING = Symbol('GATEWAY_KEY_RING');

const notFound = () => ApiError.notFound('exchange account');

/**
 * Users' exchange API keys: sealed (AES-256-GCM, bound to the account id) before they reach
 * Postgres; afterwards only market-data opens them, for the calls it makes.
 */
@Injectable()
export class ExchangeAccountsService {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    private readonly store: ExchangeAccountsStore,
    private readonly subscriptions: SubscriptionsStore,
    private readonly marketData: MarketDataClient,
    @Inject(GATEWAY_KEY_RING) private readonly keyRing: KeyRing | null,
  ) {}

  async create(userId: string, body: CreateExchangeAccountBody): Promise<ExchangeAccountView> {
    if (!this.keyRing)
      throw new ApiError(
        'not_configured',
        'ENCRYPTION_KEYS is not set on the api-gateway: exchange keys cannot be stored',
      );
    const id = randomUUID();
    const { apiKey, secret, passphrase } = body;
    const sealed = sealCredentials(this.keyRing, id, {
      apiKey,
      secret,
      ...(passphrase && { passphrase }),
    });
    // Counted under a lock on the subscription, so concurrent adds cannot pass the limit.
    return this.sql.transaction(async (tx) => {
      const subscription = await this.subscriptions.lock(tx, userId);
      const limit = effectiveLimits(subscription).maxExchangeAccounts;
      if ((await this.store.countOwned(tx, userId)) >= limit)
        throw planLimitReached(subscription, 'maxExchangeAccounts');
      const account = await this.store.insert(
        {
          id,
          userId,
          exchangeId: body.exchangeId,
          label: body.label,
          encryptionKeyId: sealed.keyId,
          credentialsCiphertext: sealed.ciphertext,
          apiKeyMasked: sealed.apiKeyMasked,
        },
        tx,
      );
      if (!account)
        throw ApiError.conflict(`you already have an exchange account labelled "${body.label}"`);
      return toExchangeAccountView(account);
    });
  }

  async list(userId: string): Promise<ExchangeAccountView[]> {
    return (await this.store.listOwned(userId)).map(toExchangeAccountView);
  }

  async get(userId: string, id: string): Promise<ExchangeAccountView> {
    const account = await this.store.findOwned(userId, id);
    if (!account) throw notFound();
    return toExchangeAccountView(account);
  }

  async remove(userId: string, id: string): Promise<void> {
    const outcome = await this.store.deleteOwned(userId, id);
    if (outcome === 'not_found') throw notFound();
    if (outcome === 'in_use')
      throw ApiError.conflict(
        'a live bot still uses this exchange account; delete the bot or move it to another account first',
      );
  }

  /** One signed call (a balance read through market-data): on success the keys count as verified. */
  async verify(userId: string, id: string): Promise<ExchangeAccountView> {
    await this.get(userId, id);
    let canWithdraw: boolean | null;
    try {
      canWithdraw = (await this.marketData.balance(id)).permissions?.canWithdraw ?? null;
    } catch (error) {
      if (error instanceof ApiError && error.code === 'exchange_authentication')
        await this.store.setVerified(userId, id, false);
      throw error;
    }
    const verified = await this.store.setVerified(userId, id, true, canWithdraw);
    if (!verified) throw notFound(); // deleted meanwhile
    return toExchangeAccountView(verified);
  }

  async balance(userId: string, id: string) {
    await this.get(userId, id);
    const reply = await this.marketData.balance(id);
    return { ...reply, fetchedAt: new Date(reply.fetchedAt).toISOString() };
  }
}
