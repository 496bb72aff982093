/**
 * Exchange failures in our own words, mapped from the vendor's at the client boundary
 * (freqtrade's exceptions.py is the model). `retryable` tells the caller whether the same call
 * may be tried again later; an `outcomeUnknown` failure must be resolved (look the order up by
 * client order id) before anything is retried.
 */
export abstract class ExchangeError extends Error {
  abstract readonly kind: string;
  abstract readonly retryable: boolean;

  constructor(
    message: string,
    readonly exchangeId: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** 429 / -1003: slow down for `retryAfterMs`. */
export class RateLimitedError extends ExchangeError {
  readonly kind = 'rate_limited';
  readonly retryable = true;
  constructor(
    message: string,
    exchangeId: string,
    readonly retryAfterMs: number,
    options?: { cause?: unknown },
  ) {
    super(message, exchangeId, options);
  }
}

/**
 * The API key sent more orders than the exchange allows per window (Binance -1015): a limit of
 * the key's account, not of the IP, so only that key's orders wait, not every request.
 */
export class OrderRateLimitedError extends RateLimitedError {}

/** 418: the IP is banned until `until`; no call may be sent before then. */
export class BannedError extends ExchangeError {
  readonly kind = 'banned';
  readonly retryable = true;
  constructor(
    message: string,
    exchangeId: string,
    readonly until: Date,
    options?: { cause?: unknown },
  ) {
    super(message, exchangeId, options);
  }
}

/** Bad key, bad signature, missing permission: a person must fix the keys. */
export class AuthenticationError extends ExchangeError {
  readonly kind = 'authentication';
  readonly retryable = false;
}

export class InsufficientFundsError extends ExchangeError {
  readonly kind = 'insufficient_funds';
  readonly retryable = false;
}

/** Rejected by the exchange's rules (filters, precision, minimums, duplicate client id). */
export class InvalidOrderError extends ExchangeError {
  readonly kind = 'invalid_order';
  readonly retryable = false;
}

/** The exchange has no such market (a bad symbol): refused, like any invalid order. */
export class UnknownMarketError extends InvalidOrderError {}

/**
 * The order was not sent: its sender was no longer allowed to (its lease ran out while it
 * waited for budget or was frozen). Known not placed.
 */
export class OrderNotSentError extends ExchangeError {
  readonly kind = 'not_sent';
  readonly retryable = false;
}

export class OrderNotFoundError extends ExchangeError {
  readonly kind = 'order_not_found';
  readonly retryable = false;
}

/**
 * Timeout, dropped connection, 5xx: the request may or may not have been executed. For an
 * order, the outcome is unknown until it is looked up.
 */
export class NetworkError extends ExchangeError {
  readonly kind = 'network';
  readonly retryable = true;
  readonly outcomeUnknown = true;
}

/** Anything the mapping does not recognise; not retried automatically. */
export class UnknownExchangeError extends ExchangeError {
  readonly kind = 'unknown';
  readonly retryable = false;
}
