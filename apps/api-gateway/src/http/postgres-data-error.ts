import { SqlStates, sqlStateOf } from '@platform/persistence';

/**
 * The SQLSTATE when Postgres refused a value itself, which the schemas should have caught:
 * class 22 "data exception" (22021 a NUL or bad byte, 22P02 text that is no number, 22003 out
 * of range, 22001 too long, 22008 a date that does not exist) or a CHECK constraint (23514). A query error
 * arrives as TypeORM's QueryFailedError, which carries the driver's `code`. Null otherwise.
 */
export function postgresDataError(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  const state = sqlStateOf(error);
  if (state === null) return null;
  return state.startsWith('22') || state === SqlStates.checkViolation ? state : null;
}
