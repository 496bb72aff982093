import { z } from 'zod';

export const FieldErrorSchema = z.object({
  field: z.string().describe('dotted path of the field, or body/query/params for the whole part'),
  message: z.string(),
});

/** The one shape of every error response (also the OpenAPI `Error` schema). */
export const ErrorBodySchema = z.object({
  statusCode: z.number().int(),
  code: z.string().describe('machine-readable, e.g. validation_failed, unauthenticated'),
  message: z.string(),
  errors: z.array(FieldErrorSchema).optional(),
  correlationId: z.string().optional().describe('the X-Request-Id; quote it when reporting'),
});

export type FieldError = z.infer<typeof FieldErrorSchema>;
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** Where a value came from; names the field when the problem is the whole part. */
export type InputLocation = 'body' | 'query' | 'params';

/**
 * Zod issues as `{ field, message }`, one per field, as the API answers them (so a form puts a
 * refusal at the same field the server would). An unknown key is reported on the key itself,
 * so a client sees which field to remove. Messages never quote the input (it may be a password
 * or an API secret).
 */
export function toFieldErrors(error: z.ZodError, location: InputLocation): FieldError[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => ({
        field: [...path, key].join('.'),
        message: 'unknown field',
      }));
    return [{ field: path.length > 0 ? path.join('.') : location, message: issue.message }];
  });
}
