import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpDrain } from './http-drain';

// What a gateway does on SIGTERM before Nest closes, on a plain node HTTP server with a slow
// route: the request in progress is answered, keep-alive connections are told to close, new
// connections are refused, and readiness reports draining.
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

  const get = (path: string) =>
    new Promise<{ status: number; connection?: string; body: string }>((resolve, reject) => {
      const req = request({ port, host: '127.0.0.1', path, headers: { connection: 'keep-alive' } });
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
    expect((await get('/fast')).connection).toBe('keep-alive');

    const slow = get('/slow');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(drain.inFlight).toBe(1);
    const drained = drain.drain(5000);
    expect(HttpDrain.isDraining).toBe(true);

    expect(await slow).toEqual({ status: 200, connection: 'close', body: 'done' });
    expect(await drained).toEqual({ unanswered: 0 });
    await expect(get('/fast')).rejects.toThrow(/ECONNREFUSED/);
  });
});
