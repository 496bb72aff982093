// The live-subscription requests of a market stream connection and their answers, with the
// error messages web-socket-streams.md ("Error Messages") lists.

export type RequestId = number | string | null;

export type StreamRequest =
  | { method: 'SUBSCRIBE' | 'UNSUBSCRIBE'; params: string[]; id: RequestId }
  | { method: 'LIST_SUBSCRIPTIONS'; id: RequestId }
  | { method: 'SET_PROPERTY'; property: string; value: unknown; id: RequestId }
  | { method: 'GET_PROPERTY'; property: string; id: RequestId };

export interface StreamError {
  code: number;
  msg: string;
  id?: RequestId;
}

const METHODS = ['SUBSCRIBE', 'UNSUBSCRIBE', 'LIST_SUBSCRIPTIONS', 'SET_PROPERTY', 'GET_PROPERTY'];

/** Reads one text frame: the request, or the error to answer with. */
export function parseStreamRequest(text: string): StreamRequest | StreamError {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const { line, column } = lineAndColumn(text, firstBadIndex(text));
    return { code: 3, msg: `Invalid JSON: expected value at line ${line} column ${column}` };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { code: 3, msg: 'Invalid JSON: expected value at line 1 column 1' };
  }
  const request = body as Record<string, unknown>;
  const id = request['id'];
  if (!isRequestId(id)) {
    return { code: 2, msg: 'Invalid request: request ID must be an unsigned integer' };
  }
  const method = request['method'];
  if (method === undefined) {
    return {
      code: 2,
      msg: `Invalid request: missing field \`method\` at line 1 column ${text.length}`,
      id,
    };
  }
  if (typeof method !== 'string' || !METHODS.includes(method)) {
    const shown = typeof method === 'string' ? method : JSON.stringify(method);
    const column = text.indexOf(JSON.stringify(method)) + JSON.stringify(method).length;
    return {
      code: 2,
      msg: `Invalid request: unknown variant \`${shown}\`, expected one of ${METHODS.map((m) => `\`${m}\``).join(', ')} at line 1 column ${column}`,
      id,
    };
  }
  const params = request['params'];
  switch (method) {
    case 'SUBSCRIBE':
    case 'UNSUBSCRIBE':
      if (!Array.isArray(params) || !params.every((p) => typeof p === 'string')) {
        return { code: 2, msg: 'Invalid request: params must be a list of stream names', id };
      }
      return { method, params, id };
    case 'LIST_SUBSCRIPTIONS':
      if (params !== undefined) return { code: 2, msg: 'Invalid request: too many parameters', id };
      return { method, id };
    case 'SET_PROPERTY':
    case 'GET_PROPERTY': {
      const list = Array.isArray(params) ? params : [];
      const expected = method === 'SET_PROPERTY' ? 2 : 1;
      if (list.length > expected) {
        return { code: 2, msg: 'Invalid request: too many parameters', id };
      }
      if (typeof list[0] !== 'string') {
        return { code: 2, msg: 'Invalid request: property name must be a string', id };
      }
      return method === 'SET_PROPERTY'
        ? { method, property: list[0], value: list[1], id }
        : { method, property: list[0], id };
    }
  }
  return { code: 2, msg: 'Invalid request', id };
}

export function isStreamError(value: StreamRequest | StreamError): value is StreamError {
  return 'code' in value;
}

/** 64-bit signed integers, alphanumeric strings up to 36 characters, or null. */
function isRequestId(id: unknown): id is RequestId {
  if (id === null) return true;
  if (typeof id === 'number') return Number.isSafeInteger(id);
  return typeof id === 'string' && /^[A-Za-z0-9]{1,36}$/.test(id);
}

/** Where JSON.parse gave up: the index in its message, else the end of the text. */
function firstBadIndex(text: string): number {
  try {
    JSON.parse(text);
  } catch (error) {
    const at = /position (\d+)/.exec(String(error));
    if (at) return Number(at[1]);
  }
  return text.length;
}

function lineAndColumn(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index);
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}
