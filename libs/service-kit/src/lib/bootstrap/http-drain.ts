import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Lets an HTTP server stop without failing a request behind a load balancer (a rolling
 * restart, docs/operations.md). Nest's own close destroys every connection at once
 * (`forceCloseConnections`, so keep-alive and streams cannot hold a stop open) and closes the
 * modules a request in progress still needs. Before that, `drain()`:
 *
 * 1. marks the process draining: `/health/ready` answers 503 (probing balancers stop sending),
 *    and every response from now on carries `Connection: close`, so each keep-alive connection
 *    ends cleanly after its next answer;
 * 2. waits, up to a deadline, for the requests in progress to be answered and for the
 *    connections to end. An idle keep-alive connection is not cut: the proxy may be sending a
 *    request on it that moment, which it cannot retry elsewhere if it is a POST or PATCH (a
 *    502). Node's `server.close()` cuts idle connections, so it waits too. A proxy closes its
 *    idle connections by itself (nginx's upstream `keepalive_timeout` is below the gateway's
 *    5 s); a new connection meanwhile is served, with `Connection: close`;
 * 3. stops accepting connections (a proxy's new connection is refused, which nginx retries on
 *    another gateway for every method) and closes what is left idle.
 */
export class HttpDrain {
  private static current?: HttpDrain;
  private draining = false;
  private readonly open = new Set<ServerResponse>();
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {
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
  static watch(server: Server): HttpDrain {
    HttpDrain.current = new HttpDrain(server);
    return HttpDrain.current;
  }

  /** Whether this process is draining (readiness answers 503). */
  static get isDraining(): boolean {
    return HttpDrain.current?.draining ?? false;
  }

  /** Requests received and not answered yet. */
  get inFlight(): number {
    return this.open.size;
  }

  /** Steps 1-3 above; resolves when no request or connection is left, or at `deadlineMs`. */
  async drain(deadlineMs: number): Promise<{ unanswered: number }> {
    this.draining = true;
    for (const response of this.open)
      if (!response.headersSent) response.setHeader('Connection', 'close');
    const until = Date.now() + deadlineMs;
    while ((this.open.size > 0 || this.sockets.size > 0) && Date.now() < until)
      await new Promise((resolve) => setTimeout(resolve, 20));
    this.server.close(); // and the idle connections left
    return { unanswered: this.open.size };
  }
}
