import type { Json } from './order-views';

/** Fields of JSON answers that hold times (rest-api.md responses). */
const TIME_FIELDS = new Set([
  'serverTime',
  'transactTime',
  'time',
  'updateTime',
  'workingTime',
  'openTime',
  'closeTime',
]);

/** klines rows: [openTime, open, high, low, close, volume, closeTime, ...] */
const KLINE_TIME_COLUMNS = [0, 6];

/**
 * `X-MBX-TIME-UNIT: MICROSECOND` (or `microsecond`; rest-api.md "General API Information"):
 * the answer's time fields in microseconds instead of milliseconds.
 */
export function wantsMicroseconds(header: string | string[] | undefined): boolean {
  return header === 'MICROSECOND' || header === 'microsecond';
}

export function toMicroseconds(path: string, body: Json): Json {
  if (path === '/api/v3/klines' && Array.isArray(body)) {
    return body.map((row) =>
      Array.isArray(row)
        ? row.map((cell, i) =>
            KLINE_TIME_COLUMNS.includes(i) && typeof cell === 'number' ? cell * 1000 : cell,
          )
        : row,
    );
  }
  return convert(body);
}

function convert(value: Json): Json {
  if (Array.isArray(value)) return value.map(convert);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([name, field]) => [
      name,
      TIME_FIELDS.has(name) && typeof field === 'number' ? field * 1000 : convert(field),
    ]),
  );
}
