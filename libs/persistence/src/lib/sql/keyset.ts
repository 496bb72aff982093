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
