import { UnknownExchangeError, UnknownMarketError } from '@platform/exchange';
import { toRpcError } from './market-data.rpc-error';

describe('toRpcError', () => {
  it('an unknown market is a not_found, without the exchange message', () => {
    const error = toRpcError(
      new UnknownMarketError('binance does not have market symbol FOO/BAR', 'binance'),
    );
    expect(error.getError()).toEqual({
      code: 'not_found',
      message: 'the exchange has no such market',
    });
  });

  it('other exchange errors stay exchange errors', () => {
    expect(toRpcError(new UnknownExchangeError('odd', 'binance')).getError()).toEqual({
      code: 'exchange_error',
      message: 'odd',
    });
  });
});
