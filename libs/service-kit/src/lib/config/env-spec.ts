/**
 * A tiny, typed environment schema. Each variable says how to parse it, what it is for and
 * (optionally) its default; `loadEnv` reads them all and reports every problem at once, one
 * line each, so a misconfigured process names all its bad variables in a single start.
 */
export interface EnvVar<T> {
  /** One line for the error message and .env.example. */
  description: string;
  /** Used when the variable is unset or empty; absent means the variable is required. */
  defaultValue?: string;
  /** Never echo the value back (keys, passwords). */
  secret?: boolean;
  /** Returns the parsed value, or throws an Error whose message says what is wrong. */
  parse(raw: string): T;
}

export type EnvSpec = Record<string, EnvVar<unknown>>;
export type EnvValues<S extends EnvSpec> = {
  [K in keyof S]: S[K] extends EnvVar<infer T> ? T : never;
};

interface Common {
  description: string;
  default?: string | number | boolean;
  secret?: boolean;
}

const withCommon = <T>(opts: Common, parse: (raw: string) => T): EnvVar<T> => ({
  description: opts.description,
  defaultValue: opts.default === undefined ? undefined : String(opts.default),
  secret: opts.secret,
  parse,
});

export const env = {
  string: (opts: Common) => withCommon(opts, (raw) => raw),

  int: (opts: Common & { min?: number; max?: number }) =>
    withCommon(opts, (raw) => {
      if (!/^-?\d+$/.test(raw.trim())) throw new Error('must be a whole number');
      const value = Number(raw);
      if (opts.min !== undefined && value < opts.min) throw new Error(`must be >= ${opts.min}`);
      if (opts.max !== undefined && value > opts.max) throw new Error(`must be <= ${opts.max}`);
      return value;
    }),

  port: (opts: Common) =>
    withCommon(opts, (raw) => {
      const value = Number(raw);
      if (!/^\d+$/.test(raw.trim()) || value < 1 || value > 65535) {
        throw new Error('must be a TCP port number (1-65535)');
      }
      return value;
    }),

  oneOf: <const V extends string>(values: readonly V[], opts: Common) =>
    withCommon(opts, (raw) => {
      if (!(values as readonly string[]).includes(raw)) {
        throw new Error(`must be one of: ${values.join(', ')}`);
      }
      return raw as V;
    }),

  bool: (opts: Common) =>
    withCommon(opts, (raw) => {
      if (['true', '1', 'yes'].includes(raw.toLowerCase())) return true;
      if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
      throw new Error('must be true or false');
    }),

  /** Comma-separated list; empty entries are dropped. */
  list: <T = string>(opts: Common & { item?: (entry: string) => T }) =>
    withCommon(opts, (raw) =>
      raw
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean)
        .map((entry) => (opts.item ? opts.item(entry) : (entry as T))),
    ),

  /** Any format: `parse` returns the value or throws an Error that says what is wrong. */
  custom: <T>(opts: Common, parse: (raw: string) => T) => withCommon(opts, parse),

  url: (protocols: readonly string[], opts: Common) =>
    withCommon(opts, (raw) => {
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        throw new Error(
          `is not a URL (expected ${protocols.map((p) => `${p}//...`).join(' or ')})`,
        );
      }
      if (!protocols.includes(url.protocol)) {
        throw new Error(`must start with ${protocols.join(' or ')} (got ${url.protocol})`);
      }
      if (!url.hostname) throw new Error('has no host name');
      return raw;
    }),
};
