// `npm run import:sqlite -- legacy.sqlite3 [--apply] [--start]`: moves in from the
// single-notebook version (docs/legacy-sqlite-schema.md). A dry run unless --apply. Reads
// DATABASE_URL like tools/db/db.ts and ENCRYPTION_KEYS like the gateway.
import { messageOf } from '@platform/contracts';
import { KeyRing } from '@platform/exchange';
import { createDataSource, sqlOver, SqlStates, sqlStateOf } from '@platform/persistence';
import { createHash } from 'node:crypto';
import { printableUrl } from '../db/backup/pg-connection';
import { databaseUrlFromEnv } from '../db/database-url';
import { formatReport } from './import-report';
import { parseImportArgs, USAGE, UsageError } from './import-options';
import { fingerprintOf, LegacyFile, UnsupportedLegacyFileError } from './legacy-file';
import { ImportSetupError, runImport } from './run-import';

function keyRing(): KeyRing | null {
  const value = process.env['ENCRYPTION_KEYS'] ?? '';
  if (value.trim() === '') return null;
  try {
    return KeyRing.parse(value);
  } catch {
    // KeyRing's own message may quote the start of an entry: a secret's first characters
    throw new ImportSetupError(
      'ENCRYPTION_KEYS is not a key ring: expected <id>:<base64 of 32 bytes>[,...] (openssl rand -base64 32)',
    );
  }
}

async function main(args: string[]) {
  const options = parseImportArgs(args);
  if (options === 'help') return console.log(USAGE);
  const ring = keyRing();
  const file = LegacyFile.open(options.file);
  const source = options.source
    ? createHash('sha256').update(`source:${options.source}`).digest('hex')
    : await fingerprintOf(options.file);
  const url = databaseUrlFromEnv();
  const dataSource = createDataSource({ url, applicationName: 'import-sqlite', poolSize: 2 });
  await dataSource.initialize().catch((error: Error) => {
    throw new Error(
      `cannot reach the database ${printableUrl(url)} (DATABASE_URL): ${error.message}`,
    );
  });
  try {
    const summary = await runImport(sqlOver(dataSource), {
      file,
      fileName: options.file,
      source,
      apply: options.apply,
      start: options.start,
      batchSize: options.batchSize,
      ring,
    });
    console.log(
      formatReport({
        ...summary,
        source: options.source ? `--source ${options.source}` : `sha256 ${source}`,
      }),
    );
  } catch (error) {
    if (sqlStateOf(error) === SqlStates.undefinedTable)
      throw new Error('the database has no schema yet: run npm run db:migrate first');
    throw error;
  } finally {
    file.close();
    await dataSource.destroy();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const usage = error instanceof UsageError;
  const setup =
    usage || error instanceof UnsupportedLegacyFileError || error instanceof ImportSetupError;
  console.error(`import:sqlite: ${messageOf(error)}`);
  if (usage) console.error(USAGE);
  process.exit(setup ? 2 : 1);
});
