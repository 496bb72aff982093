import type { Account, Accounts } from './accounts';
import type { Engine } from './engine';
import type { Fixed } from './fixed';
import type { Market } from './market';
import type { Json } from './order-views';
import type { Params } from './params';

/** What every API handler can reach. */
export interface ExchangeState {
  market: Market;
  engine: Engine;
  accounts: Accounts;
  /** wall clock of the server (ms), as GET /api/v3/time reports it */
  serverTime(): number;
  weightLimit(): number;
  /** every asset of the configured symbols, for account balances */
  assets: readonly string[];
  /** commission rate of every trade (0.001 = 0.1 %) */
  feeRate: Fixed;
}

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  /** SIGNED (TRADE / USER_DATA) endpoints need a key, a signature and a fresh timestamp */
  signed: boolean;
  handle(params: Params, account: Account | undefined): Json;
}

/** The signed routes always get an account; this narrows it for their handlers. */
export function signedAccount(account: Account | undefined): Account {
  if (!account) throw new Error('signed route called without an account');
  return account;
}
