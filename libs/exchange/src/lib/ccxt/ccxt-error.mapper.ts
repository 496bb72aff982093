import { messageOf } from '@platform/contracts';
import ccxt from 'ccxt';
import {
  AuthenticationError,
  BannedError,
  type ExchangeError,
  InsufficientFundsError,
  InvalidOrderError,
  NetworkError,
  OrderNotFoundError,
  OrderRateLimitedError,
  RateLimitedError,
  UnknownExchangeError,
  UnknownMarketError,
} from '../errors/exchange.errors';
import { exchangeDescriptor } from '../descriptor/exchange-registry';

export interface ErrorContext {
  exchangeId: string;
  /** The Retry-After header of the failed response, in seconds, when the exchange sent one. */
  retryAfterSeconds?: number;
  now?: () => number;
}

const DEFAULT_RETRY_AFTER_MS = 60_000;

const matches = (pattern: RegExp | null, message: string) => pattern?.test(message) ?? false;

/**
 * One ccxt error in our words; what the exchange's messages tell beyond ccxt's classes comes
 * from its descriptor. Order of checks follows ccxt's hierarchy: OrderNotFound is an
 * InvalidOrder, RateLimitExceeded/DDoSProtection/RequestTimeout/InvalidNonce are NetworkErrors.
 */
export function mapCcxtError(error: unknown, context: ErrorContext): ExchangeError {
  const { exchangeId } = context;
  const now = context.now ?? Date.now;
  const message = messageOf(error);
  const options = { cause: error };
  const retryAfterMs =
    context.retryAfterSeconds !== undefined
      ? context.retryAfterSeconds * 1000
      : DEFAULT_RETRY_AFTER_MS;

  const patterns = exchangeDescriptor(exchangeId).errors;
  const banned = patterns.bannedUntil?.exec(message);
  if (banned) return new BannedError(message, exchangeId, new Date(Number(banned[1])), options);
  if (matches(patterns.orderRateLimited, message))
    return new OrderRateLimitedError(message, exchangeId, retryAfterMs, options);
  if (error instanceof ccxt.RateLimitExceeded || error instanceof ccxt.DDoSProtection) {
    // a 418 without a parsable date: treat it as banned for the Retry-After span
    if (/\b418\b|banned/i.test(message))
      return new BannedError(message, exchangeId, new Date(now() + retryAfterMs), options);
    return new RateLimitedError(message, exchangeId, retryAfterMs, options);
  }
  if (error instanceof ccxt.AuthenticationError || matches(patterns.authentication, message)) {
    return new AuthenticationError(message, exchangeId, options);
  }
  if (error instanceof ccxt.InsufficientFunds || matches(patterns.insufficientFunds, message)) {
    return new InsufficientFundsError(message, exchangeId, options);
  }
  if (error instanceof ccxt.BadSymbol || matches(patterns.unknownMarket, message))
    return new UnknownMarketError(message, exchangeId, options);
  if (error instanceof ccxt.OrderNotFound)
    return new OrderNotFoundError(message, exchangeId, options);
  if (error instanceof ccxt.InvalidOrder)
    return new InvalidOrderError(message, exchangeId, options);
  // InvalidNonce (-1021, clock skew) is a NetworkError in ccxt: retrying after re-syncing the
  // clock is the cure, and the request was refused, but callers treat it like any network error.
  if (error instanceof ccxt.NetworkError) return new NetworkError(message, exchangeId, options);
  return new UnknownExchangeError(message, exchangeId, options);
}
