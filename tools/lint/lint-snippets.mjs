// Lints code snippets as if they were files at the given paths, with the workspace's ESLint
// configuration: reads [{ filePath, code }] as JSON on stdin, writes [[message, ...], ...].
// (A separate process because ESLint loads its ESM config with a dynamic import, which jest's
// module system does not allow.)
import { createProjectGraphAsync } from '@nx/devkit';
import { ESLint } from 'eslint';
import { join } from 'node:path';

const root = process.cwd();
// enforce-module-boundaries reads the cached project graph (and skips without one): refresh it.
process.env.NX_DAEMON = 'false';
await createProjectGraphAsync({ exitOnError: true });
const cases = JSON.parse(await new Response(process.stdin).text());
const eslint = new ESLint({ cwd: root });
const results = [];
for (const { filePath, code } of cases) {
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
  results.push(result.messages.map((m) => `${m.ruleId}: ${m.message}`));
}
process.stdout.write(JSON.stringify(results));
