// `npm run db:backup`: pg_dump of DATABASE_URL in custom format (-Fc, compressed, restored with
// `npm run db:restore -- FILE`) into BACKUP_DIR (./backups), keeping the newest BACKUP_KEEP (7).
import { mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { messageOf } from '@platform/contracts';
import { backupFileName, humanSize, pruneBackups } from './backup/backup-files';
import { databaseName, printableUrl } from './backup/pg-connection';
import { runPgTool } from './backup/run-pg-tool';
import { databaseUrlFromEnv } from './database-url';

function keepFromEnv(): number {
  const raw = process.env['BACKUP_KEEP'] || '7';
  const keep = Number(raw);
  if (!Number.isInteger(keep) || keep < 1)
    throw new Error(`BACKUP_KEEP must be a whole number of at least 1, got "${raw}"`);
  return keep;
}

/** Relative to where the operator stands when inside it, else absolute. */
const shown = (file: string) => {
  const near = relative(process.cwd(), file);
  return near.startsWith('..') ? resolve(file) : near;
};

async function main() {
  const url = databaseUrlFromEnv();
  const dir = process.env['BACKUP_DIR'] || './backups';
  const keep = keepFromEnv();
  const database = databaseName(url);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, backupFileName(database, new Date()));
  // Written under another name first: a dump cut short is never taken for a backup, nor makes
  // the pruning delete a good one.
  const partial = `${file}.partial`;
  const started = Date.now();
  try {
    await runPgTool('pg_dump', ['--format=custom', `--file=${partial}`], url);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  renameSync(partial, file);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const removed = pruneBackups(dir, database, keep);
  console.log(
    `db:backup: ${shown(file)} (${humanSize(statSync(file).size)}) ` +
      `of ${printableUrl(url)} in ${seconds} s; keeping the newest ${keep}` +
      (removed.length ? `, removed ${removed.join(', ')}` : ''),
  );
}

main().catch((error: unknown) => {
  console.error(`db:backup: ${messageOf(error)}`);
  process.exit(1);
});
