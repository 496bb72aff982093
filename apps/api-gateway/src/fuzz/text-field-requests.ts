// Requests that put one string into one input of one route, the other inputs valid, so the
// string is what the gateway judges (and, when it is acceptable, what it stores or looks up).

type Auth = 'none' | 'user' | 'admin';
type JsonSchema = {
  type?: unknown;
  enum?: unknown;
  pattern?: unknown;
  format?: unknown;
  anyOf?: JsonSchema[];
};

interface OpenApiOperation {
  parameters?: { name: string; in: string; schema?: JsonSchema }[];
  requestBody?: {
    content: Record<string, { schema?: { properties?: Record<string, JsonSchema> } }>;
  };
  security?: Record<string, unknown>[];
  description?: string;
}

export interface Input {
  location: 'path' | 'query' | 'body';
  field: string;
  /** Free text (a name, an email, a cursor), not an enum, UUID, date or pattern. */
  text: boolean;
}

export interface DocumentedOperation {
  method: string;
  path: string;
  /** "POST /bots" */
  key: string;
  inputs: Input[];
  hasBody: boolean;
  auth: Auth;
}

/** A string whose alphabet no enum or pattern fixes (an email is still text people type). */
const isText = (schema: JsonSchema = {}): boolean =>
  (schema.anyOf ?? [schema]).some(
    (variant) =>
      variant.type === 'string' &&
      variant.enum === undefined &&
      (variant.pattern === undefined || variant.format === 'email'),
  );

/** Every operation of the OpenAPI document with its inputs and who may call it. */
export function documentedOperations(document: {
  paths: Record<string, Record<string, OpenApiOperation>>;
}): DocumentedOperation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => {
      const parameters = (where: 'path' | 'query'): Input[] =>
        (operation.parameters ?? [])
          .filter((p) => p.in === where)
          .map((p) => ({ location: where, field: p.name, text: isText(p.schema) }));
      const body = operation.requestBody?.content['application/json']?.schema;
      const bodyInputs = Object.entries(body?.properties ?? {}).map(
        ([field, schema]): Input => ({ location: 'body', field, text: isText(schema) }),
      );
      const schemes = (operation.security ?? []).flatMap((s) => Object.keys(s));
      // A route that takes a stream ticket is called without a session, so the ticket counts.
      const auth: Auth =
        schemes.length === 0 || schemes.includes('streamTicket')
          ? 'none'
          : operation.description?.startsWith('Admins only')
            ? 'admin'
            : 'user';
      return {
        method: method.toUpperCase(),
        path,
        key: `${method.toUpperCase()} ${path}`,
        inputs: [...parameters('path'), ...parameters('query'), ...bodyInputs],
        hasBody: body !== undefined,
        auth,
      };
    }),
  );
}

export interface Target extends Input {
  operation: DocumentedOperation;
  /** "PATCH /bots/{id} body name" */
  name: string;
}

export const targetsOf = (operation: DocumentedOperation): Target[] =>
  operation.inputs.map((input) => ({
    ...input,
    operation,
    name: `${operation.key} ${input.location} ${input.field}`,
  }));

/** Valid inputs of each route, so that only the fuzzed one can be wrong. */
export interface Baseline {
  pathValue(operation: DocumentedOperation, param: string): string;
  query(operation: DocumentedOperation): Record<string, string>;
  body(operation: DocumentedOperation): Record<string, unknown> | undefined;
  /** Whether string `index` of the corpus goes into this input at all. */
  sends(target: Target, value: string, index: number): boolean;
  /** When true, the request also carries an unknown field: the schema judges it, no more. */
  schemaOnly(target: Target, value: string, index: number): boolean;
}

export interface FuzzRequest {
  method: string;
  url: string;
  body?: string;
  auth: Auth;
}

export function requestFor(
  target: Target,
  value: string,
  index: number,
  baseline: Baseline,
): FuzzRequest {
  const { operation, location, field } = target;
  const path = operation.path.replace(/\{(\w+)\}/g, (_, param: string) =>
    encodeURIComponent(
      location === 'path' && param === field ? value : baseline.pathValue(operation, param),
    ),
  );
  const query = new URLSearchParams(baseline.query(operation));
  if (location === 'query') query.set(field, value);
  let body = baseline.body(operation);
  if (location === 'body') body = { ...body, [field]: value };
  if (body && baseline.schemaOnly(target, value, index)) body = { ...body, fuzzSchemaOnly: true };
  const search = query.toString();
  return {
    method: operation.method,
    url: search ? `${path}?${search}` : path,
    body: body && operation.hasBody ? JSON.stringify(body) : undefined,
    auth: operation.auth,
  };
}
