import { Accounts } from './accounts';
import { type SignedRequest, authenticate, sign } from './auth';
import { BinanceError } from './errors';
import { Params } from './params';

const accounts = new Accounts();
accounts.create({ apiKey: 'key1', secret: 'secret1' });
const now = 1_800_000_000_000;

/** GET/DELETE: the signature goes last in the query string. */
function get(query: string, key = 'key1', secret = 'secret1'): SignedRequest {
  const rawQuery = `${query}&signature=${sign(query, secret)}`;
  return {
    apiKeyHeader: key,
    rawQuery,
    rawBody: '',
    params: Params.parse(rawQuery),
    serverTime: now,
  };
}

/** POST with parameters in both places: the signature covers query + body, concatenated. */
function post(query: string, body: string): SignedRequest {
  const rawBody = `${body}&signature=${sign(query + body, 'secret1')}`;
  return {
    apiKeyHeader: 'key1',
    rawQuery: query,
    rawBody,
    params: Params.parse(query, rawBody),
    serverTime: now,
  };
}

function code(request: SignedRequest): number | undefined {
  try {
    authenticate(request, accounts);
    return undefined;
  } catch (error) {
    if (error instanceof BinanceError) return error.code;
    throw error;
  }
}

describe('SIGNED request checks', () => {
  it('accepts HMAC-SHA256 over the query string, or over query + body (Binance totalParams)', () => {
    expect(authenticate(get(`symbol=BTCUSDT&timestamp=${now}`), accounts).apiKey).toBe('key1');
    expect(
      authenticate(post('symbol=BTCUSDT&side=BUY', `quantity=1&timestamp=${now}`), accounts).apiKey,
    ).toBe('key1');
  });

  it('answers the Binance code for each failure', () => {
    expect(code(get(`timestamp=${now}`, ''))).toBe(-2014);
    expect(code(get(`timestamp=${now}`, 'other'))).toBe(-2015);
    expect(code(get(`timestamp=${now}`, 'key1', 'wrong'))).toBe(-1022);
    expect(code({ ...get(`timestamp=${now}`), params: Params.parse(`timestamp=${now}`) })).toBe(
      -1102,
    );
    expect(code(get('symbol=BTCUSDT'))).toBe(-1102);
    expect(code(get(`timestamp=${now}&recvWindow=60001`))).toBe(-1131);
  });

  it('timestamp: less than 1000 ms ahead, at most recvWindow (default 5000) behind', () => {
    expect(code(get(`timestamp=${now + 999}`))).toBeUndefined();
    expect(code(get(`timestamp=${now + 1000}`))).toBe(-1021);
    expect(code(get(`timestamp=${now - 5000}`))).toBeUndefined();
    expect(code(get(`timestamp=${now - 5001}`))).toBe(-1021);
    expect(code(get(`timestamp=${now - 9000}&recvWindow=10000`))).toBeUndefined();
  });
});
