import { Inject, Injectable } from '@nestjs/common';
import {
  candleOpenAt,
  firstCandleFrom,
  fixedLengthTimeframe,
  nextCandleOpen,
  timeframeMs,
} from '@platform/contracts';
import type { Candle } from '@platform/exchange';
import { SQL, type Sql } from '../sql/sql';

/** One market's candles of one timeframe. */
export interface CandleKey {
  exchangeId: string;
  symbol: string;
  timeframe: string;
}

/**
 * Candles as numbers, column by column, oldest first (`count` values in each): the nearest
 * double of each decimal, as ccxt itself reads them. What a backtest steps through.
 */
export interface CandleColumns {
  count: number;
  openTime: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

export interface CandleCoverage {
  /** Open time of the oldest and of the newest stored candle (ms since the epoch). */
  first: number;
  last: number;
  count: number;
}

/** Candle slots per chunk row: a day of 1m candles (see the migration Candles1795660000000). */
export const CANDLES_PER_CHUNK = 1440;
/** A load of many chunks runs as up to this many queries at once, of at least LOAD_PART_MIN_CHUNKS. */
const LOAD_PARTS = 4;
const LOAD_PART_MIN_CHUNKS = 30;
/** Chunk rows rewritten by one statement of a save. */
const CHUNKS_PER_STATEMENT = 30;

const DECIMAL = /^-?\d+(\.\d+)?$/;
const KEY = 'exchange_id = $1 AND symbol = $2 AND timeframe = $3';

/** Start of the chunk holding open time `time`: slots of CANDLES_PER_CHUNK candle lengths. */
export function chunkStart(timeframe: string, time: number): number {
  const span = CANDLES_PER_CHUNK * timeframeMs(timeframe);
  return Math.floor(time / span) * span;
}

/**
 * Boundaries of the parts a long read of [from, to) is split into (chunk starts, `to` last): up
 * to LOAD_PARTS, each of at least LOAD_PART_MIN_CHUNKS chunks.
 */
function partsOf(timeframe: string, from: number, to: number): number[] {
  const first = chunkStart(timeframe, from);
  const span = CANDLES_PER_CHUNK * timeframeMs(timeframe);
  const chunks = Math.ceil((to - first) / span);
  const parts = Math.max(1, Math.min(LOAD_PARTS, Math.floor(chunks / LOAD_PART_MIN_CHUNKS)));
  return Array.from({ length: parts + 1 }, (_, i) =>
    i === parts ? to : first + Math.floor((i * chunks) / parts) * span,
  );
}

/** A candle as one JSON array element of a chunk's `data`. */
const encode = (c: Candle): string => `[${c[0]},"${c[1]}","${c[2]}","${c[3]}","${c[4]}","${c[5]}"]`;

/**
 * The candles of chunks' `data` joined by commas. Read by hand rather than by JSON.parse: the
 * format is the store's own (encode, checked decimals) and V8's JSON.parse interns each short
 * string, which made a year of 1m candles about twice as slow to read (measured 1.3-1.7 s vs
 * 0.7-0.8 s for 525,600 candles on the 2-core test machine).
 */
function decode(data: string): Candle[] {
  const candles: Candle[] = [];
  const end = data.length;
  let pos = 0; // at a candle's '['
  while (pos < end) {
    const a = data.indexOf(',', pos + 1);
    const b = data.indexOf('"', a + 2);
    const c = data.indexOf('"', b + 3);
    const d = data.indexOf('"', c + 3);
    const e = data.indexOf('"', d + 3);
    const f = data.indexOf('"', e + 3);
    candles.push([
      Number(data.slice(pos + 1, a)),
      data.slice(a + 2, b),
      data.slice(b + 3, c),
      data.slice(c + 3, d),
      data.slice(d + 3, e),
      data.slice(e + 3, f),
    ]);
    pos = f + 3; // past '"],'
  }
  return candles;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A chunk's candles as six little-endian float64 each (the `ohlcv` column). */
function numbersOf(candles: Candle[]): Buffer {
  const numbers = new Float64Array(candles.length * 6);
  candles.forEach((candle, i) => {
    for (let c = 0; c < 6; c++) numbers[i * 6 + c] = Number(candle[c]);
  });
  if (!LITTLE_ENDIAN)
    throw new Error('candle numbers are stored little-endian: this platform is not');
  return Buffer.from(numbers.buffer);
}

/** Index of the first candle opening at or after `time` (candles oldest first). */
function firstAtOrAfter(candles: Candle[], time: number): number {
  let lo = 0;
  let hi = candles.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (candles[mid][0] < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface ChunkRow {
  open_time: string;
  first_open: string;
  last_open: string;
  candle_count: number;
  /** Only for chunks whose candles are not one unbroken run. */
  open_times: string[] | null;
}

/**
 * The candle history in Postgres: closed candles of (exchange, symbol, timeframe), keyed by
 * open time, stored in day-sized chunks so that a year of 1m candles loads in one query and
 * one JSON.parse (docs/architecture.md, "Candle history"). Only closed candles are kept: a
 * save drops any candle that has not closed by this process's clock.
 */
@Injectable()
export class CandleStore {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  /**
   * Writes closed candles (insert or replace by open time), idempotently; returns how many
   * candles were new or changed (0 when the same candles are saved again). A candle still open
   * now (it closes after Date.now()) is not written. Saves of one market are serialised (an
   * advisory lock), so concurrent saves into one chunk never lose each other's candles.
   */
  async save(key: CandleKey, candles: Candle[], now = Date.now()): Promise<number> {
    const { timeframe } = key;
    const byChunk = new Map<number, Map<number, Candle>>();
    for (const candle of candles) {
      const [open, ...values] = candle;
      if (!Number.isSafeInteger(open) || open < 0)
        throw new Error(`candle open time ${String(open)} is not a time in ms`);
      if (!values.every((v) => typeof v === 'string' && DECIMAL.test(v)))
        throw new Error(`candle at ${open} holds a value that is not a decimal`);
      if (nextCandleOpen(timeframe, open) > now) continue; // still open: never stored as closed
      const chunk = chunkStart(timeframe, open);
      let slots = byChunk.get(chunk);
      if (!slots) byChunk.set(chunk, (slots = new Map()));
      slots.set(open, [open, values[0], values[1], values[2], values[3], values[4]]);
    }
    const chunks = [...byChunk.keys()].sort((a, b) => a - b);
    let written = 0;
    for (let i = 0; i < chunks.length; i += CHUNKS_PER_STATEMENT) {
      const batch = chunks.slice(i, i + CHUNKS_PER_STATEMENT);
      written += await this.sql.transaction((tx) => this.saveChunks(tx, key, batch, byChunk));
    }
    return written;
  }

  private async saveChunks(
    tx: Sql,
    { exchangeId, symbol, timeframe }: CandleKey,
    chunks: number[],
    byChunk: Map<number, Map<number, Candle>>,
  ): Promise<number> {
    const keyParams = [exchangeId, symbol, timeframe];
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `candles:${exchangeId}:${symbol}:${timeframe}`,
    ]);
    const stored = await tx.query<{ open_time: string; data: string }>(
      `SELECT open_time::text, data FROM candle_chunks WHERE ${KEY} AND open_time = ANY($4::bigint[])`,
      [...keyParams, chunks],
    );
    const storedData = new Map(stored.map((row) => [Number(row.open_time), row.data]));
    let written = 0;
    const rows: { start: number; times: number[]; data: string; ohlcv: Buffer }[] = [];
    for (const start of chunks) {
      const incoming = byChunk.get(start) as Map<number, Candle>;
      const old = storedData.get(start);
      // the chunk is decoded once; only a candle already there is encoded to compare
      const merged = new Map<number, Candle>(
        old === undefined ? [] : decode(old).map((c) => [c[0], c]),
      );
      let changed = 0;
      for (const [open, candle] of incoming) {
        const known = merged.get(open);
        if (known !== undefined && encode(known) === encode(candle)) continue;
        merged.set(open, candle);
        changed += 1;
      }
      if (changed === 0) continue;
      written += changed;
      const candles = [...merged.values()].sort((a, b) => a[0] - b[0]);
      const times = candles.map((c) => c[0]);
      rows.push({ start, times, data: candles.map(encode).join(','), ohlcv: numbersOf(candles) });
    }
    if (rows.length === 0) return 0;
    await tx.query(
      `INSERT INTO candle_chunks (exchange_id, symbol, timeframe, open_time, open_times, data, ohlcv)
       SELECT $1, $2, $3, c.open_time, c.open_times::bigint[], c.data, c.ohlcv
         FROM unnest($4::bigint[], $5::text[], $6::text[], $7::bytea[])
           AS c(open_time, open_times, data, ohlcv)
       ON CONFLICT (exchange_id, symbol, timeframe, open_time)
       DO UPDATE SET open_times = EXCLUDED.open_times, data = EXCLUDED.data, ohlcv = EXCLUDED.ohlcv`,
      [
        ...keyParams,
        rows.map((r) => r.start),
        rows.map((r) => `{${r.times.join(',')}}`),
        rows.map((r) => r.data),
        rows.map((r) => r.ohlcv),
      ],
    );
    return written;
  }

  /** The stored candles opening in [from, to), oldest first. */
  async load(key: CandleKey, from: number, to: number): Promise<Candle[]> {
    if (!(to > from)) return [];
    // Long ranges are read as a few parts at once on separate connections: Postgres reads and
    // sends the later parts while this process parses the earlier ones.
    const bounds = partsOf(key.timeframe, from, to);
    const reads = bounds.slice(0, -1).map((lo, i) => this.readChunks(key, lo, bounds[i + 1], from));
    // each part is awaited in turn: one failing while an earlier is awaited must not be unhandled
    for (const read of reads) read.catch(() => undefined);
    const candles: Candle[] = [];
    for (const read of reads) {
      const data = await read;
      if (data === null) continue;
      const part = decode(data);
      const start = candles.length === 0 ? firstAtOrAfter(part, from) : 0;
      const end = firstAtOrAfter(part, to);
      for (let i = start; i < end; i++) candles.push(part[i]);
    }
    return candles;
  }

  /**
   * The stored candles opening in [from, to) as numbers (CandleColumns): one query, no text
   * parsed (each chunk's `ohlcv` floats are concatenated by Postgres and read as they are).
   */
  async loadColumns(
    { exchangeId, symbol, timeframe }: CandleKey,
    from: number,
    to: number,
  ): Promise<CandleColumns> {
    if (!LITTLE_ENDIAN)
      throw new Error('candle numbers are stored little-endian: this platform is not');
    // in parts at once, as load does; Postgres concatenates each part's chunks
    const bounds = to > from ? partsOf(timeframe, from, to) : [];
    const parts = await Promise.all(
      bounds.slice(0, -1).map(async (lo, i) => {
        const [row] = await this.sql.query<{ ohlcv: Buffer | null }>(
          `SELECT string_agg(ohlcv, ''::bytea ORDER BY open_time) AS ohlcv FROM candle_chunks
            WHERE ${KEY} AND open_time >= $4 AND open_time < $5 AND last_open >= $6`,
          [exchangeId, symbol, timeframe, lo, bounds[i + 1], from],
        );
        return row?.ohlcv ?? Buffer.alloc(0);
      }),
    );
    // one aligned copy to index as numbers (the platform's order: little-endian, checked above)
    const bytes = Buffer.concat(parts);
    const all = new Float64Array(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    );
    const total = all.length / 6;
    let start = 0; // first candle opening at or after from (binary search over open times)
    for (let hi = total; start < hi; ) {
      const mid = (start + hi) >>> 1;
      if (all[mid * 6] < from) start = mid + 1;
      else hi = mid;
    }
    let end = start;
    for (let hi = total; end < hi; ) {
      const mid = (end + hi) >>> 1;
      if (all[mid * 6] < to) end = mid + 1;
      else hi = mid;
    }
    const count = end - start;
    const columns = Array.from({ length: 6 }, () => new Float64Array(count));
    for (let c = 0; c < 6; c++) {
      const column = columns[c];
      for (let i = 0, at = start * 6 + c; i < count; i++, at += 6) column[i] = all[at];
    }
    const [openTime, open, high, low, close, volume] = columns;
    return { count, openTime, open, high, low, close, volume };
  }

  /** The `data` of the chunks starting in [lo, hi) that hold a candle at or after `from`. */
  private async readChunks(
    { exchangeId, symbol, timeframe }: CandleKey,
    lo: number,
    hi: number,
    from: number,
  ): Promise<string | null> {
    const [row] = await this.sql.query<{ data: string | null }>(
      `SELECT string_agg(data, ',' ORDER BY open_time) AS data FROM candle_chunks
        WHERE ${KEY} AND open_time >= $4 AND open_time < $5 AND last_open >= $6`,
      [exchangeId, symbol, timeframe, lo, hi, from],
    );
    return row?.data ?? null;
  }

  /**
   * The gaps among the candles that should exist in [from, to), as [start, end) ranges oldest
   * first: every candle slot of the timeframe (UTC boundaries; weeks from Mondays, months on
   * calendar months: candleOpenAt) that has closed by `now` and has no stored candle. The
   * candle open at `now` is never missing.
   */
  async missingRanges(
    { exchangeId, symbol, timeframe }: CandleKey,
    from: number,
    to: number,
    now = Date.now(),
  ): Promise<Array<[number, number]>> {
    const start = firstCandleFrom(timeframe, from);
    const end = Math.min(to, candleOpenAt(timeframe, now));
    if (!(end > start)) return [];
    // months vary in length: their chunks are always listed in full (a few rows at most)
    const step = fixedLengthTimeframe(timeframe) ? timeframeMs(timeframe) : 0;
    const chunks = await this.sql.query<ChunkRow>(
      `SELECT open_time::text, first_open::text, last_open::text, candle_count,
              CASE WHEN $7::bigint > 0 AND last_open - first_open = (candle_count - 1) * $7::bigint
                   THEN NULL ELSE open_times::text[] END AS open_times
         FROM candle_chunks
        WHERE ${KEY} AND open_time >= $4 AND open_time < $5 AND last_open >= $6
        ORDER BY open_time`,
      [exchangeId, symbol, timeframe, chunkStart(timeframe, start), end, start, step],
    );
    const gaps: Array<[number, number]> = [];
    let cursor = start; // the first slot not yet known to be stored
    const stored = (lo: number, hi: number) => {
      // a run of consecutive stored candles opening lo..hi
      if (hi < cursor || lo >= end) return;
      if (lo > cursor) gaps.push([cursor, Math.min(lo, end)]);
      cursor = Math.max(cursor, nextCandleOpen(timeframe, hi));
    };
    for (const chunk of chunks) {
      if (chunk.open_times === null) {
        stored(Number(chunk.first_open), Number(chunk.last_open));
        continue;
      }
      const times = chunk.open_times.map(Number);
      let runStart = times[0];
      for (let i = 1; i <= times.length; i++) {
        if (i < times.length && times[i] === nextCandleOpen(timeframe, times[i - 1])) continue;
        stored(runStart, times[i - 1]);
        runStart = times[i];
      }
    }
    if (cursor < end) gaps.push([cursor, end]);
    return gaps;
  }

  /** The oldest and newest stored candle and how many there are; null when none is. */
  async coverage({ exchangeId, symbol, timeframe }: CandleKey): Promise<CandleCoverage | null> {
    const [row] = await this.sql.query<{
      first: string | null;
      last: string | null;
      count: string | null;
    }>(
      `SELECT min(first_open)::text AS first, max(last_open)::text AS last,
              sum(candle_count)::text AS count
         FROM candle_chunks WHERE ${KEY}`,
      [exchangeId, symbol, timeframe],
    );
    if (!row || row.first === null || row.last === null || row.count === null) return null;
    return { first: Number(row.first), last: Number(row.last), count: Number(row.count) };
  }
}
