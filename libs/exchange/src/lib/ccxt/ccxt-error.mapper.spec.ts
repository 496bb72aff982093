import ccxt from 'ccxt';
import {
  AuthenticationError,
  BannedError,
  InsufficientFundsError,
  InvalidOrderError,
  NetworkError,
  OrderNotFoundError,
  OrderRateLimitedError,
  RateLimitedError,
  UnknownExchangeError,
  UnknownMarketError,
} from '../errors/exchange.errors';
import { mapCcxtError } from './ccxt-error.mapper';

const context = { exchangeId: 'binance', now: () => 1_000_000 };

describe('mapCcxtError', () => {
  it('maps rate limits with the Retry-After the exchange sent', () => {
    const error = mapCcxtError(
      new ccxt.RateLimitExceeded('binance {"code":-1003,"msg":"Too much request weight used"}'),
      {
        ...context,
        retryAfterSeconds: 7,
      },
    );
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(7000);
    expect(error.retryable).toBe(true);
  });

  it("maps -1015 to the key's order-rate limit, under either class ccxt files it", () => {
    const body =
      '{"code":-1015,"msg":"Too many new orders; current limit is 100 orders per 10 SECOND."}';
    for (const error of [
      new ccxt.RateLimitExceeded(`binance ${body}`),
      new ccxt.InvalidOrder(`binance ${body}`),
    ]) {
      const mapped = mapCcxtError(error, { ...context, retryAfterSeconds: 3 });
      expect(mapped).toBeInstanceOf(OrderRateLimitedError);
      expect((mapped as OrderRateLimitedError).retryAfterMs).toBe(3000);
    }
    // the IP's weight limit is not the key's order limit
    const weight = mapCcxtError(new ccxt.RateLimitExceeded('binance {"code":-1003}'), context);
    expect(weight).not.toBeInstanceOf(OrderRateLimitedError);
  });

  it('maps a 418 ban with its end time', () => {
    const error = mapCcxtError(
      new ccxt.DDoSProtection(
        'binance 418 {"code":-1003,"msg":"Way too much request weight used; IP banned until 1700000123456."}',
      ),
      context,
    );
    expect(error).toBeInstanceOf(BannedError);
    expect((error as BannedError).until.getTime()).toBe(1700000123456);
  });

  it('maps authentication failures, including a bad signature that ccxt files as BadRequest', () => {
    expect(
      mapCcxtError(new ccxt.AuthenticationError('binance {"code":-2015}'), context),
    ).toBeInstanceOf(AuthenticationError);
    const badSignature = mapCcxtError(
      new ccxt.BadRequest(
        'binance {"code":-1022,"msg":"Signature for this request is not valid."}',
      ),
      context,
    );
    expect(badSignature).toBeInstanceOf(AuthenticationError);
    expect(badSignature.retryable).toBe(false);
  });

  it('maps insufficient funds, order not found (before invalid order) and invalid orders', () => {
    expect(mapCcxtError(new ccxt.InsufficientFunds('x'), context)).toBeInstanceOf(
      InsufficientFundsError,
    );
    expect(
      mapCcxtError(
        new ccxt.InvalidOrder('binance Account has insufficient balance for requested action.'),
        context,
      ),
    ).toBeInstanceOf(InsufficientFundsError);
    expect(mapCcxtError(new ccxt.OrderNotFound('x'), context)).toBeInstanceOf(OrderNotFoundError);
    expect(mapCcxtError(new ccxt.InvalidOrder('Filter failure: LOT_SIZE'), context)).toBeInstanceOf(
      InvalidOrderError,
    );
  });

  it('maps timeouts and connection failures as network errors with an unknown outcome', () => {
    for (const cause of [
      new ccxt.RequestTimeout('t'),
      new ccxt.ExchangeNotAvailable('503'),
      new ccxt.NetworkError('ECONNRESET'),
    ]) {
      const error = mapCcxtError(cause, context);
      expect(error).toBeInstanceOf(NetworkError);
      expect((error as NetworkError).outcomeUnknown).toBe(true);
    }
  });

  it('keeps the cause and the exchange id; unknown errors are not retried', () => {
    const cause = new ccxt.ExchangeError('something odd');
    const error = mapCcxtError(cause, context);
    expect(error).toBeInstanceOf(UnknownExchangeError);
    expect(error.cause).toBe(cause);
    expect(error.exchangeId).toBe('binance');
    expect(error.retryable).toBe(false);
  });

  it('an unknown market is UnknownMarketError (an invalid order), by class or by the message', () => {
    const bad = mapCcxtError(
      new ccxt.BadSymbol('binance does not have market symbol FOO/BAR'),
      context,
    );
    expect(bad).toBeInstanceOf(UnknownMarketError);
    expect(bad).toBeInstanceOf(InvalidOrderError);
    expect(
      mapCcxtError(new ccxt.BadRequest('binance {"code":-1121,"msg":"Invalid symbol."}'), context),
    ).toBeInstanceOf(UnknownMarketError);
  });

  it("reads messages with the exchange's own patterns: Binance codes mean nothing elsewhere", () => {
    const other = { ...context, exchangeId: 'kraken' };
    const message = 'kraken {"code":-2015,"msg":"Invalid API-key"} banned until 1700000123456';
    expect(mapCcxtError(new ccxt.BadRequest(message), other)).toBeInstanceOf(UnknownExchangeError);
    expect(mapCcxtError(new ccxt.BadRequest(message), context)).toBeInstanceOf(BannedError);
  });
});
