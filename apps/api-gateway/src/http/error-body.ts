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
