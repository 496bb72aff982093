import type { Candle } from '@platform/exchange';
import { CandleBook } from './candle-book';

const MINUTE = 60_000;
const T0 = 1_700_000_040_000 - (1_700_000_040_000 % MINUTE);
const candle = (i: number, close: string): Candle => [T0 + i * MINUTE, '1', '9', '0.5', close, '3'];

describe('CandleBook', () => {
  it('moves the open candle on, and keeps the final values of the one that closed', () => {
    const book = new CandleBook('1m', 3);
    book.seed([candle(0, '1'), candle(1, '2'), candle(2, '3')], 1);
    expect(book.apply([candle(1, '2'), candle(2, '3.5')], 1)).toBe(true);
    // the next candle opened: the update carries the closed one's final values first
    expect(book.apply([candle(2, '3.7'), candle(3, '4')], 1)).toBe(true);
    expect(book.snapshot(T0 + 3 * MINUTE + 1)).toEqual([
      candle(1, '2'),
      candle(2, '3.7'),
      candle(3, '4'),
    ]);
  });

  it('never shows a streamed open candle once its time is over without its final values', () => {
    const book = new CandleBook('1m', 3);
    book.seed([candle(0, '1'), candle(1, '2')], 1);
    book.apply([candle(1, '2.5')], 1);
    expect(book.snapshot(T0 + 2 * MINUTE - 1)).toHaveLength(2);
    expect(book.snapshot(T0 + 2 * MINUTE)).toEqual([candle(0, '1')]);
  });

  it('a skipped candle asks for a REST read', () => {
    const book = new CandleBook('1m', 5);
    book.seed([candle(0, '1'), candle(1, '2')], 1);
    expect(book.apply([candle(3, '4')], 1)).toBe(false);
    expect(book.needsResync).toBe(true);
  });

  it('a new connection is taken on only if its first update carries the last candle', () => {
    const book = new CandleBook('1m', 5);
    book.seed([candle(0, '1'), candle(1, '2')], -1);
    expect(book.apply([candle(1, '2.2')], 7)).toBe(true);
    expect(book.needsResync).toBe(false);
    // a candle closed between two connections: its final values are unknown here
    expect(book.apply([candle(2, '3')], 8)).toBe(false);
    expect(book.needsResync).toBe(true);
  });

  it('a longer history asks for a REST read; a shorter one does not', () => {
    const book = new CandleBook('1m', 5);
    book.seed([candle(0, '1')], 1);
    book.resize(3);
    expect(book.needsResync).toBe(false);
    book.resize(10);
    expect(book.needsResync).toBe(true);
  });
});
