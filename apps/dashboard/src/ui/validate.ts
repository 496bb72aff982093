// The browser checks a form with the very zod schema the gateway validates it with, so it
// refuses exactly what the server refuses; field paths read as the server's (`params.risk.x`).
import { useCallback, useState } from 'react';
import type { z } from 'zod';
import { ApiError } from '../api/api-error';

export type FieldErrors = Record<string, string>;

export function validate<S extends z.ZodType>(
  schema: S,
  value: unknown,
): { ok: true; data: z.infer<S> } | { ok: false; errors: FieldErrors } {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.join('.') || 'body';
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}

/** The field errors of a server answer, in the same shape. */
export function serverFieldErrors(error: unknown): FieldErrors {
  if (!(error instanceof ApiError)) return {};
  return Object.fromEntries(error.fieldErrors.map((e) => [e.field, e.message]));
}

/**
 * A form's field errors: `check` validates with the gateway's schema (the errors land at their
 * fields; null when invalid), `fromServer` shows a refused answer's field errors the same way.
 */
export function useFieldErrors() {
  const [errors, setErrors] = useState<FieldErrors>({});
  const check = useCallback(<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> | null => {
    const result = validate(schema, value);
    setErrors(result.ok ? {} : result.errors);
    return result.ok ? result.data : null;
  }, []);
  const fromServer = useCallback((error: unknown) => setErrors(serverFieldErrors(error)), []);
  return { errors, check, fromServer, any: Object.keys(errors).length > 0 };
}
