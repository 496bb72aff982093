import { statSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The folder the dashboard's build lands in, resolved from the working directory (npm start and
 * the tests run from the repository). It may be missing (not built yet: /app/ then answers 503),
 * but what is there must be a folder.
 */
export function parseDashboardDir(raw: string): string {
  if (raw.includes('\0')) throw new Error('must be a folder path');
  const dir = resolve(raw);
  const found = statSync(dir, { throwIfNoEntry: false });
  if (found && !found.isDirectory()) throw new Error(`${dir} is not a folder`);
  return dir;
}
