import type { ApiCredentials, ApiKeySpec } from './accounts';
import {
  AdminInputError,
  type JsonObject,
  optionalAmounts,
  optionalBoolean,
  optionalNumber,
  optionalString,
  parseJsonObject,
  requiredString,
} from './admin-input';
import { FAULT_KINDS, type Fault, type FaultKind, type FaultSpec } from './faults';
import type { Json } from './order-views';
import type { RateLimitOptions } from './rate-limiter';
import type { RequestCounts, RequestLogEntry } from './request-log';

export interface ClockState {
  marketTime: number;
  speed: number;
  serverTime: number;
}

export interface ClockChange {
  speed?: number;
  advanceMs?: number;
  time?: number;
}

export interface RequestFilter {
  path?: string;
  method?: string;
  apiKey?: string;
  limit?: number;
}

/** What the admin API can do; ExchangeSimulator implements it (tests may call it directly). */
export interface SimulatorControl {
  createApiKey(spec?: ApiKeySpec): ApiCredentials;
  setBalances(apiKey: string, balances: Record<string, string>): void;
  accountSnapshot(apiKey: string): Json;
  setPrice(symbol: string, price: number): void;
  prices(): Record<string, string>;
  setClock(change: ClockChange): ClockState;
  clockState(): ClockState;
  addFault(spec: FaultSpec): Fault;
  faults(): Fault[];
  removeFault(id: number): boolean;
  clearFaults(): void;
  requests(filter?: RequestFilter): RequestLogEntry[];
  counts(): RequestCounts;
  clearRequests(): void;
  setRateLimits(change: Partial<RateLimitOptions>, clearUsage?: boolean): RateLimitOptions;
  rateLimits(): RateLimitOptions;
  orders(filter: { apiKey?: string; symbol?: string; openOnly?: boolean }): Json;
  fillOrder(symbol: string, orderId: number, quantity?: string): Json;
  match(): number;
  reset(): void;
  info(): Json;
  streamState(): Json;
  setStreams(change: { enabled?: boolean; drop?: boolean }): Json;
}

export interface AdminResponse {
  status: number;
  body: Json;
}

/**
 * /admin/... (no key, no signature, not logged, no weight): test and demo controls.
 *   GET  /admin/info                      symbols, settings, url
 *   POST /admin/keys                      {apiKey?, secret?, balances?} -> {apiKey, secret}
 *   GET  /admin/keys/:key                 balances and open orders
 *   PUT  /admin/keys/:key/balances        {USDT: "1000", ...} sets free balances
 *   GET  /admin/prices                    last price of every symbol
 *   POST /admin/prices                    {symbol, price}: the path continues from this price
 *   GET  /admin/clock | POST /admin/clock {speed?, advanceMs?, time?}
 *   GET  /admin/faults | POST /admin/faults {kind, path?, method?, count?, rate?, ...}
 *   DELETE /admin/faults[/:id]
 *   GET  /admin/requests?path&method&apiKey&limit | DELETE /admin/requests
 *   GET  /admin/counts                    totals per path, IP, API key and outcome
 *   GET  /admin/rate-limits | POST /admin/rate-limits {weightLimit?, windowMs?, ..., clear?}
 *   GET  /admin/orders?apiKey&symbol&open=true
 *   POST /admin/orders/fill               {symbol, orderId, quantity?}: fill a resting order
 *   POST /admin/match                     fill resting orders the price has reached now
 *   POST /admin/reset                     back to the state at start
 */
export function handleAdmin(
  control: SimulatorControl,
  method: string,
  path: string,
  query: URLSearchParams,
  rawBody: string,
): AdminResponse {
  try {
    const body = method === 'GET' || method === 'DELETE' ? {} : parseJsonObject(rawBody);
    const result = dispatch(control, method, path.replace(/\/+$/, ''), query, body);
    return result ?? { status: 404, body: { error: `no admin route ${method} ${path}` } };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { status: 400, body: { error: message } };
  }
}

