import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpDrain } from './http-drain';

// What a gateway does on SIGTERM before Nest closes, on a plain node HTTP server with a slow
// route: the request in progress is answered, keep-alive connections are told to close (and
// not cut while idle: a proxy may be sending on one), new connections are refused, and
// readiness reports draining.
describe('HttpDrain', () => {
  let server: Server;
  let port: number;

  beforeEach(async () => {
    server = createServer((req, res) => {
      const delay = req.url === '/slow' ? 300 : 0;
      setTimeout(() => res.end('done'), delay);
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterEach(() => {
    server.closeAllConnections();
    server.close();
  });

  /** A GET over `agent`'s connections (one, kept alive, unless told otherwise). */
  const get = (path: string, agent = new Agent({ keepAlive: true, maxSockets: 1 })) =>
    new Promise<{ status: number; connection?: string; body: string }>((resolve, reject) => {
      const req = request({ port, host: '127.0.0.1', path, agent });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }),
        );
      });
      req.on('error', reject);
      req.end();
    });

  it('answers the request in progress with Connection: close, then refuses new connections', async () => {
    const drain = HttpDrain.watch(server);
    expect(HttpDrain.isDraining).toBe(false);
    const before = new Agent({ keepAlive: true });
    expect((await get('/fast', before)).connection).toBe('keep-alive');
    before.destroy(); // this client is gone: its connection holds nothing open

    const slow = get('/slow');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(drain.inFlight).toBe(1);
    const drained = drain.drain(5000);
    expect(HttpDrain.isDraining).toBe(true);

    expect(await slow).toEqual({ status: 200, connection: 'close', body: 'done' });
    expect(await drained).toEqual({ unanswered: 0 });
    await expect(get('/fast')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('leaves an idle keep-alive connection open: a request sent on it is answered, then it closes', async () => {
    const drain = HttpDrain.watch(server, 'wait');
    const proxy = new Agent({ keepAlive: true, maxSockets: 1 }); // as nginx's upstream keepalive
    expect((await get('/fast', proxy)).connection).toBe('keep-alive');

    let told = 0;
    HttpDrain.onDraining(() => told++); // as the gateway's live streams are ended
    let ended = false;
    const drained = drain.drain(60_000).then((result) => ((ended = true), result));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(ended).toBe(false); // the idle connection was not cut under the proxy
    expect(told).toBe(1);

    // the proxy's next request on that connection: answered, and the connection ends with it
    expect(await get('/fast', proxy)).toEqual({ status: 200, connection: 'close', body: 'done' });
    expect(await drained).toEqual({ unanswered: 0 });
    proxy.destroy();
  });
});
