import ccxt from 'ccxt';
import { ExchangeSimulator } from '../simulator';
import { pointUrlsAt } from '../urls';
import { connect, refusedStatus } from './ws-test-client';

type Msg = Record<string, unknown>;
const isEvent = (type: string) => (m: unknown) => (m as Msg)['e'] === type;
const answerTo = (id: unknown) => (m: unknown) => (m as Msg)['id'] === id;

// Field names of the documented payloads (web-socket-streams.md), in the documented order.
const TICKER_FIELDS = 'e E s p P w x c Q b B a A o h l v q O C F L n'.split(' ');
const MINI_TICKER_FIELDS = 'e E s c o h l v q'.split(' ');
const KLINE_FIELDS = 't T s i f L o c h l v n x q V Q B'.split(' ');
const STRING_FIELDS = {
  ticker: 'p P w x c Q b B a A o h l v q'.split(' '),
  kline: 'o c h l v q V Q B'.split(' '),
};

describe('exchange-sim WebSocket market streams (a real ws client)', () => {
  let sim: ExchangeSimulator;

  beforeAll(async () => {
    // frozen market clock: stream and REST answers describe the same instant
    sim = await ExchangeSimulator.start({
      port: 0,
      seed: 7,
      clockSpeed: 0,
      // several requests a second per connection here; the 5-a-second limit has its own test
      streams: { tickerUpdateMs: 200, klineUpdateMs: 200, maxIncomingPerSecond: 100 },
    });
  });

  afterAll(async () => {
    await sim.stop();
  });

  it('raw /ws/<symbol>@ticker: the documented 24hrTicker payload, agreeing with GET /ticker/24hr', async () => {
    const socket = await connect(`${sim.wsUrl}/ws/btcusdt@ticker`);
    const event = (await socket.next(isEvent('24hrTicker'))) as Msg;
    expect(Object.keys(event)).toEqual(TICKER_FIELDS);
    for (const field of STRING_FIELDS.ticker) expect(typeof event[field]).toBe('string');
    for (const field of ['E', 'O', 'C', 'F', 'L', 'n']) expect(typeof event[field]).toBe('number');
    const rest = (await (
      await fetch(`${sim.url}/api/v3/ticker/24hr?symbol=BTCUSDT`)
    ).json()) as Msg;
    expect(event).toMatchObject({
      s: 'BTCUSDT',
      c: rest['lastPrice'],
      b: rest['bidPrice'],
      a: rest['askPrice'],
      o: rest['openPrice'],
      h: rest['highPrice'],
      l: rest['lowPrice'],
      v: rest['volume'],
      q: rest['quoteVolume'],
    });
    socket.close();
  });

  it('combined /stream?streams=a/b: {"stream","data"} with miniTicker and kline payloads', async () => {
    const socket = await connect(`${sim.wsUrl}/stream?streams=ethusdt@miniTicker/ethusdt@kline_1m`);
    const mini = (await socket.next((m) => (m as Msg)['stream'] === 'ethusdt@miniTicker')) as Msg;
    expect(Object.keys(mini)).toEqual(['stream', 'data']);
    expect(Object.keys(mini['data'] as Msg)).toEqual(MINI_TICKER_FIELDS);
    const kline = (await socket.next((m) => (m as Msg)['stream'] === 'ethusdt@kline_1m')) as Msg;
    const data = kline['data'] as Msg;
    expect(Object.keys(data)).toEqual(['e', 'E', 's', 'k']);
    const k = data['k'] as Msg;
    expect(Object.keys(k)).toEqual(KLINE_FIELDS);
    for (const field of STRING_FIELDS.kline) expect(typeof k[field]).toBe('string');
    expect(k).toMatchObject({ s: 'ETHUSDT', i: '1m', x: false });
    expect((k['T'] as number) - (k['t'] as number)).toBe(59_999);
    // the open candle is the last row of GET /klines
    const rows = (await (
      await fetch(`${sim.url}/api/v3/klines?symbol=ETHUSDT&interval=1m&limit=1`)
    ).json()) as unknown[][];
    expect([k['t'], k['o'], k['h'], k['l'], k['c'], k['v']]).toEqual(rows[0].slice(0, 6));
    socket.close();
  });

  it('SUBSCRIBE, UNSUBSCRIBE, LIST_SUBSCRIPTIONS and the combined property, as documented', async () => {
    const socket = await connect(`${sim.wsUrl}/ws`);
    let answer = socket.next(answerTo(1));
    socket.send({ method: 'SUBSCRIBE', params: ['btcusdt@ticker', 'btcusdt@kline_1m'], id: 1 });
    expect(await answer).toEqual({ result: null, id: 1 });
    await socket.next(isEvent('24hrTicker'));
    answer = socket.next(answerTo(3));
    socket.send({ method: 'LIST_SUBSCRIPTIONS', id: 3 });
    expect(await answer).toEqual({ result: ['btcusdt@ticker', 'btcusdt@kline_1m'], id: 3 });
    answer = socket.next(answerTo(312));
    socket.send({ method: 'UNSUBSCRIBE', params: ['btcusdt@kline_1m'], id: 312 });
    expect(await answer).toEqual({ result: null, id: 312 });
    answer = socket.next(answerTo('list2'));
    socket.send({ method: 'LIST_SUBSCRIPTIONS', id: 'list2' });
    expect(await answer).toEqual({ result: ['btcusdt@ticker'], id: 'list2' });

    answer = socket.next(answerTo(2));
    socket.send({ method: 'GET_PROPERTY', params: ['combined'], id: 2 });
    expect(await answer).toEqual({ result: false, id: 2 });
    answer = socket.next(answerTo(5));
    socket.send({ method: 'SET_PROPERTY', params: ['combined', true], id: 5 });
    expect(await answer).toEqual({ result: null, id: 5 });
    const wrapped = (await socket.next((m) => 'stream' in (m as Msg))) as Msg;
    expect(wrapped['stream']).toBe('btcusdt@ticker');
    socket.close();
  });

  it('answers bad requests with the documented errors', async () => {
    const socket = await connect(`${sim.wsUrl}/ws`);
    const ask = async (body: unknown) => {
      const answer = socket.next((m) => 'code' in (m as Msg));
      socket.send(body);
      return (await answer) as Msg;
    };
    expect(await ask('{"method": "SUBSCRIBE",')).toMatchObject({ code: 3 });
    expect((await ask('{"method": "SUBSCRIBE",'))['msg']).toMatch(
      /^Invalid JSON: expected value at line 1 column \d+$/,
    );
    expect(await ask({ method: 'SUBSCRIB', params: [], id: 7 })).toEqual({
      code: 2,
      msg: expect.stringMatching(
        /^Invalid request: unknown variant `SUBSCRIB`, expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY` at line 1 column \d+$/,
      ),
      id: 7,
    });
    expect(await ask({ params: [], id: 8 })).toMatchObject({
      code: 2,
      msg: expect.stringMatching(/^Invalid request: missing field `method` at line 1 column \d+$/),
    });
    expect(await ask({ method: 'LIST_SUBSCRIPTIONS', id: { no: 1 } })).toEqual({
      code: 2,
      msg: 'Invalid request: request ID must be an unsigned integer',
    });
    expect(await ask({ method: 'SET_PROPERTY', params: ['speed', true], id: 9 })).toEqual({
      code: 0,
      msg: 'Unknown property',
      id: 9,
    });
    expect(await ask({ method: 'SET_PROPERTY', params: ['combined', 'yes'], id: 10 })).toEqual({
      code: 1,
      msg: 'Invalid value type: expected Boolean',
      id: 10,
    });
    expect(await ask({ method: 'GET_PROPERTY', params: [1], id: 11 })).toEqual({
      code: 2,
      msg: 'Invalid request: property name must be a string',
      id: 11,
    });
    expect(await ask({ method: 'LIST_SUBSCRIPTIONS', params: ['x'], id: 12 })).toEqual({
      code: 2,
      msg: 'Invalid request: too many parameters',
      id: 12,
    });
    socket.close();
  });

  it('a price set by the admin API is pushed at once, not at the next update', async () => {
    const slow = await ExchangeSimulator.start({
      port: 0,
      seed: 7,
      clockSpeed: 0,
      streams: { tickerUpdateMs: 3_600_000, klineUpdateMs: 3_600_000 },
    });
    try {
      const socket = await connect(`${slow.wsUrl}/stream?streams=btcusdt@ticker/btcusdt@kline_1m`);
      const ticker = socket.next((m) => (m as Msg)['stream'] === 'btcusdt@ticker');
      const kline = socket.next((m) => (m as Msg)['stream'] === 'btcusdt@kline_1m');
      slow.setPrice('BTC/USDT', 61_234.5);
      expect(((await ticker) as { data: Msg }).data['c']).toBe(slow.price('BTC/USDT'));
      expect(((await kline) as { data: { k: Msg } }).data.k['c']).toBe(slow.price('BTC/USDT'));
      socket.close();
    } finally {
      await slow.stop();
    }
  });

  it('a closing candle gets its final event (x: true) before the next candle opens', async () => {
    const socket = await connect(`${sim.wsUrl}/ws/solusdt@kline_1m`);
    const first = (await socket.next(isEvent('kline'))) as { k: Msg };
    const final = socket.next((m) => (m as { k?: Msg }).k?.['x'] === true);
    sim.advanceTime(60_000);
    const closed = (await final) as { k: Msg };
    expect(closed.k['t']).toBe(first.k['t']);
    const next = (await socket.next(isEvent('kline'))) as { k: Msg };
    expect(next.k['t']).toBe((first.k['t'] as number) + 60_000);
    expect(next.k['x']).toBe(false);
    // the final values are the closed row of GET /klines
    const rows = (await (
      await fetch(
        `${sim.url}/api/v3/klines?symbol=SOLUSDT&interval=1m&startTime=${String(first.k['t'])}&limit=1`,
      )
    ).json()) as unknown[][];
    expect([closed.k['o'], closed.k['h'], closed.k['l'], closed.k['c']]).toEqual(
      rows[0].slice(1, 5),
    );
    socket.close();
  });

  it('!ticker@arr and !miniTicker@arr carry every symbol', async () => {
    const socket = await connect(`${sim.wsUrl}/stream?streams=!miniTicker@arr`);
    const all = (await socket.next()) as { stream: string; data: Msg[] };
    expect(all.stream).toBe('!miniTicker@arr');
    expect(all.data.map((t) => t['s']).sort()).toEqual(sim.symbols.map((s) => s.id).sort());
    socket.close();
  });

  it('off: connections dropped and refused (503) until on again', async () => {
    const socket = await connect(`${sim.wsUrl}/ws/btcusdt@ticker`);
    sim.setStreams({ enabled: false });
    expect((await socket.closed).code).toBe(1001);
    expect(await refusedStatus(`${sim.wsUrl}/ws/btcusdt@ticker`)).toBe(503);
    sim.setStreams({ enabled: true });
    const again = await connect(`${sim.wsUrl}/ws/btcusdt@ticker`);
    await again.next(isEvent('24hrTicker'));
    again.close();
  });
});

describe('exchange-sim stream limits', () => {
  it('pings every interval; a client that answers stays, one that never pongs is dropped', async () => {
    const sim = await ExchangeSimulator.start({
      port: 0,
      clockSpeed: 0,
      // each pong counts against 5 incoming messages a second: at most 4 pings a second
      streams: { pingIntervalMs: 300, pongTimeoutMs: 1000 },
    });
    try {
      const answering = await connect(`${sim.wsUrl}/ws/btcusdt@ticker`);
      let pings = 0;
      answering.ws.on('ping', () => (pings += 1));
      const silent = await connect(`${sim.wsUrl}/ws/btcusdt@ticker`, { autoPong: false });
      expect(await silent.closed).toEqual({ code: 1001, reason: 'Pong timeout' });
      expect(pings).toBeGreaterThan(0);
      expect(answering.ws.readyState).toBe(answering.ws.OPEN);
      expect(sim.streamState().dropped).toEqual({ pong: 1 });
      answering.close();
    } finally {
      await sim.stop();
    }
  });

  it('disconnects at the end of the connection lifetime (24 hours; shorter here)', async () => {
    const sim = await ExchangeSimulator.start({ port: 0, streams: { maxConnectionMs: 200 } });
    try {
      const socket = await connect(`${sim.wsUrl}/ws/btcusdt@ticker`);
      expect((await socket.closed).code).toBe(1000);
    } finally {
      await sim.stop();
    }
  });

  it('more than 5 incoming messages in a second: disconnected', async () => {
    const sim = await ExchangeSimulator.start({ port: 0 });
    try {
      const socket = await connect(`${sim.wsUrl}/ws`);
      for (let id = 1; id <= 6; id++) socket.send({ method: 'LIST_SUBSCRIPTIONS', id });
      expect(await socket.closed).toEqual({ code: 1008, reason: 'Too many messages' });
      expect(sim.streamState().dropped).toEqual({ rate: 1 });
    } finally {
      await sim.stop();
    }
  });

  it('1024 streams per connection: the 1025th subscription is refused, as is such a URL', async () => {
    const sim = await ExchangeSimulator.start({ port: 0 });
    try {
      const names = (n: number) => Array.from({ length: n }, (_, i) => `x${i}@trade`);
      const socket = await connect(`${sim.wsUrl}/ws`);
      let answer = socket.next(answerTo(1));
      socket.send({ method: 'SUBSCRIBE', params: names(1024), id: 1 });
      expect(await answer).toEqual({ result: null, id: 1 });
      answer = socket.next(answerTo(2));
      socket.send({ method: 'SUBSCRIBE', params: ['btcusdt@ticker'], id: 2 });
      expect(await answer).toMatchObject({ code: 2, id: 2 });
      socket.close();
      expect(await refusedStatus(`${sim.wsUrl}/stream?streams=${names(1025).join('/')}`)).toBe(400);
    } finally {
      await sim.stop();
    }
  });

  it('connection attempts per IP are limited (300 per 5 minutes; 3 here)', async () => {
    const sim = await ExchangeSimulator.start({
      port: 0,
      streams: { maxConnectionAttempts: 3 },
    });
    try {
      for (let i = 0; i < 3; i++) (await connect(`${sim.wsUrl}/ws/btcusdt@ticker`)).close();
      expect(await refusedStatus(`${sim.wsUrl}/ws/btcusdt@ticker`)).toBe(429);
    } finally {
      await sim.stop();
    }
  });
});

describe('exchange-sim streams through real ccxt pro', () => {
  it('watchTicker, watchTickers and watchOHLCV read the simulator', async () => {
    const sim = await ExchangeSimulator.start({
      port: 0,
      seed: 7,
      clockSpeed: 0,
      streams: { tickerUpdateMs: 100, klineUpdateMs: 100 },
    });
    const ex = new ccxt.pro.binance({
      options: { fetchMarkets: { types: ['spot'] }, fetchCurrencies: false, fetchMargins: false },
    });
    ex.urls['api'] = pointUrlsAt(ex.urls['api'], sim.url);
    await ex.loadHttpProxyAgent(); // ccxt needs an HTTP agent for ws:// (non-TLS) URLs
    try {
      sim.setPrice('BTC/USDT', 60_000);
      // ccxt reads the miniTicker stream unless told `name: 'ticker'` (no bid and ask in it)
      const mini = await ex.watchTicker('BTC/USDT');
      expect(mini.last).toBe(Number(sim.price('BTC/USDT')));
      const ticker = await ex.watchTicker('BTC/USDT', { name: 'ticker' });
      expect(ticker.symbol).toBe('BTC/USDT');
      expect(ticker.last).toBe(Number(sim.price('BTC/USDT')));
      expect(ticker.bid).toBeLessThanOrEqual(ticker.last ?? 0);

      const tickers = await ex.watchTickers(['ETH/USDT', 'SOL/USDT'], { name: 'ticker' });
      for (const t of Object.values(tickers))
        expect(t.last).toBe(Number(sim.price(t.symbol ?? '')));

      sim.setPrice('BTC/USDT', 61_000);
      const [candle] = (await ex.watchOHLCV('BTC/USDT', '1m')).slice(-1);
      const rest = await ex.fetchOHLCV('BTC/USDT', '1m', undefined, 1);
      expect(candle[0]).toBe(rest[0][0]);
      expect(candle[4]).toBe(61_000);
    } finally {
      await ex.close();
      await sim.stop();
    }
  });
});
