import type { Account, Accounts } from './accounts';
import type { Engine } from './engine';
import type { Fixed } from './fixed';
import type { Market } from './market';
import type { OrderCounter } from './order-counter';
import type { Json } from './order-views';
import type { Params } from './params';

/** What every API handler can reach. */
export interface ExchangeState {
  market: Market;
  engine: Engine;
  accounts: Accounts;
  /** the ORDERS limits per account (rest-api.md "Unfilled Order Count") */
  orderCounter: OrderCounter;
  /** wall clock of the server (ms), as GET /api/v3/time reports it */
  serverTime(): number;
  weightLimit(): number;
  /** every asset of the configured symbols, for account balances */
  assets: readonly string[];
  /** commission rate of every trade (0.001 = 0.1 %) */
  feeRate: Fixed;
  /** DELETE /api/v3/openOrders with nothing open: -2011 as live (true) or [] (false) */
  emptyCancelAllFails: boolean;
  /** the time-range rules of allOrders and myTrades (-1127, -1128) */
  strictParams: boolean;
}

/** Headers a handler adds to its successful answer (X-MBX-ORDER-COUNT-*). */
export interface Reply {
  headers: Record<string, string>;
}

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  /** SIGNED (TRADE / USER_DATA) endpoints need a key, a signature and a fresh timestamp */
  signed: boolean;
  /** the parameters the endpoint reads (rest-api.md); any other is -1104 */
  params: readonly string[];
  handle(params: Params, account: Account | undefined, reply: Reply): Json;
}

/** Read by every SIGNED endpoint besides its own parameters. */
export const SIGNED_PARAMS = ['timestamp', 'recvWindow', 'signature'] as const;

/** The signed routes always get an account; this narrows it for their handlers. */
export function signedAccount(account: Account | undefined): Account {
  if (!account) throw new Error('signed route called without an account');
  return account;
}
