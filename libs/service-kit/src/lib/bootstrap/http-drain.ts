import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * Lets an HTTP server stop without failing a request behind a load balancer (a rolling
 * restart, docs/operations.md). Nest's own close destroys every connection at once
 * (`forceCloseConnections`, so keep-alive and streams cannot hold a stop open) and closes the
 * modules a request in progress still needs. Before that, `drain()`:
 *
 * 1. marks the process draining: `/health/ready` answers 503 (probing balancers stop sending),
 *    and every response from now on carries `Connection: close`, so each keep-alive connection
 *    ends cleanly after its current answer instead of being cut under a proxy's next request;
 * 2. stops accepting connections: a proxy's new connection is refused, which nginx retries on
 *    another gateway for every method (the request never reached this one);
 * 3. closes the idle keep-alive connections and waits, up to a deadline, for the requests in
 *    progress to be answered.
 */
export class HttpDrain {
  private static current?: HttpDrain;
  private draining = false;
  private readonly open = new Set<ServerResponse>();

  private constructor(private readonly server: Server) {
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

  /** Steps 1-3 above; resolves when no request is in progress or at `deadlineMs`. */
  async drain(deadlineMs: number): Promise<{ unanswered: number }> {
    this.draining = true;
    for (const response of this.open)
      if (!response.headersSent) response.setHeader('Connection', 'close');
    this.server.close();
    this.server.closeIdleConnections();
    const until = Date.now() + deadlineMs;
    while (this.open.size > 0 && Date.now() < until)
      await new Promise((resolve) => setTimeout(resolve, 20));
    return { unanswered: this.open.size };
  }
}
