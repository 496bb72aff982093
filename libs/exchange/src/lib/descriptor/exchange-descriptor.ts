import type { CredentialRules } from '@platform/contracts';
import type { KeyPermissions } from '../client/exchange-client';

/** Request weight of each ExchangeClient call, as the exchange counts it. */
export interface RequestWeights {
  loadMarkets: number;
  fetchTicker: number;
  fetchTickers(symbols: number | undefined): number;
  fetchCandles: number;
  fetchBalance: number;
  createOrder: number;
  fetchOrder: number;
  cancelOrder: number;
  fetchOpenOrders(withSymbol: boolean): number;
  fetchOrderFills: number;
  fetchOrdersSince: number;
  fetchKeyPermissions: number;
}

/** One order-rate limit of an API key: at most `orders` per `perMs`. */
export interface OrderRateLimit {
  orders: number;
  perMs: number;
}

// What keys look like is public (the dashboard's forms check it too): libs/contracts holds it.
export type { CredentialRule, CredentialRules } from '@platform/contracts';

/** How to ask the exchange what a key may do: a ccxt implicit API method and how to read it. */
export interface KeyPermissionProbe {
  method: string;
  read(answer: Record<string, unknown>): KeyPermissions;
}

/** Messages that tell what an error is where the vendor's error class does not. */
export interface ErrorPatterns {
  /** Captures the end of a ban as ms since the epoch. */
  bannedUntil: RegExp | null;
  authentication: RegExp | null;
  insufficientFunds: RegExp | null;
  unknownMarket: RegExp | null;
  /** Too many orders for the key's account (an order-rate limit, not the IP's weight). */
  orderRateLimited: RegExp | null;
}

/**
 * How an order is kept from landing late: it is stamped when its sender last checked its lease,
 * and the exchange refuses it once the stamp is older than `windowMs`. Without one, an order
 * from a sender that froze after the check could land any time after its lease ended.
 */
export interface SendWindow {
  windowMs: number;
  /** The order parameters that stamp an order at `stampMs` (on the exchange's clock). */
  params(stampMs: number): Record<string, unknown>;
}

/** What the platform knows about one exchange; the one home of its facts. */
export interface ExchangeDescriptor {
  id: string;
  weights: RequestWeights;
  /** Request weight the exchange allows per minute (per IP). */
  weightPerMinute: number;
  candlesPerRequest: number;
  timeframes: readonly [string, ...string[]];
  orderRateLimits: readonly OrderRateLimit[];
  /**
   * Response headers (lower case) in which the exchange counts the key's orders, and the window
   * (ms) each counts: how many orders the exchange saw, other programs' on the key included.
   */
  orderCountHeaders: Readonly<Record<string, number>>;
  credentials: CredentialRules | null;
  keyPermissions: KeyPermissionProbe | null;
  errors: ErrorPatterns;
  /** Extra parameters of every new order (e.g. ask for the fills in the answer). */
  orderParams: Record<string, unknown>;
  /** Parameters that look an order up by our client order id. */
  clientOrderIdLookup(clientOrderId: string): Record<string, unknown>;
  sendWindow: SendWindow | null;
}
