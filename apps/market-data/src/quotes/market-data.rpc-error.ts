import { messageOf } from '@platform/contracts';
import { RpcException } from '@nestjs/microservices';
import type { MarketDataError } from '@platform/contracts';
import {
  AuthenticationError,
  BannedError,
  ExchangeError,
  RateLimitedError,
  UnknownMarketError,
} from '@platform/exchange';

/** Our errors as the transport's error payload (the gateway maps `code` to an HTTP status). */
export function toRpcError(error: unknown): RpcException {
  const body = (code: MarketDataError['code'], message: string): MarketDataError => ({
    code,
    message,
  });
  if (error instanceof RpcException) return error;
  if (error instanceof RateLimitedError)
    return new RpcException(body('rate_limited', error.message));
  if (error instanceof BannedError)
    return new RpcException(body('banned', `exchange ban until ${error.until.toISOString()}`));
  if (error instanceof AuthenticationError)
    return new RpcException(body('authentication', 'the exchange refused the API key'));
  if (error instanceof UnknownMarketError)
    return new RpcException(body('not_found', 'the exchange has no such market'));
  if (error instanceof ExchangeError)
    return new RpcException(body('exchange_error', error.message));
  return new RpcException(body('exchange_error', messageOf(error)));
}

export const notFound = (message: string) =>
  new RpcException({ code: 'not_found', message } satisfies MarketDataError);
export const notConfigured = (message: string) =>
  new RpcException({ code: 'not_configured', message } satisfies MarketDataError);
