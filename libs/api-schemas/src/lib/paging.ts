import { z } from 'zod';
import { fromBase64Url, toBase64Url } from './cursor-codec';

// Keyset pagination, newest first: a cursor is the (sort key, id) of the last item of a page,
// opaque to clients (base64url). Sort keys are timestamps with Postgres' microseconds (a JS
// Date would cut them to milliseconds and skip rows) or a bigint id.

export const PAGE_DEFAULT = 50;
export const PAGE_MAX = 200;

/** Where a newest-first page continues: the last row's sort key and id. */
export interface TimeCursor {
  at: string;
  id: string;
}

const TIME_KEY = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BIGINT = /^[1-9]\d{0,17}$/;

export const encodeTimeCursor = ({ at, id }: TimeCursor) => toBase64Url(`${at}|${id}`);
export const encodeIdCursor = (id: string) => toBase64Url(`#${id}`);

/** A real calendar time (no 31 February), so Postgres never fails to cast it. */
function isCalendarTime(at: string): boolean {
  const match = TIME_KEY.exec(at);
  if (!match || match[1] < '1970') return false;
  const ms = Date.parse(`${match[1]}Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 19) === match[1];
}

export function decodeTimeCursor(cursor: string): TimeCursor | null {
  const [at = '', id = '', extra] = fromBase64Url(cursor).split('|');
  return extra === undefined && isCalendarTime(at) && UUID.test(id) ? { at, id } : null;
}

export function decodeIdCursor(cursor: string): string | null {
  const text = fromBase64Url(cursor);
  return text.startsWith('#') && BIGINT.test(text.slice(1)) ? text.slice(1) : null;
}

/** Where a page sorted by name continues: the last row's name key (as the database sorts it) and id. */
export interface NameCursor {
  name: string;
  id: string;
}

/** Longer than the others: it carries a name (100 characters, up to 4 bytes each in UTF-8). */
export const NAME_CURSOR_MAX = 2048;
const CONTROL_CHARACTER = /\p{Cc}/u;

export const encodeNameCursor = ({ name, id }: NameCursor) => toBase64Url(`n|${name}|${id}`);

export function decodeNameCursor(cursor: string): NameCursor | null {
  const text = fromBase64Url(cursor, NAME_CURSOR_MAX);
  const split = text.lastIndexOf('|');
  const [name, id] = [text.slice(2, split), text.slice(split + 1)];
  const valid = text.startsWith('n|') && name !== '' && !CONTROL_CHARACTER.test(name);
  return valid && UUID.test(id) ? { name, id } : null;
}

export const NOT_A_CURSOR = 'is not a cursor from this API (use nextCursor of the previous page)';

/** A query parameter holding a cursor, decoded by `parse` (null: not ours). */
export const cursorParam = <T>(parse: (cursor: string) => T | null) =>
  z
    .string()
    .describe('nextCursor of the previous page; left out: the newest items')
    .max(200, NOT_A_CURSOR)
    .transform((raw, context) => {
      const cursor = parse(raw);
      if (cursor === null) {
        context.addIssue({ code: 'custom', message: NOT_A_CURSOR });
        return z.NEVER;
      }
      return cursor;
    })
    .optional();

export const limitParam = z
  .string()
  .regex(/^\d{1,3}$/, `must be a whole number from 1 to ${PAGE_MAX}`)
  .transform(Number)
  .pipe(
    z
      .number()
      .min(1, `must be a whole number from 1 to ${PAGE_MAX}`)
      .max(PAGE_MAX, `must be a whole number from 1 to ${PAGE_MAX}`),
  )
  .optional()
  .describe(`page size, 1 to ${PAGE_MAX} (default ${PAGE_DEFAULT})`);

/** The `nextCursor` of every page. */
export const nextCursorField = z
  .string()
  .nullable()
  .describe('pass as `cursor` for the next (older) page; null: this is the last page');

const cursorIssuePaths = new Set<PropertyKey | undefined>(['cursor', 'before', undefined]);

// Decoded cursors are plain values: equal JSON, same place.
const samePlace = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * `limit` and `cursor`, plus `before`: what the activity routes first called the cursor, read
 * for a while as a deprecated alias. Both given and different: a 400 at `before` (no guessing
 * which one the client meant). `filters`: the route's own parameters, which narrow every page
 * alike (the cursor continues within them).
 */
export function aliasedPageQuery<T, Filters extends z.ZodRawShape = Record<never, never>>(
  parse: (cursor: string) => T | null,
  filters: Filters = {} as Filters,
) {
  const query = z
    .object({
      limit: limitParam,
      cursor: cursorParam(parse),
      before: cursorParam(parse).meta({
        deprecated: true,
        description: 'deprecated: the old name of `cursor`; send `cursor` instead',
      }),
    })
    .extend(filters)
    .strict();
  type Page = z.output<typeof query> & { cursor?: T; before?: T };
  return query
    .superRefine(
      (value, context) => {
        const { cursor, before } = value as Page;
        if (before !== undefined && cursor !== undefined && !samePlace(cursor, before))
          context.addIssue({
            code: 'custom',
            path: ['before'],
            message: 'differs from cursor: send only cursor (before is its deprecated alias)',
          });
      },
      // also when a filter failed; not when a cursor did (said already) or the whole query
      { when: ({ issues }) => !issues.some(({ path }) => cursorIssuePaths.has(path?.[0])) },
    )
    .transform((value) => {
      const { before, ...rest } = value as Page;
      return { ...rest, cursor: rest.cursor ?? before };
    });
}
