// A strategy's parameter form, generated from the JSON Schema the gateway publishes for it
// (GET /strategies): one field per leaf, nested objects (risk) as groups, defaults filled in.
// Values are kept as the text the person typed and turned back into JSON only to be checked
// and sent, so a half-typed number is never lost.

export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  enum?: unknown[];
}

export interface ParamField {
  /** Dotted path inside params, as the server names errors after `params.`. */
  path: string;
  label: string;
  group: string | null;
  type: 'integer' | 'number' | 'boolean' | 'string' | 'enum';
  required: boolean;
  defaultValue: string;
  options?: string[];
  hint: string;
}

/** "stakeQuote" -> "Stake quote", "stopLossPct" -> "Stop loss %". */
export function labelOf(name: string): string {
  const words = name
    .replace(/Pct$/, ' %')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function rangeHint(schema: JsonSchema): string {
  const low = schema.minimum ?? schema.exclusiveMinimum;
  const high = schema.maximum ?? schema.exclusiveMaximum;
  const parts: string[] = [];
  if (low !== undefined) parts.push(`${schema.minimum !== undefined ? '≥' : '>'} ${low}`);
  if (high !== undefined) parts.push(`${schema.maximum !== undefined ? '≤' : '<'} ${high}`);
  return parts.join(', ');
}

export function paramFields(
  schema: JsonSchema,
  prefix = '',
  group: string | null = null,
): ParamField[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).flatMap(([name, property]) => {
    const path = prefix ? `${prefix}.${name}` : name;
    if (property.type === 'object') return paramFields(property, path, labelOf(name));
    const type = property.enum ? 'enum' : ((property.type ?? 'string') as ParamField['type']);
    const hint = [property.description, rangeHint(property), required.has(name) ? '' : 'optional']
      .filter(Boolean)
      .join(' · ');
    return [
      {
        path,
        // a grouped field names its group, so two "Take profit %" are told apart
        label: group ? `${labelOf(name)} (${group.toLowerCase()})` : labelOf(name),
        group,
        type,
        required: required.has(name),
        defaultValue: property.default === undefined ? '' : String(property.default),
        options: property.enum?.map(String),
        hint,
      },
    ];
  });
}

export type ParamValues = Record<string, string>;

export const defaultValues = (fields: ParamField[]): ParamValues =>
  Object.fromEntries(fields.map((field) => [field.path, field.defaultValue]));

/** A bot's stored params as the form's texts. */
export function valuesFrom(fields: ParamField[], params: Record<string, unknown>): ParamValues {
  const at = (path: string) =>
    path
      .split('.')
      .reduce<unknown>(
        (node, key) =>
          node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined,
        params,
      );
  return Object.fromEntries(
    fields.map((field) => {
      const value = at(field.path);
      return [field.path, value === undefined || value === null ? '' : String(value)];
    }),
  );
}

/** The texts as the JSON params the server expects; an empty optional field is left out. */
export function paramsFrom(fields: ParamField[], values: ParamValues): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const field of fields) {
    const text = (values[field.path] ?? '').trim();
    if (text === '') continue;
    let value: unknown = text;
    if (field.type === 'integer' || field.type === 'number')
      value = Number.isFinite(Number(text)) ? Number(text) : text;
    if (field.type === 'boolean') value = text === 'true';
    const keys = field.path.split('.');
    let node = params;
    for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    node[keys[keys.length - 1]] = value;
  }
  return params;
}
