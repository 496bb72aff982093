import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from './workspace-root';

/** Names of the variables that .env.example documents (commented or not). */
export function envExampleVariables(): Set<string> {
  const text = readFileSync(join(workspaceRoot(), '.env.example'), 'utf8');
  const names = [...text.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]);
  return new Set(names);
}
