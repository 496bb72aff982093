import { connect } from 'node:net';
import { liveChannel } from '@platform/contracts';
import { SnapshotStore } from '@platform/market-snapshots';
import { type ApiClient, binanceTickerSnapshot, SseClient, waitFor } from '@platform/testing';
import type Redis from 'ioredis';
import { createBot, smaCrossBot } from '../test-support/bots';
import { type GatewayTestBed, startGatewayTestBed } from '../test-support/gateway-test-bed';
import { userIdOf } from '../test-support/users';
import { LiveHub } from './live-hub';

// GET /live against a real Redis (one subscriber per gateway, events on users' channels) and
// Postgres (which markets a user's running bots trade).
describe('live updates (server-sent events)', () => {
  let bed: GatewayTestBed;
  let api: ApiClient;
  let publisher: Redis;
  let snapshots: SnapshotStore;
  let hub: LiveHub;
  const streams: SseClient[] = [];
  const open = async (headers: Record<string, string> = {}, query = '') => {
    const client = await SseClient.connect(`${api.baseUrl}/live${query}`, headers);
    streams.push(client);
    return client;
  };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const ready = (client: SseClient) => client.waitForEvent((e) => e.event === 'ready', 'ready');
  const newBot = (token: string, name: string, symbol = 'BTC/USDT') =>
    createBot(api, token, smaCrossBot(name, { symbol }));
  /** Written as market-data writes it: announced, so the gateway relays it at once. */
  const ticker = (symbol: string, last: string) =>
    snapshots.writeTicker(binanceTickerSnapshot(symbol, last), 60_000);

  beforeAll(async () => {
    bed = await startGatewayTestBed({ LIVE_HEARTBEAT_MS: '300' });
    api = bed.api;
    hub = bed.gateway.app.get(LiveHub);
    publisher = bed.connectRedis();
    snapshots = new SnapshotStore(bed.redis.url);
  });

  afterEach(() => {
    for (const stream of streams.splice(0)) stream.close();
  });

  afterAll(async () => {
    await snapshots?.close();
    await bed?.close();
  });

  it('401 without a session or ticket; with an unknown ticket a message that says so', async () => {
    const none = await open();
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toMatchObject({ code: 'unauthenticated' });
    const unknown = await open({}, `?ticket=${'A'.repeat(43)}`);
    expect(unknown.status).toBe(401);
    expect(JSON.parse(unknown.body).message).toContain('ticket');
    expect((await api.post('/live/ticket')).status).toBe(401);
    const odd = await open({}, '?ticket=x&ticket=y');
    expect(odd.status).toBe(401);
    const extra = await open({}, '?foo=1');
    expect(extra.status).toBe(401);
  });

  it('with the Authorization header: an event stream with retry, a ready event and heartbeats', async () => {
    const token = await api.signIn('header@example.com');
    const client = await open(bearer(token));
    expect(client.status).toBe(200);
    expect(client.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(client.headers.get('cache-control')).toContain('no-cache');
    expect(client.headers.get('x-accel-buffering')).toBe('no');
    await ready(client);
    expect(client.retry).toBe(2000);
    await waitFor(
      'two heartbeats',
      () => client.comments.filter((c) => c === 'heartbeat').length >= 2,
      {
        timeoutMs: 5000,
      },
    );
    const bad = await open(bearer(token), '?limit=1');
    expect(bad.status).toBe(400);
  });

  it('with a ticket: single use, stored as a hash only, and no token in the URL', async () => {
    const token = await api.signIn('ticket@example.com');
    const issued = await api.post('/live/ticket', { token });
    expect(issued.status).toBe(201);
    expect(issued.body).toEqual({
      ticket: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expiresAt: expect.any(String),
    });
    const ttl = Date.parse(issued.body.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    const keys = await publisher.keys('gw:live-ticket:*');
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.some((key) => key.includes(issued.body.ticket))).toBe(false);
    const client = await open({}, `?ticket=${issued.body.ticket}`);
    expect(client.status).toBe(200);
    await ready(client);
    const again = await open({}, `?ticket=${issued.body.ticket}`);
    expect(again.status).toBe(401);
  });

  it('a ticket dies with its session', async () => {
    const token = await api.signIn('ticket-logout@example.com');
    const { ticket } = (await api.post('/live/ticket', { token })).body;
    await api.post('/auth/logout', { token });
    expect((await open({}, `?ticket=${ticket}`)).status).toBe(401);
  });

  it('start and stop through the API reach the owner’s stream as bot.status events', async () => {
    const token = await api.signIn('starter@example.com');
    const client = await open(bearer(token));
    await ready(client);
    const id = await newBot(token, 'live-one');
    await api.post(`/bots/${id}/start`, { token });
    await client.waitForEvent(
      (e) => e.event === 'bot.status' && e.data.botId === id && e.data.status === 'starting',
      'starting',
    );
    await api.post(`/bots/${id}/stop`, { token });
    const stopping = await client.waitForEvent(
      (e) => e.event === 'bot.status' && e.data.status === 'stopping',
      'stopping',
    );
    expect(stopping.data).toEqual({
      type: 'bot.status',
      botId: id,
      status: 'stopping',
      workerId: null,
      reason: null,
      at: expect.any(String),
    });
  });

  it('relays what workers publish on the user’s channel, nothing of other users, nothing unknown', async () => {
    const token = await api.signIn('relay@example.com');
    const other = await api.signIn('relay-other@example.com');
    const [mine, theirs] = [await open(bearer(token)), await open(bearer(other))];
    await Promise.all([ready(mine), ready(theirs)]);
    const userId = await userIdOf(api, token);
    const order = {
      type: 'order',
      botId: '0b9e6f4e-7a53-4c2f-9d8e-1f2a3b4c5d6e',
      orderId: 'o1',
      clientOrderId: 'tb1-1',
      side: 'buy',
      orderType: 'market',
      status: 'filled',
      amount: '0.001',
      filled: '0.001',
      averagePrice: '30000',
      at: new Date().toISOString(),
    };
    await publisher.publish(liveChannel(userId), 'not json');
    await publisher.publish(liveChannel(userId), JSON.stringify({ type: 'secret.internal' }));
    await publisher.publish(liveChannel(userId), JSON.stringify(order, null, 2));
    const got = await mine.waitForEvent((e) => e.event === 'order', 'the order');
    expect(got.data).toEqual(order);
    expect(mine.events.map((e) => e.event)).toEqual(['ready', 'order']);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(theirs.events.map((e) => e.event)).toEqual(['ready']);
  });

  it('tickers for the markets of the user’s running bots only, at most one per market per second', async () => {
    const token = await api.signIn('ticker@example.com');
    const id = await newBot(token, 'btc');
    await newBot(token, 'eth', 'ETH/USDT'); // stopped: no ETH tickers
    await api.post(`/bots/${id}/start`, { token });
    const client = await open(bearer(token));
    await ready(client);
    const started = Date.now();
    for (let i = 0; i < 12; i++) {
      await ticker('BTC/USDT', String(30000 + i));
      await ticker('ETH/USDT', String(2000 + i));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    const elapsed = Date.now() - started;
    const tickers = client.of('ticker');
    expect(tickers.length).toBeGreaterThanOrEqual(1);
    expect(tickers.length).toBeLessThanOrEqual(Math.ceil(elapsed / 1000) + 1);
    expect(tickers.every((t) => t.data.symbol === 'BTC/USDT')).toBe(true);
    expect(tickers[0].data).toEqual({
      type: 'ticker',
      exchangeId: 'binance',
      symbol: 'BTC/USDT',
      last: '30000',
      at: expect.any(String),
    });
    // stopping the bot ends its tickers
    await api.post(`/bots/${id}/stop`, { token });
    await new Promise((resolve) => setTimeout(resolve, 600));
    const before = client.of('ticker').length;
    for (let i = 0; i < 3; i++) {
      await ticker('BTC/USDT', '1');
      await new Promise((resolve) => setTimeout(resolve, 600));
    }
    expect(client.of('ticker').length).toBe(before);
  });

  it('a client that goes away is forgotten', async () => {
    const token = await api.signIn('leaver@example.com');
    const userId = await userIdOf(api, token);
    const client = await open(bearer(token));
    await ready(client);
    expect(hub.streamCount(userId)).toBe(1);
    client.close();
    await waitFor('the stream to be forgotten', () => hub.streamCount(userId) === 0, {
      timeoutMs: 5000,
    });
  });

  it('a logout ends the user’s open streams within a heartbeat', async () => {
    const token = await api.signIn('logout@example.com');
    const client = await open(bearer(token));
    await ready(client);
    await api.post('/auth/logout', { token });
    await waitFor('the stream to end', () => client.ended, { timeoutMs: 5000 });
  });

  it('a client that stops reading is cut off instead of buffering without bound', async () => {
    const token = await api.signIn('slow@example.com');
    const userId = await userIdOf(api, token);
    const { port } = new URL(api.baseUrl);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(`GET /live HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n\r\n`);
    socket.pause(); // never reads: the kernel buffers fill, then the gateway's
    await waitFor('the slow stream to open', () => hub.streamCount(userId) === 1, {
      timeoutMs: 5000,
    });
    const padding = 'x'.repeat(60_000);
    const event = JSON.stringify({ type: 'trade', botId: 'b', padding });
    for (let i = 0; i < 1000 && hub.streamCount(userId) > 0; i++) {
      await publisher.publish(liveChannel(userId), event);
      if (i % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await waitFor('the slow stream to be dropped', () => hub.streamCount(userId) === 0, {
      timeoutMs: 10000,
    });
    socket.destroy();
  });

  /** A stream read off the socket as it comes, head and body bytes, for `ms` after `act`. */
  async function rawStream(token: string, version: '1.0' | '1.1', act: () => Promise<void>) {
    const userId = await userIdOf(api, token);
    const { port } = new URL(api.baseUrl);
    const socket = connect(Number(port), '127.0.0.1');
    let wire = '';
    socket.setEncoding('latin1');
    socket.on('data', (text: string) => (wire += text));
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(`GET /live HTTP/${version}\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n\r\n`);
    await waitFor('the ready event', () => wire.includes('event: ready'), { timeoutMs: 5000 });
    await act();
    await waitFor('the relayed order', () => wire.includes('"botId":"raw"'), { timeoutMs: 5000 });
    socket.destroy();
    await waitFor('the stream to be forgotten', () => hub.streamCount(userId) === 0);
    const [head, body] = [
      wire.slice(0, wire.indexOf('\r\n\r\n')),
      wire.slice(wire.indexOf('\r\n\r\n') + 4),
    ];
    return { head, body, userId };
  }

  it('HTTP/1.1: every frame on the wire is one well-formed chunk (the relay writes them ready-made)', async () => {
    const token = await api.signIn('wire11@example.com');
    const userId = await userIdOf(api, token);
    const order = JSON.stringify({ type: 'order', botId: 'raw', note: 'é ✓' }); // multi-byte
    const { head, body } = await rawStream(token, '1.1', async () => {
      await publisher.publish(liveChannel(userId), order);
    });
    expect(head).toMatch(/transfer-encoding: chunked/i);
    // walk the chunks: each size line names exactly the bytes that follow it
    const bytes = Buffer.from(body, 'latin1');
    const frames: string[] = [];
    let at = 0;
    while (at < bytes.length) {
      const lineEnd = bytes.indexOf('\r\n', at);
      const size = parseInt(bytes.subarray(at, lineEnd).toString('latin1'), 16);
      const chunk = bytes.subarray(lineEnd + 2, lineEnd + 2 + size);
      expect(bytes.subarray(lineEnd + 2 + size, lineEnd + 4 + size).toString('latin1')).toBe(
        '\r\n',
      );
      frames.push(chunk.toString('utf8'));
      at = lineEnd + 4 + size;
    }
    expect(frames[0]).toMatch(/^retry: \d+\n\n$/);
    expect(frames[1]).toMatch(/^event: ready\ndata: /);
    expect(frames).toContain(`event: order\ndata: ${order}\n\n`);
    // and nothing else but heartbeats (written ready-made to every stream too)
    expect(frames.slice(2).filter((f) => !f.startsWith('event: order'))).toEqual(
      frames.slice(2).filter((f) => f === ': heartbeat\n\n'),
    );
  });

  it('HTTP/1.0: the frames as they are, without chunks', async () => {
    const token = await api.signIn('wire10@example.com');
    const userId = await userIdOf(api, token);
    const order = JSON.stringify({ type: 'order', botId: 'raw' });
    const { head, body } = await rawStream(token, '1.0', async () => {
      await publisher.publish(liveChannel(userId), order);
    });
    expect(head).not.toMatch(/transfer-encoding/i);
    expect(body).toMatch(/^retry: \d+\n\nevent: ready\ndata: .*\n\n/);
    expect(body).toContain(`\n\nevent: order\ndata: ${order}\n\n`);
    expect(body).not.toContain('\r\n'); // no chunk framing anywhere
  });

  it('at most 10 streams per user on one gateway: the 11th is a 429', async () => {
    const token = await api.signIn('greedy@example.com');
    for (let i = 0; i < 10; i++) await ready(await open(bearer(token)));
    const eleventh = await open(bearer(token));
    expect(eleventh.status).toBe(429);
    expect(JSON.parse(eleventh.body)).toMatchObject({ code: 'too_many_streams' });
  });
});
