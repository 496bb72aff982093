import { Inject, Injectable } from '@nestjs/common';
import type { AdminBudgetsView } from '@platform/api-schemas';
import { SUPPORTED_EXCHANGES } from '@platform/contracts';
import {
  exchangeDescriptor,
  ORDER_BUDGET,
  orderBudgetScope,
  readBudgets,
  WEIGHT_BUDGET,
} from '@platform/exchange';
import { LiveBotAccountsStore } from '@platform/persistence';
import type { RedisClient } from '@platform/redis';
import { GATEWAY_REDIS } from '../redis/gateway-redis.module';

/** EXCHANGE_WEIGHT_BUDGETS as this gateway reads it: each exchange's budget per minute. */
export const WEIGHT_BUDGET_LIMITS = Symbol('WEIGHT_BUDGET_LIMITS');
export type WeightBudgetLimits = { exchangeId: string; weight: number }[];

/** The most API keys one read-out lists. */
const MAX_KEYS = 500;

const toSeconds = (ms: number) => Math.ceil(ms / 1000);

/** The exchange's own order limit over the order budget's window, if it has one. */
function exchangeOrderLimit(exchangeId: string): number | null {
  const limit = exchangeDescriptor(exchangeId).orderRateLimits.find(
    (l) => l.perMs === ORDER_BUDGET.windowMs,
  );
  return limit?.orders ?? null;
}

/**
 * What the exchanges' request budgets hold right now (Redis, on its own clock): the weight each
 * exchange got this minute and any pause after a 429 or 418, and the orders each API key of a
 * live bot sent in the current 10 s window. Keys show as their account and masked key only.
 */
@Injectable()
export class AdminBudgetsService {
  constructor(
    @Inject(GATEWAY_REDIS) private readonly redis: RedisClient,
    private readonly accounts: LiveBotAccountsStore,
    @Inject(WEIGHT_BUDGET_LIMITS) private readonly limits: WeightBudgetLimits,
  ) {}

  async budgets(): Promise<AdminBudgetsView> {
    const exchangeIds = [
      ...new Set([...SUPPORTED_EXCHANGES, ...this.limits.map((l) => l.exchangeId)]),
    ].sort();
    const rows = await this.accounts.list(MAX_KEYS + 1);
    const accounts = rows.slice(0, MAX_KEYS);
    const [weights, orders] = await Promise.all([
      readBudgets(this.redis, WEIGHT_BUDGET, exchangeIds),
      readBudgets(
        this.redis,
        ORDER_BUDGET,
        accounts.map((a) => orderBudgetScope(a.exchange_id, a.id)),
      ),
    ]);
    return {
      exchanges: weights.map(({ scope, used, windowEndsInMs, pausedForMs }) => ({
        exchangeId: scope,
        weightUsed: used,
        weightLimit: this.limits.find((l) => l.exchangeId === scope)?.weight ?? null,
        exchangeWeightLimit: exchangeDescriptor(scope).weightPerMinute,
        windowEndsInSeconds: toSeconds(windowEndsInMs),
        pause: pausedForMs > 0 ? { secondsLeft: toSeconds(pausedForMs) } : null,
      })),
      orderBudgets: accounts.map((account, i) => ({
        accountId: account.id,
        exchangeId: account.exchange_id,
        apiKeyMasked: account.api_key_masked,
        liveBots: account.live_bots,
        runningBots: account.running_bots,
        ordersUsed: orders[i].used,
        exchangeOrderLimit: exchangeOrderLimit(account.exchange_id),
      })),
      orderWindow: {
        seconds: ORDER_BUDGET.windowMs / 1000,
        endsInSeconds: toSeconds(orders[0]?.windowEndsInMs ?? 0),
      },
      truncated: rows.length > MAX_KEYS,
    };
  }
}
