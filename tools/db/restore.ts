// `npm run db:restore -- FILE [--clean]`: pg_restore of a `db:backup` file into DATABASE_URL, in
// one transaction (all or nothing). The database must be empty: restoring over live data is
// refused unless --clean (or --force) says to drop and replace the objects the backup holds.
import { existsSync } from 'node:fs';
import { messageOf } from '@platform/contracts';
import { Client } from 'pg';
import { databaseName, printableUrl } from './backup/pg-connection';
import { runPgTool } from './backup/run-pg-tool';
import { databaseUrlFromEnv } from './database-url';

interface RestoreArgs {
  file: string;
  clean: boolean;
}

function parseArgs(argv: string[]): RestoreArgs {
  const flags = argv.filter((a) => a.startsWith('--'));
  const files = argv.filter((a) => !a.startsWith('--'));
  const unknown = flags.filter((f) => f !== '--clean' && f !== '--force');
  if (unknown.length)
    throw new Error(`unknown option ${unknown.join(', ')}: only --clean (--force)`);
  if (files.length !== 1) throw new Error('usage: npm run db:restore -- FILE [--clean]');
  return { file: files[0], clean: flags.length > 0 };
}

/** Tables, views and sequences outside PostgreSQL's own schemas: what makes a database "not empty". */
async function relationsIn(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
          AND s.nspname NOT IN ('pg_catalog', 'information_schema')
          AND s.nspname NOT LIKE 'pg\\_toast%' AND s.nspname NOT LIKE 'pg\\_temp%'`,
    );
    return rows[0].n;
  } finally {
    await client.end();
  }
}

async function main() {
  const { file, clean } = parseArgs(process.argv.slice(2));
  if (!existsSync(file)) throw new Error(`${file}: no such file`);
  const url = databaseUrlFromEnv();
  const relations = await relationsIn(url);
  if (relations > 0 && !clean)
    throw new Error(
      `${printableUrl(url)} is not empty (${relations} tables, views or sequences): restore into ` +
        'an empty database, or pass --clean to replace what the backup holds',
    );
  const started = Date.now();
  await runPgTool(
    'pg_restore',
    [
      '--single-transaction',
      '--exit-on-error',
      // the restoring role owns the objects: a backup moves between servers and roles
      '--no-owner',
      '--no-privileges',
      ...(clean ? ['--clean', '--if-exists'] : []),
      `--dbname=${databaseName(url)}`,
      file,
    ],
    url,
  );
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`db:restore: ${file} restored into ${printableUrl(url)} in ${seconds} s`);
}

main().catch((error: unknown) => {
  console.error(`db:restore: ${messageOf(error)}`);
  process.exit(1);
});
