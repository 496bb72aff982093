import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Accounts } from './accounts';
import { authenticate } from './auth';
import { BinanceError, EXECUTION_UNKNOWN, IP_BANNED, TOO_MANY_REQUESTS, UNKNOWN } from './errors';
import { DEFAULT_HOLD_MS, type Fault, type Faults } from './faults';
import type { Json } from './order-views';
import { Params } from './params';
import { type RateLimiter, retryAfterSeconds } from './rate-limiter';
import type { Outcome, RequestLog, RequestLogEntry } from './request-log';
import { type SimulatorControl, handleAdmin } from './routes-admin';
import type { Reply, Route } from './routes';
import { toMicroseconds, wantsMicroseconds } from './time-unit';
import { requestWeight } from './weights';

export interface ServerParts {
  routes: Route[];
  accounts: Accounts;
  faults: Faults;
  limiter: RateLimiter;
  log: RequestLog;
  control: SimulatorControl;
  /** wall clock of the server for signed requests */
  serverTime(): number;
  /** runs before every API request: fills resting orders the price has reached */
  beforeRequest(): void;
  /** take the client IP from X-Forwarded-For (to simulate many clients from one host) */
  trustForwardedFor: boolean;
  /** refuse parameters an endpoint does not read (-1104) and repeated ones (-1101) */
  strictParams: boolean;
  /** WebSocket upgrades (the market streams) */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, ip: string): void;
}

interface Answer {
  status: number;
  body: Json | string;
  code?: number;
  headers?: Record<string, string>;
}

const MAX_BODY = 1 << 20;

/**
 * The HTTP side: admin requests go straight to their handler; API requests run through
 * faults, the IP weight limiter, authentication and the route, and are logged.
 */
export class SimServer {
  private readonly server: Server;
  private readonly pending = new Set<NodeJS.Timeout>();
  private readonly held = new Set<ServerResponse>();
  private stopped = false;

