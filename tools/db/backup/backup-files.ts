import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

// `<database>-YYYYMMDDTHHMMSSmmmZ.dump`: the UTC timestamp sorts by name, the milliseconds keep two
// backups of one second apart.
const STAMP = /^\d{8}T\d{9}Z$/;

/** The file name of a backup of `database` taken at `at`. */
export function backupFileName(database: string, at: Date): string {
  const stamp = at.toISOString().replace(/[-:.]/g, '');
  return `${database}-${stamp}.dump`;
}

/** The backups of `database` in `dir`, oldest first (other files are not ours and are left alone). */
export function listBackups(dir: string, database: string): string[] {
  const prefix = `${database}-`;
  return readdirSync(dir)
    .filter(
      (name) =>
        name.startsWith(prefix) &&
        name.endsWith('.dump') &&
        STAMP.test(name.slice(prefix.length, -'.dump'.length)),
    )
    .sort();
}

/** Deletes all but the newest `keep` backups of `database`; returns the names it deleted. */
export function pruneBackups(dir: string, database: string, keep: number): string[] {
  const all = listBackups(dir, database);
  const old = all.slice(0, Math.max(0, all.length - keep));
  for (const name of old) rmSync(join(dir, name));
  return old;
}

/** 1234567 -> "1.2 MB": for the one line the operator reads. */
export function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}
