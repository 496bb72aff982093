import type { MarketDataError } from '@platform/contracts';
import { TransportTimeoutError } from '@platform/service-kit';
import { ApiError } from '../http/api-error';

const CODES: readonly MarketDataError['code'][] = [
  'not_found',
  'not_configured',
  'rate_limited',
  'banned',
  'authentication',
  'exchange_error',
];

/** The error payload of market-data's RpcExceptions, as it arrives over the transport. */
export function isMarketDataError(error: unknown): error is MarketDataError {
  const candidate = error as Partial<MarketDataError> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.message === 'string' &&
    CODES.includes(candidate.code as MarketDataError['code'])
  );
}

/**
 * A failed market-data request as an HTTP answer. Exchange messages can carry URLs and request
 * details, so 502s say only what kind of failure it was; the caller logs the detail.
 */
export function marketDataFailure(error: unknown): ApiError {
  if (error instanceof TransportTimeoutError)
    return ApiError.unavailable('market-data did not answer in time; try again shortly');
  if (!isMarketDataError(error))
    return new ApiError('exchange_error', 'market-data failed to answer');
  switch (error.code) {
    case 'not_found':
      return new ApiError('not_found', error.message);
    case 'not_configured':
      return new ApiError('not_configured', 'market-data is not configured for this request');
    case 'rate_limited':
      return new ApiError(
        'exchange_rate_limited',
        'the exchange is rate limiting us; try again in a minute',
        undefined,
        { 'Retry-After': '60' },
      );
    case 'banned':
      return ApiError.unavailable(
        'the exchange has paused our requests for a while; try again later',
      );
    case 'authentication':
      return new ApiError(
        'exchange_authentication',
        'the exchange refused the API key (wrong key or secret, or missing permission)',
      );
    case 'exchange_error':
      // an unknown market arrives as not_found (market-data maps UnknownMarketError)
      return new ApiError('exchange_error', 'the exchange answered with an error');
  }
}
