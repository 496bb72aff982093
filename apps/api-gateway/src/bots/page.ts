/** The page and the cursor of the next one (null on the last page). */
export function page<Row, Item>(
  rows: Row[],
  limit: number,
  view: (row: Row) => Item,
  cursorOf: (row: Row) => string,
): { items: Item[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map(view),
    nextCursor: rows.length > limit && last ? cursorOf(last) : null,
  };
}
