// Keyset pages, newest first: a page continues after the (timestamp, id) of the last row of
// the page before. The timestamp travels as text with Postgres' microseconds: a JS Date would
// cut it to milliseconds and skip rows.

/** Where a newest-first page continues: the last row's sort key and id. */
export interface TimeCursor {
  at: string;
  id: string;
}

/** A timestamp column as the page's sort key (`sort_key`, microseconds, UTC). */
export const sortKey = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS sort_key`;

/**
 * The rows after the cursor, with the cursor's time in `$<n>` and its id in `$<n+1>` (both NULL
 * on the first page); `table` is the alias of the paged table, if any.
 */
export const afterCursor = (timeColumn: string, n: number, table = '') => {
  const prefix = table ? `${table}.` : '';
  return `($${n}::timestamptz IS NULL OR (${prefix}${timeColumn}, ${prefix}id) < ($${n}::timestamptz, $${n + 1}::uuid))`;
};

/** The cursor's parameters for `afterCursor`. */
export const cursorParams = (cursor?: TimeCursor) => [cursor?.at ?? null, cursor?.id ?? null];