function dispatch(
  control: SimulatorControl,
  method: string,
  path: string,
  query: URLSearchParams,
  body: JsonObject,
): AdminResponse | undefined {
  const ok = (value: Json): AdminResponse => ({ status: 200, body: value });
  const keyMatch = /^\/admin\/keys\/([^/]+)(\/balances)?$/.exec(path);
  const faultMatch = /^\/admin\/faults\/(\d+)$/.exec(path);
  switch (`${method} ${path}`) {
    case 'GET /admin/info':
      return ok(control.info());
    case 'POST /admin/keys':
      return ok({
        ...control.createApiKey({
          apiKey: optionalString(body, 'apiKey'),
          secret: optionalString(body, 'secret'),
          balances: optionalAmounts(body, 'balances'),
        }),
      });
    case 'GET /admin/prices':
      return ok(control.prices());
    case 'POST /admin/prices': {
      const price = optionalNumber(body, 'price');
      if (price === undefined) throw new AdminInputError('price is required');
      control.setPrice(requiredString(body, 'symbol'), price);
      return ok(control.prices());
    }
    case 'GET /admin/clock':
      return ok({ ...control.clockState() });
    case 'POST /admin/clock':
      return ok({
        ...control.setClock({
          speed: optionalNumber(body, 'speed'),
          advanceMs: optionalNumber(body, 'advanceMs'),
          time: optionalNumber(body, 'time'),
        }),
      });
    case 'GET /admin/faults':
      return ok(control.faults().map(faultJson));
    case 'POST /admin/faults':
      return ok(faultJson(control.addFault(faultSpec(body))));
    case 'DELETE /admin/faults':
      control.clearFaults();
      return ok({});
    case 'GET /admin/requests':
      return ok(
        control
          .requests({
            path: query.get('path') ?? undefined,
            method: query.get('method') ?? undefined,
            apiKey: query.get('apiKey') ?? undefined,
            limit: query.has('limit') ? Number(query.get('limit')) : undefined,
          })
          .map((e) => ({
            ...e,
            apiKey: e.apiKey ?? null,
            status: e.status ?? null,
            code: e.code ?? null,
            outcome: e.outcome ?? null,
          })),
      );
    case 'DELETE /admin/requests':
      control.clearRequests();
      return ok({});
    case 'GET /admin/counts':
      return ok({ ...control.counts() });
    case 'GET /admin/rate-limits':
      return ok({ ...control.rateLimits() });
    case 'POST /admin/rate-limits':
      return ok({
        ...control.setRateLimits(
          {
            weightLimit: optionalNumber(body, 'weightLimit'),
            windowMs: optionalNumber(body, 'windowMs'),
            rejectionsBeforeBan: optionalNumber(body, 'rejectionsBeforeBan'),
            banBaseMs: optionalNumber(body, 'banBaseMs'),
            banMaxMs: optionalNumber(body, 'banMaxMs'),
          },
          optionalBoolean(body, 'clear'),
        ),
      });
    case 'GET /admin/orders':
      return ok(
        control.orders({
          apiKey: query.get('apiKey') ?? undefined,
          symbol: query.get('symbol') ?? undefined,
          openOnly: query.get('open') === 'true',
        }),
      );
    case 'POST /admin/orders/fill': {
      const orderId = optionalNumber(body, 'orderId');
      if (orderId === undefined) throw new AdminInputError('orderId is required');
      return ok(
        control.fillOrder(
          requiredString(body, 'symbol'),
          orderId,
          optionalString(body, 'quantity'),
        ),
      );
    }
    case 'POST /admin/match':
      return ok({ fills: control.match() });
    case 'POST /admin/reset':
      control.reset();
      return ok({});
    case 'GET /admin/streams':
      return ok(control.streamState());
    case 'POST /admin/streams':
      return ok(
        control.setStreams({
          enabled: optionalBoolean(body, 'enabled'),
          drop: optionalBoolean(body, 'drop'),
        }),
      );
  }
  if (keyMatch && method === 'GET' && !keyMatch[2])
    return ok(control.accountSnapshot(decodeURIComponent(keyMatch[1])));
  if (keyMatch && method === 'PUT' && keyMatch[2]) {
    const balances = optionalAmounts({ balances: body }, 'balances') ?? {};
    control.setBalances(decodeURIComponent(keyMatch[1]), balances);
    return ok(control.accountSnapshot(decodeURIComponent(keyMatch[1])));
  }
  if (faultMatch && method === 'DELETE') {
    return control.removeFault(Number(faultMatch[1]))
      ? ok({})
      : { status: 404, body: { error: 'no such fault' } };
  }
  return undefined;
}

function faultSpec(body: JsonObject): FaultSpec {
  const kind = requiredString(body, 'kind');
  if (!FAULT_KINDS.includes(kind as FaultKind)) {
    throw new AdminInputError(`kind must be one of ${FAULT_KINDS.join(', ')}`);
  }
  return {
    kind: kind as FaultKind,
    path: optionalString(body, 'path'),
    method: optionalString(body, 'method'),
    count: optionalNumber(body, 'count'),
    rate: optionalNumber(body, 'rate'),
    latencyMs: optionalNumber(body, 'latencyMs'),
    status: optionalNumber(body, 'status'),
    execute: optionalBoolean(body, 'execute'),
    holdMs: optionalNumber(body, 'holdMs'),
    retryAfterS: optionalNumber(body, 'retryAfterS'),
  };
}

function faultJson(fault: Fault): Json {
  const result: Record<string, Json> = {};
  for (const [name, value] of Object.entries(fault)) {
    if (value !== undefined) result[name] = value as Json;
  }
  return result;
}
