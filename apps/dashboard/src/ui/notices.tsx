// Errors and states in words: the form-level error, empty and loading states.
import type { ReactNode } from 'react';
import { ApiError } from '../api/api-error';

/** The error of a whole action (field errors are shown at their fields instead). */
export function ErrorNotice({
  error,
  fieldsShown = false,
}: {
  error: unknown;
  fieldsShown?: boolean;
}) {
  if (!error) return null;
  const apiError = error instanceof ApiError ? error : null;
  if (apiError && fieldsShown && apiError.fieldErrors.length > 0)
    return (
      <p className="notice notice-error" role="alert">
        Please correct the fields marked below.
      </p>
    );
  const message = apiError?.message ?? (error instanceof Error ? error.message : String(error));
  return (
    <p className="notice notice-error" role="alert">
      {apiError?.code === 'plan_limit' ? <strong>Plan limit: </strong> : null}
      {message}
    </p>
  );
}

export const Loading = ({ what }: { what: string }) => (
  <p className="muted" aria-busy="true">
    Loading {what}…
  </p>
);

export const Empty = ({ children }: { children: ReactNode }) => <p className="empty">{children}</p>;
