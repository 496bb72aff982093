import { naughtyStrings } from './naughty-strings';
import { runPool } from './request-pool';
import {
  type Baseline,
  type DocumentedOperation,
  requestFor,
  type Target,
  targetsOf,
} from './text-field-requests';

export interface NaughtyRunOptions {
  baseUrl: string;
  operations: DocumentedOperation[];
  baseline: Baseline;
  sessions: { user: string; admin: string };
}

export interface NaughtyRunResult {
  /** requests planned, and sent */
  planned: number;
  requests: number;
  /** inputs that get every string, and those that get a sample */
  textInputs: number;
  otherInputs: number;
  /** status -> how many answers had it */
  statuses: Record<number, number>;
  /** 5xx answers and error bodies out of shape, one line each */
  failures: string[];
  /** per target, answers that got past the schema (anything but a 400) */
  pastSchema: Record<string, number>;
}

// The free plan stores two exchange accounts: never more creations of them in flight.
const NARROW = new Set(['POST /exchange-accounts']);

const hasErrorShape = (text: string, status: number) => {
  try {
    const body = JSON.parse(text) as { statusCode?: unknown; code?: unknown; message?: unknown };
    return (
      body.statusCode === status &&
      typeof body.code === 'string' &&
      typeof body.message === 'string'
    );
  } catch {
    return false;
  }
};

const idOf = (text: string) => {
  try {
    return (JSON.parse(text) as { id?: unknown }).id;
  } catch {
    return undefined;
  }
};

/** The naughty strings into the inputs of every route, as the baseline picks them. */
export async function runNaughtyStrings(options: NaughtyRunOptions): Promise<NaughtyRunResult> {
  const { baseUrl, operations, baseline, sessions } = options;
  const result: NaughtyRunResult = {
    planned: 0,
    requests: 0,
    textInputs: 0,
    otherInputs: 0,
    statuses: {},
    failures: [],
    pastSchema: {},
  };
  const deletable = new Set(operations.filter((o) => o.method === 'DELETE').map((o) => o.path));
  const call = (method: string, url: string, auth: 'none' | 'user' | 'admin', body?: string) => {
    const headers: Record<string, string> = {};
    if (auth !== 'none') headers['authorization'] = `Bearer ${sessions[auth]}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${baseUrl}${url}`, {
      method,
      headers,
      body,
      signal: AbortSignal.timeout(15_000),
      // the API's own answer: a path fetch normalises away (`/bots/..` is `/`) may be a
      // redirect to the dashboard, which is not what is being fuzzed
      redirect: 'manual',
    });
  };

  const send = async ([target, value, index]: readonly [Target, string, number]) => {
    const request = requestFor(target, value, index, baseline);
    const response = await call(request.method, request.url, request.auth, request.body);
    const isStream = (response.headers.get('content-type') ?? '').includes('event-stream');
    const text = isStream ? (await response.body?.cancel(), '') : await response.text();
    const { status } = response;
    result.requests++;
    result.statuses[status] = (result.statuses[status] ?? 0) + 1;
    if (status !== 400) result.pastSchema[target.name] = (result.pastSchema[target.name] ?? 0) + 1;
    const where = `${target.name} <- string #${index} ${JSON.stringify(value).slice(0, 60)}`;
    if (status >= 500) result.failures.push(`${status} ${where}: ${text.slice(0, 200)}`);
    else if (status >= 400 && !hasErrorShape(text, status))
      result.failures.push(`error shape, ${status} ${where}: ${text.slice(0, 200)}`);
    // What a request created goes at once, so the plan's limits never decide an answer.
    const id = status === 201 ? idOf(text) : undefined;
    const collection = target.operation.path;
    if (typeof id === 'string' && deletable.has(`${collection}/{id}`))
      await (await call('DELETE', `${collection}/${id}`, request.auth)).text();
  };

  const targets = operations.flatMap(targetsOf);
  const everyString = (target: Target) =>
    naughtyStrings.every((value, index) => baseline.sends(target, value, index));
  result.textInputs = targets.filter(everyString).length;
  result.otherInputs = targets.length - result.textInputs;
  // One input after the other: a bot created with a name and the bot renamed to it never
  // run at once (names are unique per user).
  const work = targets.flatMap((target) =>
    naughtyStrings
      .map((value, index) => [target, value, index] as const)
      .filter(([, value, index]) => baseline.sends(target, value, index)),
  );
  result.planned = work.length;
  await Promise.all([
    runPool(
      work.filter(([target]) => !NARROW.has(target.operation.key)),
      6,
      send,
    ),
    runPool(
      work.filter(([target]) => NARROW.has(target.operation.key)),
      2,
      send,
    ),
  ]);
  return result;
}
