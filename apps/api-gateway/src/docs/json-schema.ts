import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

/** A zod schema as JSON Schema 2020-12 (the dialect of OpenAPI 3.1), without the $schema tag. */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json: JsonSchema = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  delete json['$schema'];
  return json;
}

export interface ParameterDoc {
  name: string;
  schema: JsonSchema;
  required: boolean;
  description?: string;
  deprecated?: boolean;
}

/**
 * The properties of an object schema, for path and query parameters. A property's description
 * and deprecation are also lifted onto the parameter, where OpenAPI tools look for them.
 */
export function objectProperties(schema: z.ZodType): ParameterDoc[] {
  const json = jsonSchema(schema, 'input') as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    schema: property,
    required: json.required?.includes(name) ?? false,
    ...(typeof property['description'] === 'string' && { description: property['description'] }),
    ...(property['deprecated'] === true && { deprecated: true }),
  }));
}
