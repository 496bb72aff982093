const MAX_BYTES = 10 * 1024 * 1024;
const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 * 1024 };

/** `100kb` -> the same text (shown in 413 messages) once it is known to be sane. */
export function parseBodyLimit(raw: string): string {
  const match = /^(\d+)(b|kb|mb)$/i.exec(raw);
  if (!match) throw new Error('must be a size like 100kb or 1mb');
  const bytes = Number(match[1]) * UNITS[match[2].toLowerCase()];
  if (bytes < 1024 || bytes > MAX_BYTES) throw new Error('must be between 1kb and 10mb');
  return raw.toLowerCase();
}

/** The limit in bytes (what Fastify's `bodyLimit` takes), from a text parseBodyLimit accepted. */
export function bodyLimitBytes(limit: string): number {
  const match = /^(\d+)(b|kb|mb)$/i.exec(limit);
  if (!match) throw new Error(`not a body limit: ${limit}`);
  return Number(match[1]) * UNITS[match[2].toLowerCase()];
}
