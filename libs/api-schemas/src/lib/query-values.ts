import { z } from 'zod';

// Query parameter values beyond single words: moments in time and comma-separated lists.
// Messages never quote the input (toFieldErrors' rule).

/** The last millisecond of the year 9999: later times do not survive a round trip as text. */
const LAST_INSTANT_MS = 253_402_300_799_999;
const INSTANT_MESSAGE =
  'must be an ISO 8601 time with a zone (2026-01-31T12:00:00Z) or milliseconds since 1970';

/**
 * A moment: an ISO 8601 date-time with `Z` or an offset, or whole milliseconds since 1970
 * (what candles carry as their open time). Parsed to milliseconds since 1970, from 1970 to
 * the end of the year 9999, so Postgres and exchanges always take it.
 */
export const instantParam = z
  .union([z.iso.datetime({ offset: true }), z.string().regex(/^\d{1,15}$/)], {
    error: INSTANT_MESSAGE,
  })
  .transform((raw, context) => {
    const ms = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
    if (ms >= 0 && ms <= LAST_INSTANT_MS) return ms;
    context.addIssue({
      code: 'custom',
      message: ms < 0 ? 'must not be before 1970' : 'must be before the year 10000',
    });
    return z.NEVER;
  });

export interface CommaListRule<Item extends string> {
  /** What one item is, for messages: "an order status". */
  what: string;
  /** One item's alphabet, as regex source without anchors (it documents the parameter). */
  itemPattern: string;
  /** The items there are, when they are a closed set. */
  allowed?: readonly Item[];
  /** Most items in one list. */
  max: number;
}

/** Longest item: event types and statuses are short names. */
const ITEM_MAX = 64;

/**
 * One query parameter holding a comma-separated list (`type=a,b`), parsed to its distinct
 * items. One parameter, not a repeated one (`type=a&type=b`): the list has one place in a
 * URL, in the OpenAPI document (a string with a pattern) and in the list cache's key.
 */
export function commaList<Item extends string>({
  what,
  itemPattern,
  allowed,
  max,
}: CommaListRule<Item>) {
  const listMessage = `must be ${what} or several, comma-separated (a,b; the parameter once, not repeated)`;
  return z
    .string({ error: listMessage })
    .max(max * (ITEM_MAX + 1), `must list at most ${max}`)
    .regex(new RegExp(`^${itemPattern}(?:,${itemPattern})*$`), listMessage)
    .transform((raw, context) => {
      const items = [...new Set(raw.split(','))];
      if (items.length > max)
        context.addIssue({ code: 'custom', message: `must list at most ${max}` });
      if (items.some((item) => item.length > ITEM_MAX))
        context.addIssue({
          code: 'custom',
          message: `each must have at most ${ITEM_MAX} characters`,
        });
      if (allowed && items.some((item) => !allowed.includes(item as Item)))
        context.addIssue({
          code: 'custom',
          message: `lists something that is not ${what} (${allowed.join(', ')})`,
        });
      return items as Item[];
    });
}
