import { EventPageQuery, OrderPageQuery, TradePageQuery } from './bot-activity.schemas';
import { toFieldErrors } from './errors';
import { encodeTimeCursor } from './paging';

const errorsOf = (result: { success: boolean; error?: import('zod').ZodError }) =>
  result.error ? toFieldErrors(result.error, 'query') : [];

describe('activity filters', () => {
  it('orders: a comma list of statuses (distinct), one side, one type', () => {
    expect(
      OrderPageQuery.parse({ status: 'open,partially_filled,open', side: 'buy', type: 'limit' }),
    ).toEqual({ status: ['open', 'partially_filled'], side: 'buy', type: 'limit' });
    expect(OrderPageQuery.parse({})).toEqual({});
  });

  it('orders: each bad field is named, the value never quoted', () => {
    const result = OrderPageQuery.safeParse({ status: 'open,secret', side: 'up', type: 'stop' });
    expect(errorsOf(result)).toEqual([
      { field: 'status', message: expect.stringContaining('not an order status') },
      { field: 'side', message: expect.any(String) },
      { field: 'type', message: expect.any(String) },
    ]);
    expect(JSON.stringify(errorsOf(result))).not.toContain('secret');
    for (const status of ['', ',', 'open,', 'OPEN', 'open, filled'])
      expect(errorsOf(OrderPageQuery.safeParse({ status }))).toEqual([
        { field: 'status', message: expect.stringContaining('comma-separated') },
      ]);
  });

  it('a repeated parameter (an array from the query parser) is refused with the list hint', () => {
    expect(errorsOf(EventPageQuery.safeParse({ type: ['bot.claimed', 'bot.released'] }))).toEqual([
      { field: 'type', message: expect.stringContaining('not repeated') },
    ]);
  });

  it('events: dotted lower-case types, at most 20', () => {
    expect(EventPageQuery.parse({ type: 'bot.claimed,bot.released' })).toEqual({
      type: ['bot.claimed', 'bot.released'],
    });
    for (const type of ['bot', 'Bot.claimed', 'bot..claimed', 'bot.claimed;drop', '.bot'])
      expect(errorsOf(EventPageQuery.safeParse({ type }))).toEqual([
        { field: 'type', message: expect.any(String) },
      ]);
    const many = Array.from({ length: 21 }, (_, i) => `bot.t${'x'.repeat(i)}`).join(',');
    expect(errorsOf(EventPageQuery.safeParse({ type: many }))).toEqual([
      { field: 'type', message: 'must list at most 20' },
    ]);
  });

  it('trades: from/to as ISO times or milliseconds, to after from', () => {
    expect(
      TradePageQuery.parse({ from: '2026-01-01T00:00:00+01:00', to: '1767225600001' }),
    ).toEqual({ from: Date.UTC(2025, 11, 31, 23), to: 1767225600001 });
    expect(
      errorsOf(
        TradePageQuery.safeParse({ from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' }),
      ),
    ).toEqual([{ field: 'to', message: 'must be later than from' }]);
    for (const from of ['2026-02-30T00:00:00Z', '2026-01-01', 'yesterday', '-1', '1e12', ''])
      expect(errorsOf(TradePageQuery.safeParse({ from }))).toEqual([
        { field: 'from', message: expect.stringContaining('ISO 8601') },
      ]);
    expect(errorsOf(TradePageQuery.safeParse({ from: '1969-12-31T23:59:59Z' }))).toEqual([
      { field: 'from', message: 'must not be before 1970' },
    ]);
    expect(errorsOf(TradePageQuery.safeParse({ to: '999999999999999' }))).toEqual([
      { field: 'to', message: 'must be before the year 10000' },
    ]);
  });

  it('filters and the cursor go together; a bad filter still reports a conflicting before', () => {
    const a = encodeTimeCursor({
      at: '2026-01-01T00:00:00.000001Z',
      id: '0b9e6f4e-7a53-4c2f-9d8e-1f2a3b4c5d6e',
    });
    const b = encodeTimeCursor({
      at: '2026-01-01T00:00:00.000002Z',
      id: '0b9e6f4e-7a53-4c2f-9d8e-1f2a3b4c5d6e',
    });
    expect(TradePageQuery.parse({ cursor: a, side: 'sell' })).toEqual({
      cursor: { at: '2026-01-01T00:00:00.000001Z', id: '0b9e6f4e-7a53-4c2f-9d8e-1f2a3b4c5d6e' },
      side: 'sell',
    });
    expect(errorsOf(TradePageQuery.safeParse({ cursor: a, before: b, side: 'x' }))).toEqual([
      { field: 'side', message: expect.any(String) },
      { field: 'before', message: expect.stringContaining('differs from cursor') },
    ]);
  });
});
