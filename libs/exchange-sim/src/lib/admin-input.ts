/** Checks on admin JSON bodies: unknown in, typed values out, a readable Error otherwise. */
export type JsonObject = Record<string, unknown>;

export class AdminInputError extends Error {}

export function parseJsonObject(text: string): JsonObject {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AdminInputError('body must be JSON');
  }
  return asObject(value, 'body');
}

export function asObject(value: unknown, name: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AdminInputError(`${name} must be an object`);
  }
  return value as JsonObject;
}

export function optionalNumber(o: JsonObject, name: string): number | undefined {
  const value = o[name];
  if (value === undefined) return undefined;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n))
    throw new AdminInputError(`${name} must be a number`);
  return n;
}

export function optionalString(o: JsonObject, name: string): string | undefined {
  const value = o[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new AdminInputError(`${name} must be a string`);
  return value;
}

export function requiredString(o: JsonObject, name: string): string {
  const value = optionalString(o, name);
  if (value === undefined) throw new AdminInputError(`${name} is required`);
  return value;
}

export function optionalBoolean(o: JsonObject, name: string): boolean | undefined {
  const value = o[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new AdminInputError(`${name} must be true or false`);
  return value;
}

/** { USDT: '1000', BTC: 0.5 } -> { USDT: '1000', BTC: '0.5' } */
export function optionalAmounts(o: JsonObject, name: string): Record<string, string> | undefined {
  const value = o[name];
  if (value === undefined) return undefined;
  const record = asObject(value, name);
  const result: Record<string, string> = {};
  for (const [asset, amount] of Object.entries(record)) {
    if (typeof amount === 'number' && Number.isFinite(amount) && amount >= 0) {
      result[asset] = amount.toFixed(8);
    } else if (typeof amount === 'string') {
      result[asset] = amount;
    } else {
      throw new AdminInputError(`${name}.${asset} must be a decimal string or a number >= 0`);
    }
  }
  return result;
}
