import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { candleOpen } from '../intervals';
import type { Market } from '../market';
import { StreamConnection } from './stream-connection';
import { type StreamName, carriesSymbol, parseStreamName } from './stream-names';
import type { StreamOptions } from './stream-options';
import { klineEvent, miniTickerEvent, payloadOf, tickerEvent } from './stream-payloads';
import { isStreamError, parseStreamRequest, type StreamRequest } from './stream-requests';

export type StreamState = {
  enabled: boolean;
  connections: number;
  subscriptions: number;
  /** Connections opened since start (or the last reset). */
  opened: number;
  /** Connections the server closed: pong timeout, message rate, lifetime, admin drops. */
  dropped: Record<string, number>;
};

/** Close codes and reasons the server disconnects with. */
const CLOSE = {
  rate: { code: 1008, reason: 'Too many messages' },
  pong: { code: 1001, reason: 'Pong timeout' },
  lifetime: { code: 1000, reason: 'Connection lifetime exceeded (24 hours)' },
  admin: { code: 1001, reason: 'Server going away' },
} as const;

/**
 * Binance's WebSocket market streams on the simulator's HTTP port: raw `/ws/<stream>` and
 * combined `/stream?streams=a/b`, live SUBSCRIBE/UNSUBSCRIBE/LIST_SUBSCRIPTIONS and properties,
 * tickers every `tickerUpdateMs` (and at once when the admin API sets a price), klines every
 * `klineUpdateMs` with the final (`x: true`) event of a candle before the next one's, ping
 * frames with pong timeout, the 24-hour lifetime and the documented connection limits.
 */
export class StreamServer {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly connections = new Set<StreamConnection>();
  private readonly attempts = new Map<string, number[]>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly lifetimes = new Map<StreamConnection, NodeJS.Timeout>();
  private enabled = true;
  private opened = 0;
  private dropped: Record<string, number> = {};

  constructor(
    private readonly market: Market,
    readonly options: StreamOptions,
  ) {
    this.timers.push(
      setInterval(() => this.pushTickers(), options.tickerUpdateMs),
      setInterval(() => this.pushKlines(), options.klineUpdateMs),
      setInterval(() => this.pingAll(), options.pingIntervalMs),
    );
    for (const timer of this.timers) timer.unref();
  }

  /** The HTTP server's `upgrade` event: checks limits, then opens the connection. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, ip: string): void {
    const url = new URL(req.url ?? '/', 'http://sim.local');
    const refuse = (status: number, text: string) => {
      socket.end(
        `HTTP/1.1 ${status} ${text}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
      );
    };
    const names = this.namesOf(url);
    if (names === undefined) return refuse(404, 'Not Found');
    if (!this.enabled) return refuse(503, 'Service Unavailable');
    if (!this.admitAttempt(ip)) return refuse(429, 'Too Many Requests');
    if (names.length > this.options.maxStreamsPerConnection) return refuse(400, 'Bad Request');
    this.wss.handleUpgrade(req, socket, head, (ws) =>
      this.open(ws, ip, url.pathname.startsWith('/stream'), names),
    );
  }

  /** Pushes the tickers (and open candles) of a symbol whose price was just set. */
  priceChanged(symbolId: string): void {
    const now = this.market.now();
    for (const connection of this.connections) {
      for (const [name, sub] of connection.subscriptions) {
        const stream = sub.stream;
        if (!stream || !carriesSymbol(stream, symbolId)) continue;
        if (stream.kind === 'allTickers')
          connection.send(name, [tickerEvent(this.market, symbolId)]);
        else if (stream.kind === 'allMiniTickers')
          connection.send(name, [miniTickerEvent(this.market, symbolId)]);
        else if (stream.kind === 'kline') this.sendKline(connection, name, sub, now);
        else connection.send(name, payloadOf(this.market, stream));
      }
    }
  }

