import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

/**
 * What happens to an idle keep-alive connection when draining starts. `wait` (a server behind a
 * proxy that reuses connections, as nginx does to the gateways): it is left to end by itself,
 * because the proxy may be sending a request on it that moment, which it cannot retry elsewhere
 * if it is a POST or PATCH (a 502). `close` (scrapers and probes only): closed at once.
 */
export type IdleConnectionsOnDrain = 'wait' | 'close';

/**
 * Lets an HTTP server stop without failing a request behind a load balancer (a rolling
 * restart, docs/operations.md). Nest's own close destroys every connection at once
 * (`forceCloseConnections`, so keep-alive and streams cannot hold a stop open) and closes the
 * modules a request in progress still needs. Before that, `drain()`:
 *
 * 1. marks the process draining: `/health/ready` answers 503 (probing balancers stop sending),
 *    every response from now on carries `Connection: close`, so each keep-alive connection ends
 *    cleanly after its next answer, and the `onDraining` listeners run (the gateway ends its
 *    live streams: their clients reconnect to another gateway);
 * 2. stops accepting connections: a proxy's new connection is refused, which nginx retries on
 *    another gateway for every method (the request never reached this one);
 * 3. waits, up to a deadline, for the requests in progress to be answered and, with `wait`, for
 *    the idle connections to end (nginx closes its idle upstream connections after its
 *    `keepalive_timeout`, below the gateway's own); what is left then is closed.
 */
export class HttpDrain {
  private static current?: HttpDrain;
  private static readonly drainingListeners: (() => void)[] = [];
  private draining = false;
  private readonly open = new Set<ServerResponse>();
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly idle: IdleConnectionsOnDrain,
  ) {
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
      this.open.add(response);
      if (this.draining) response.setHeader('Connection', 'close');
      const done = () => this.open.delete(response);
      response.once('finish', done);
      response.once('close', done);
    });
  }

  /** Watches `server`'s requests; the process's drain state (one HTTP server per process). */
  static watch(server: Server, idle: IdleConnectionsOnDrain = 'close'): HttpDrain {
    HttpDrain.current = new HttpDrain(server, idle);
    return HttpDrain.current;
  }

  /** Whether this process is draining (readiness answers 503). */
  static get isDraining(): boolean {
    return HttpDrain.current?.draining ?? false;
  }

  /** Runs `listener` when draining starts (e.g. ending long-lived streams). */
  static onDraining(listener: () => void): void {
    HttpDrain.drainingListeners.push(listener);
  }

  /** Requests received and not answered yet. */
  get inFlight(): number {
    return this.open.size;
  }

  /** Steps 1-3 above; resolves when nothing is left to wait for, or at `deadlineMs`. */
  async drain(deadlineMs: number): Promise<{ unanswered: number }> {
    this.draining = true;
    for (const response of this.open)
      if (!response.headersSent) response.setHeader('Connection', 'close');
    for (const listener of HttpDrain.drainingListeners) listener();
    // net's close stops listening only; http's close would also cut the idle connections
    NetServer.prototype.close.call(this.server);
    if (this.idle === 'close') this.server.closeIdleConnections();
    const waiting = () => this.open.size > 0 || (this.idle === 'wait' && this.sockets.size > 0);
    const until = Date.now() + deadlineMs;
    while (waiting() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
    this.server.closeIdleConnections();
    return { unanswered: this.open.size };
  }
}