  constructor(private readonly parts: ServerParts) {
    this.server = createServer((req, res) => {
      this.onRequest(req, res).catch((error: unknown) => {
        if (!res.headersSent && !res.destroyed) {
          send(res, { status: 500, body: UNKNOWN().body() });
        }
        process.stderr.write(
          `exchange-sim: ${error instanceof Error ? error.stack : String(error)}\n`,
        );
      });
    });
    this.server.keepAliveTimeout = 5000;
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on('error', () => socket.destroy());
      this.parts.upgrade(req, socket, head, this.clientIp(req));
    });
  }

  async listen(port: number, host: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.stopped = true;
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
    for (const res of this.held) res.destroy();
    this.held.clear();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://sim.local');
    const method = req.method ?? 'GET';
    const path = url.pathname;
    if (path === '/admin' || path.startsWith('/admin/')) {
      const answer = handleAdmin(this.parts.control, method, path, url.searchParams, rawBody);
      send(res, answer);
      return;
    }
    const { log, faults } = this.parts;
    const header = req.headers['x-mbx-apikey'];
    const entry = log.start({
      time: Date.now(),
      method,
      path,
      // query without the signature: lets tests see which symbols a request asked for
      query: url.search.replace(/&?signature=[0-9a-f]+/, ''),
      ip: this.clientIp(req),
      apiKey: typeof header === 'string' ? header : undefined,
    });
    const plan = faults.plan(method, path);
    if (plan.latencyMs > 0) await this.sleep(plan.latencyMs);
    if (this.stopped || res.destroyed) {
      log.finish(entry, 'aborted');
      return;
    }
    const fault = plan.terminal;
    if (fault?.kind === 'drop') {
      log.finish(entry, 'dropped');
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'force429') {
      const retryAfter = fault.retryAfterS ?? 1;
      const error = TOO_MANY_REQUESTS(this.parts.limiter.options.weightLimit);
      this.finish(res, entry, 'fault_429', {
        status: 429,
        body: error.body(),
        code: error.code,
        headers: {
          'X-MBX-USED-WEIGHT-1M': String(this.parts.limiter.usedWeight(entry.ip)),
          'Retry-After': String(retryAfter),
        },
      });
      return;
    }
    this.runApi(req, res, entry, url, rawBody, fault);
  }

  private runApi(
    req: IncomingMessage,
    res: ServerResponse,
    entry: RequestLogEntry,
    url: URL,
    rawBody: string,
    fault: Fault | undefined,
  ): void {
    const { routes, limiter } = this.parts;
    const route = routes.find((r) => r.method === entry.method && r.path === entry.path);
    const rawQuery = url.search.slice(1);
    const params = Params.parse(rawQuery, rawBody);
    entry.weight = route ? requestWeight(entry.method, entry.path, params) : 1;
    const admission = limiter.admit(entry.ip, entry.weight);
    const weightHeaders = {
      'X-MBX-USED-WEIGHT': String(admission.usedWeight),
      'X-MBX-USED-WEIGHT-1M': String(admission.usedWeight),
    };
    if (admission.kind !== 'ok') {
      const error =
        admission.kind === 'banned'
          ? IP_BANNED(admission.untilMs)
          : TOO_MANY_REQUESTS(limiter.options.weightLimit);
      this.finish(res, entry, admission.kind === 'banned' ? 'banned' : 'rate_limited', {
        status: error.status,
        body: error.body(),
        code: error.code,
        headers: {
          ...weightHeaders,
          'Retry-After': String(retryAfterSeconds(admission.retryAfterMs)),
        },
      });
      return;
    }
    if (fault?.kind === 'http5xx' && !fault.execute) {
      this.finish(res, entry, 'fault_5xx', {
        status: fault.status ?? 503,
        body: 'Service Unavailable',
        headers: weightHeaders,
      });
      return;
    }
    const answer = this.execute(route, params, req, rawQuery, rawBody);
    if (answer.status === 200 && wantsMicroseconds(req.headers['x-mbx-time-unit'])) {
      answer.body = toMicroseconds(entry.path, answer.body as Json);
    }
    if (fault?.kind === 'unknownOutcome') {
      // the request took effect; the client never learns it
      this.parts.log.finish(entry, 'unknown_outcome', undefined, answer.code);
      this.hold(res, fault.holdMs ?? DEFAULT_HOLD_MS);
      return;
    }
    if (fault?.kind === 'http5xx') {
      const error = EXECUTION_UNKNOWN();
      this.finish(res, entry, 'fault_5xx_executed', {
        status: fault.status ?? error.status,
        body: error.body(),
        code: error.code,
        headers: weightHeaders,
      });
      return;
    }
    this.finish(res, entry, answer.status === 200 ? 'ok' : 'error', {
      ...answer,
      headers: { ...weightHeaders, ...answer.headers },
    });
  }

  private execute(
    route: Route | undefined,
    params: Params,
    req: IncomingMessage,
    rawQuery: string,
    rawBody: string,
  ): Answer {
    if (!route) return { status: 404, body: 'Not Found' };
    try {
      if (this.parts.strictParams) params.checkStrict(route.params);
      this.parts.beforeRequest();
      const header = req.headers['x-mbx-apikey'];
      const account = route.signed
        ? authenticate(
            {
              apiKeyHeader: typeof header === 'string' ? header : undefined,
              rawQuery,
              rawBody,
              params,
              serverTime: this.parts.serverTime(),
            },
            this.parts.accounts,
          )
        : undefined;
      const reply: Reply = { headers: {} };
      const body = route.handle(params, account, reply);
      return { status: 200, body, headers: reply.headers };
    } catch (error) {
      if (error instanceof BinanceError) {
        return {
          status: error.status,
          body: error.body(),
          code: error.code,
          headers: error.headers,
        };
      }
      process.stderr.write(
        `exchange-sim: ${error instanceof Error ? error.stack : String(error)}\n`,
      );
      const unknown = UNKNOWN();
      return { status: unknown.status, body: unknown.body(), code: unknown.code };
    }
  }

  private finish(
    res: ServerResponse,
    entry: RequestLogEntry,
    outcome: Outcome,
    answer: Answer,
  ): void {
    this.parts.log.finish(entry, outcome, answer.status, answer.code);
    send(res, answer);
  }

  /** Keep the connection open without answering, then cut it. */
  private hold(res: ServerResponse, ms: number): void {
    this.held.add(res);
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      this.held.delete(res);
      res.destroy();
    }, ms);
    this.pending.add(timer);
    res.on('close', () => this.held.delete(res));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        resolve();
      }, ms);
      this.pending.add(timer);
    });
  }

  private clientIp(req: IncomingMessage): string {
    const forwarded = req.headers['x-forwarded-for'];
    if (this.parts.trustForwardedFor && typeof forwarded === 'string' && forwarded.trim() !== '') {
      return forwarded.split(',')[0].trim();
    }
    return (req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
  }
}

function send(res: ServerResponse, answer: Answer): void {
  if (res.destroyed || res.headersSent) return;
  const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'Content-Type':
      typeof answer.body === 'string' ? 'text/plain' : 'application/json;charset=UTF-8',
    'Content-Length': Buffer.byteLength(text),
    ...answer.headers,
  });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY) throw new Error('request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
