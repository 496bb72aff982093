import { type CandleRangeQuery, type CandlesReply, MarketDataPatterns } from '@platform/contracts';
import type { ApiClient } from '@platform/testing';
import { type GatewayTestBed, startGatewayTestBed } from '../test-support/gateway-test-bed';
import { subscribeWhenReady } from '@platform/redis';

const MINUTE = 60_000;
type Candle = CandlesReply['candles'][number];

/** Every 1m candle opening in [since, to), as market-data would read them (none after now). */
const minuteCandles = (since: number, to: number): Candle[] => {
  const candles: Candle[] = [];
  const last = Math.min(to, Date.now());
  for (let open = Math.ceil(since / MINUTE) * MINUTE; open < last; open += MINUTE)
    candles.push([open, '1', '2', '0.5', '1.5', '10']);
  return candles;
};

// The gateway's side of candles by range: which window it asks market-data for (over the real
// transport, answered here by a stand-in that records each query) and what it keeps of the
// answer. market-data's side (snapshot or exchange pages) is in its candle-ranges spec.
describe('candles by range', () => {
  let bed: GatewayTestBed;
  let api: ApiClient;
  let token: string;
  const asked: { pattern: string; query: CandleRangeQuery }[] = [];

  /** Answers both candle patterns over the Redis transport, as market-data does. */
  async function startMarketDataStandIn() {
    const responder = bed.connectRedis();
    const publisher = bed.connectRedis();
    await subscribeWhenReady(responder, {
      channels: [MarketDataPatterns.GetCandles, MarketDataPatterns.GetCandleRange],
    });
    responder.on('message', (pattern: string, message: string) => {
      const { id, data } = JSON.parse(message) as { id: string; data: CandleRangeQuery };
      asked.push({ pattern, query: data });
      const now = Date.now();
      const candles =
        pattern === MarketDataPatterns.GetCandles
          ? minuteCandles(now - 100 * MINUTE, now + MINUTE)
          : minuteCandles(data.since, data.to);
      const response: CandlesReply = { ...data, candles, fetchedAt: now, ageMs: 0, stale: false };
      void publisher.publish(
        `${pattern}.reply`,
        JSON.stringify({ id, response, isDisposed: true }),
      );
    });
  }

  const candles = async (query: string) => {
    asked.length = 0;
    const answer = await api.get(`/market/binance/candles?symbol=BTC/USDT&${query}`, { token });
    expect({ query, status: answer.status }).toEqual({ query, status: 200 });
    return { body: answer.body as CandlesReply, asked: [...asked] };
  };
  const opens = (body: CandlesReply) => body.candles.map(([open]) => open);

  beforeAll(async () => {
    bed = await startGatewayTestBed({ MARKET_DATA_TIMEOUT_MS: '5000' });
    api = bed.api;
    token = await api.signIn('charts@example.com');
    await startMarketDataStandIn();
  });

  afterAll(() => bed?.close());

  it('without since, to or limit: the snapshot call as before', async () => {
    const { body, asked } = await candles('timeframe=1m');
    expect(asked).toEqual([
      {
        pattern: MarketDataPatterns.GetCandles,
        query: { exchangeId: 'binance', symbol: 'BTC/USDT', timeframe: '1m' },
      },
    ]);
    expect(body.candles.length).toBeGreaterThan(99);
  });

  it('since and to: exactly that range, oldest first; ISO times and ms alike', async () => {
    const since = Date.UTC(2026, 0, 1);
    const iso = await candles(`since=2026-01-01T00:00:00Z&to=2026-01-01T02:00:00%2B01:00`);
    expect(iso.asked).toEqual([
      {
        pattern: MarketDataPatterns.GetCandleRange,
        query: {
          exchangeId: 'binance',
          symbol: 'BTC/USDT',
          timeframe: '1m',
          since,
          to: since + 60 * MINUTE,
        },
      },
    ]);
    expect(opens(iso.body)).toHaveLength(60);
    expect(opens(iso.body)[0]).toBe(since);
    const ms = await candles(`since=${since}&to=${since + 60 * MINUTE}&limit=5`);
    expect(opens(ms.body)).toEqual([0, 1, 2, 3, 4].map((i) => since + i * MINUTE));
  });

  it('since with a limit: the first candles from there', async () => {
    const since = Date.UTC(2026, 0, 1, 12);
    const { body, asked } = await candles(`since=${since}&limit=10`);
    expect(asked[0].query).toMatchObject({ since, to: since + 11 * MINUTE });
    expect(opens(body)).toEqual(Array.from({ length: 10 }, (_, i) => since + i * MINUTE));
  });

  it('to with a limit, or a limit alone: the last candles (up to the open one)', async () => {
    const to = Date.UTC(2026, 0, 1, 12);
    const before = await candles(`to=${to}&limit=3`);
    expect(opens(before.body)).toEqual([to - 3 * MINUTE, to - 2 * MINUTE, to - MINUTE]);
    const latest = await candles('limit=2');
    const open = Math.floor(Date.now() / MINUTE) * MINUTE;
    expect(opens(latest.body).at(-1)).toBeGreaterThanOrEqual(open - MINUTE);
    expect(opens(latest.body)).toHaveLength(2);
    expect(latest.asked[0].pattern).toBe(MarketDataPatterns.GetCandleRange);
  });

  it('a range of 5000 candles is fine; more is a 400 at `to`; each bad field is named', async () => {
    const since = Date.UTC(2025, 0, 1);
    await candles(`since=${since}&to=${since + 5000 * MINUTE}`);
    const refusals: [string, string[]][] = [
      [`since=${since}&to=${since + 5000 * MINUTE + 1}`, ['to']],
      [`since=${since}&to=${since}`, ['to']],
      [`since=${since}&to=${since + 20_834 * 4 * 3_600_000}&timeframe=4h`, ['to']],
      ['limit=0', ['limit']],
      ['limit=5001', ['limit']],
      ['limit=ten', ['limit']],
      ['since=yesterday&to=-5', ['since', 'to']],
      ['since=1969-12-31T00:00:00Z', ['since']],
    ];
    for (const [query, fields] of refusals) {
      const answer = await api.get(`/market/binance/candles?symbol=BTC/USDT&${query}`, { token });
      expect({
        query,
        status: answer.status,
        fields: answer.body.errors?.map((e: { field: string }) => e.field),
      }).toEqual({ query, status: 400, fields });
    }
    const over = await api.get(
      `/market/binance/candles?symbol=BTC/USDT&since=${since}&to=${since + 5001 * MINUTE}`,
      { token },
    );
    expect(over.body.errors[0].message).toContain('5000');
  });

  it('the document describes the range parameters and the candle store to come', async () => {
    const { body } = await api.get('/docs/openapi.json');
    const operation = body.paths['/market/{exchangeId}/candles'].get;
    expect(operation.parameters.map((p: { name: string }) => p.name)).toEqual([
      'exchangeId',
      'symbol',
      'timeframe',
      'since',
      'to',
      'limit',
    ]);
    expect(operation.description).toContain('Issue 13');
    expect(operation.description).toContain('5000');
  });
});
