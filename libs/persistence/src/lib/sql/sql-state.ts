/** The SQLSTATEs this code answers to (Postgres' error codes). */
export const SqlStates = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  undefinedTable: '42P01',
} as const;

/** The SQLSTATE of a failed query, if it is one (TypeORM copies the driver's `code`). */
export function sqlStateOf(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}

/**
 * Postgres refused the data itself (class 22 data exception, class 23 integrity constraint
 * violation): trying the same write again gives the same answer, so it is a problem to report,
 * not a hiccup to wait out.
 */
export function isDataRejection(error: unknown): boolean {
  const state = sqlStateOf(error);
  return state !== null && (state.startsWith('22') || state.startsWith('23'));
}
