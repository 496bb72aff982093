import { request } from 'node:http';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { GatewayUnderTest } from '../test-support/gateway-harness';
import { type GatewayTestBed, startGatewayTestBed } from '../test-support/gateway-test-bed';

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

/** One request with node:http (no fetch limits or rewrites in the way); the body parsed as JSON. */
function rawRequest(
  baseUrl: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer },
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${baseUrl}${options.path}`,
      { method: options.method ?? 'GET', headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: Record<string, unknown> = {};
          try {
            body = JSON.parse(text);
          } catch {
            body = { notJson: text.slice(0, 200) };
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

// Transport-level oddities (compressed bodies that are not, unknown encodings, huge URLs and
// headers) get a 4xx in the one error shape, and the server carries on.
describe('hostile transport', () => {
  let bed: GatewayTestBed;
  let gateway: GatewayUnderTest;
  const send = (options: Parameters<typeof rawRequest>[1]) =>
    rawRequest(gateway.api.baseUrl, options);
  const login = (encoding: string, body = Buffer.from('this is not compressed at all')) =>
    send({
      method: 'POST',
      path: '/auth/login',
      headers: { 'content-type': 'application/json', 'content-encoding': encoding },
      body,
    });
  const expectErrorBody = (answer: RawAnswer, statusCode: number) => {
    expect(answer.status).toBe(statusCode);
    expect(answer.body).toEqual({
      statusCode,
      code: expect.any(String),
      message: expect.any(String),
      correlationId: answer.headers['x-request-id'],
    });
  };

  beforeAll(async () => {
    bed = await startGatewayTestBed();
    gateway = bed.gateway;
  });

  afterAll(() => bed?.close());

  it.each(['gzip', 'br', 'deflate'])(
    'a body that says %s but is not is a 400',
    async (encoding) => {
      const answer = await login(encoding);
      expectErrorBody(answer, 400);
      expect(answer.body['message']).toMatch(/decompress/i);
      expect(gateway.logs.lines.filter((line) => line.startsWith('ERROR'))).toEqual([]);
    },
  );

  it('a body that is gzip as it says is read as usual', async () => {
    const body = gzipSync(JSON.stringify({ email: 'zip@example.com', password: 'some password' }));
    expect((await login('gzip', body)).status).toBe(401);
  });

  it.each(['zstd', 'foo', 'gzip, br'])('Content-Encoding: %s is a 415', async (encoding) => {
    const answer = await login(encoding);
    expectErrorBody(answer, 415);
    expect(answer.body['code']).toBe('unsupported_media_type');
  });

  it('a 70 KB URL is a 414 in the error shape, before the request gate, and the server is fine after', async () => {
    const answer = await send({ path: `/bots?cursor=${'a'.repeat(70 * 1024)}` });
    expectErrorBody(answer, 414);
    expect(answer.body['code']).toBe('uri_too_long');
    // the gate (one Redis call) sets RateLimit-* on every request it counts
    expect(answer.headers['ratelimit-limit']).toBeUndefined();
    expect((await send({ path: '/bots?cursor=short' })).headers['ratelimit-limit']).toBeDefined();
    expect((await send({ path: '/health/live' })).status).toBe(200);
  });

  it('headers beyond what the server reads are a 431 in the error shape', async () => {
    const answer = await send({
      path: '/health/live',
      headers: { 'x-padding': 'p'.repeat(2 * 1024 * 1024) },
    });
    expect(answer.status).toBe(431);
    expect(answer.body).toMatchObject({ statusCode: 431, code: 'headers_too_large' });
    expect((await send({ path: '/health/live' })).status).toBe(200);
  });

  it('what is not HTTP at all gets a 400 in the error shape on the raw socket', async () => {
    const { port } = new URL(gateway.api.baseUrl);
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write('HELLO?\r\n\r\n'));
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString('utf8')));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    const [head = '', json = ''] = reply.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(head).toMatch(/content-type: application\/json/i);
    expect(JSON.parse(json)).toEqual({
      statusCode: 400,
      code: 'bad_request',
      message: expect.any(String),
      correlationId: head.match(/x-request-id: (\S+)/i)?.[1],
    });
  });
});
