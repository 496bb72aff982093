import { TransportTimeoutError } from '@platform/service-kit';
import { marketDataFailure } from './market-data-errors';

describe('market-data failures as HTTP answers', () => {
  it.each([
    [{ code: 'not_found', message: 'exchange account x does not exist' }, 404, 'not_found'],
    [
      { code: 'not_configured', message: 'ENCRYPTION_KEYS is not set on market-data' },
      503,
      'not_configured',
    ],
    [{ code: 'rate_limited', message: 'slow down' }, 429, 'exchange_rate_limited'],
    [{ code: 'banned', message: 'exchange ban until ...' }, 503, 'service_unavailable'],
    [
      { code: 'authentication', message: 'the exchange refused the API key' },
      422,
      'exchange_authentication',
    ],
    [{ code: 'not_found', message: 'the exchange has no such market' }, 404, 'not_found'],
    [
      { code: 'exchange_error', message: 'binance GET https://api.binance.com/... 500' },
      502,
      'exchange_error',
    ],
    [{ status: 'error', message: 'Internal server error' }, 502, 'exchange_error'],
  ])('%j -> %i %s', (error, status, code) => {
    const failure = marketDataFailure(error);
    expect({ status: failure.getStatus(), code: failure.code }).toEqual({ status, code });
  });

  it('no answer in time is a 503', () => {
    expect(marketDataFailure(new TransportTimeoutError('market-data.get-ticker', 100)).code).toBe(
      'service_unavailable',
    );
  });

  it('never passes exchange error details (URLs, request data) to the client', () => {
    const failure = marketDataFailure({
      code: 'exchange_error',
      message: 'binance GET https://api.binance.com/api/v3/account?signature=abc',
    });
    expect(failure.message).not.toMatch(/https?:|signature/);
  });

  it('a 429 from the exchange tells the client when to retry', () => {
    expect(marketDataFailure({ code: 'rate_limited', message: '' }).headers['Retry-After']).toBe(
      '60',
    );
  });
});