  /** Off: every connection is dropped and new ones are refused (503) until switched on. */
  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    if (!enabled) this.dropAll();
  }

  /** Closes every open connection (clients reconnect if they want to). */
  dropAll(): number {
    const count = this.connections.size;
    for (const connection of [...this.connections]) this.drop(connection, 'admin');
    return count;
  }

  state(): StreamState {
    let subscriptions = 0;
    for (const c of this.connections) subscriptions += c.subscriptions.size;
    return {
      enabled: this.enabled,
      connections: this.connections.size,
      subscriptions,
      opened: this.opened,
      dropped: { ...this.dropped },
    };
  }

  /** Back to the start: on, no attempt history, counters at zero (connections stay). */
  reset(): void {
    this.enabled = true;
    this.attempts.clear();
    this.opened = this.connections.size;
    this.dropped = {};
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    for (const connection of [...this.connections]) connection.socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private namesOf(url: URL): string[] | undefined {
    if (url.pathname.startsWith('/ws/') || url.pathname === '/ws') {
      const name = decodeURIComponent(url.pathname.slice('/ws/'.length));
      return name === '' ? [] : [name];
    }
    if (url.pathname === '/stream' || url.pathname === '/stream/') {
      return (url.searchParams.get('streams') ?? '').split('/').filter((n) => n !== '');
    }
    return undefined;
  }

  private admitAttempt(ip: string): boolean {
    const now = Date.now();
    const recent = (this.attempts.get(ip) ?? []).filter(
      (at) => now - at < this.options.connectionAttemptWindowMs,
    );
    recent.push(now);
    this.attempts.set(ip, recent);
    return recent.length <= this.options.maxConnectionAttempts;
  }

  private open(ws: WebSocket, ip: string, combined: boolean, names: string[]): void {
    const connection = new StreamConnection(ws, ip, combined);
    for (const name of names) {
      const stream = this.parse(name);
      // a raw path that names no stream (ccxt connects to /ws/0 and subscribes) holds none
      if (stream || combined) connection.subscribe(name, stream);
    }
    this.connections.add(connection);
    this.opened += 1;
    const lifetime = setTimeout(
      () => this.drop(connection, 'lifetime'),
      this.options.maxConnectionMs,
    );
    lifetime.unref();
    this.lifetimes.set(connection, lifetime);
    const incoming = () => {
      if (!connection.countIncoming(this.options.maxIncomingPerSecond))
        this.drop(connection, 'rate');
    };
    ws.on('message', (data, isBinary) => {
      incoming();
      if (!this.connections.has(connection)) return;
      this.onRequest(connection, isBinary ? '' : data.toString());
    });
    ws.on('ping', incoming);
    ws.on('pong', () => {
      connection.lastPongAt = Date.now();
      incoming();
    });
    ws.on('close', () => this.forget(connection));
    ws.on('error', () => this.forget(connection));
  }

  private onRequest(connection: StreamConnection, text: string): void {
    const request = parseStreamRequest(text);
    if (isStreamError(request)) {
      connection.answer(request);
      return;
    }
    const answer = this.execute(connection, request);
    connection.answer({ ...answer, id: request.id });
  }

  private execute(
    connection: StreamConnection,
    request: StreamRequest,
  ): { result: unknown } | { code: number; msg: string } {
    switch (request.method) {
      case 'SUBSCRIBE': {
        const adding = request.params.filter((n) => !connection.subscriptions.has(n));
        if (connection.subscriptions.size + adding.length > this.options.maxStreamsPerConnection) {
          return {
            code: 2,
            msg: `Invalid request: at most ${this.options.maxStreamsPerConnection} streams per connection`,
          };
        }
        for (const name of adding) connection.subscribe(name, this.parse(name));
        return { result: null };
      }
      case 'UNSUBSCRIBE':
        for (const name of request.params) connection.subscriptions.delete(name);
        return { result: null };
      case 'LIST_SUBSCRIPTIONS':
        return { result: [...connection.subscriptions.keys()] };
      case 'SET_PROPERTY':
        if (request.property !== 'combined') return { code: 0, msg: 'Unknown property' };
        if (typeof request.value !== 'boolean')
          return { code: 1, msg: 'Invalid value type: expected Boolean' };
        connection.combined = request.value;
        return { result: null };
      case 'GET_PROPERTY':
        if (request.property !== 'combined') return { code: 0, msg: 'Unknown property' };
        return { result: connection.combined };
    }
  }

  private parse(name: string): StreamName | undefined {
    return parseStreamName(name, (id) => this.market.symbol(id) !== undefined);
  }

  private pushTickers(): void {
    const cache = new Map<string, unknown>();
    for (const connection of this.connections) {
      for (const [name, { stream }] of connection.subscriptions) {
        if (!stream || stream.kind === 'kline') continue;
        if (!cache.has(name)) cache.set(name, payloadOf(this.market, stream));
        connection.send(name, cache.get(name));
      }
    }
  }

  private pushKlines(): void {
    const now = this.market.now();
    for (const connection of this.connections) {
      for (const [name, sub] of connection.subscriptions) {
        if (sub.stream?.kind === 'kline') this.sendKline(connection, name, sub, now);
      }
    }
  }

  /** The open candle; first the final event of the previous one when a new candle opened. */
  private sendKline(
    connection: StreamConnection,
    name: string,
    sub: { stream: StreamName | undefined; lastKlineOpen?: number },
    now: number,
  ): void {
    const stream = sub.stream;
    if (stream?.kind !== 'kline') return;
    const open = candleOpen(stream.interval, now);
    if (sub.lastKlineOpen !== undefined && sub.lastKlineOpen < open) {
      connection.send(
        name,
        klineEvent(this.market, stream.symbolId, stream.interval, sub.lastKlineOpen),
      );
    }
    sub.lastKlineOpen = open;
    connection.send(name, klineEvent(this.market, stream.symbolId, stream.interval, open));
  }

  /** Drops connections whose pong is overdue, then pings the others. */
  private pingAll(): void {
    const now = Date.now();
    for (const connection of [...this.connections]) {
      if (now - connection.lastPongAt > this.options.pongTimeoutMs) {
        this.drop(connection, 'pong');
        continue;
      }
      if (connection.socket.readyState === connection.socket.OPEN) connection.socket.ping();
    }
  }

  private drop(connection: StreamConnection, why: keyof typeof CLOSE): void {
    if (!this.connections.has(connection)) return;
    this.dropped[why] = (this.dropped[why] ?? 0) + 1;
    this.forget(connection);
    const { code, reason } = CLOSE[why];
    connection.socket.close(code, reason);
    // a client that does not answer the close handshake is cut
    setTimeout(() => connection.socket.terminate(), 1000).unref();
  }

  private forget(connection: StreamConnection): void {
    this.connections.delete(connection);
    clearTimeout(this.lifetimes.get(connection));
    this.lifetimes.delete(connection);
  }
}
