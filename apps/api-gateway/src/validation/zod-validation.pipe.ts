import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { type InputLocation, toFieldErrors } from '@platform/api-schemas';
import type { z } from 'zod';
import { ApiError } from '../http/api-error';

/** The schemas of one route's inputs. */
export interface InputSchemas {
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
}

const locations: Partial<Record<ArgumentMetadata['type'], InputLocation>> = {
  body: 'body',
  query: 'query',
  param: 'params',
};

/** `value` parsed by `schema` (trimmed, lower-cased, defaults filled), or the 400 naming each field. */
export function validated<T>(schema: z.ZodType<T>, value: unknown, location: InputLocation): T {
  const result = schema.safeParse(value);
  if (!result.success)
    throw ApiError.validation(toFieldErrors(result.error, location), `invalid ${location}`);
  return result.data;
}

/**
 * Validates `@Body()`, `@Query()` and `@Param()` against the route's schemas and hands the
 * parsed values (trimmed, lower-cased, defaults filled) to the handler. Read whole parts
 * (`@Param() params`, not `@Param('id')`) so one schema sees every field.
 */
export class ZodValidationPipe implements PipeTransform {
  constructor(private readonly schemas: InputSchemas) {}

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const location = locations[metadata.type];
    if (!location) return value; // custom decorators, e.g. @CurrentUser()
    const schema = this.schemas[location];
    if (!schema || metadata.data)
      throw new Error(
        `route reads ${location}${metadata.data ? `.${metadata.data}` : ''} without a schema for all of it`,
      );
    return validated(schema, value, location);
  }
}
