// What an import did or would do, as the operator reads it: counts per table, every refused
// row (runs of consecutive ids with the same reason on one line), notes, rows per second.
// Never a key, a secret or a password hash: refusal reasons are written without quoting them.
import { LEGACY_TABLES, type LegacyTable } from './legacy-file';
import type { Refusal } from './import-plan';

export interface TableCounts {
  rows: number;
  /** Written by this run (apply) or that would be (dry run). */
  imported: number;
  /** Written by an earlier run. */
  already: number;
  refused: number;
}

export const emptyCounts = (): Record<LegacyTable, TableCounts> =>
  Object.fromEntries(
    LEGACY_TABLES.map((t) => [t, { rows: 0, imported: 0, already: 0, refused: 0 }]),
  ) as Record<LegacyTable, TableCounts>;

export interface ImportSummary {
  apply: boolean;
  file: string;
  source: string;
  counts: Record<LegacyTable, TableCounts>;
  refused: Refusal[];
  notes: string[];
  seconds: number;
}

/** Consecutive ids of one table with one reason, as `from-to (n rows)`. */
export function refusalLines(refused: Refusal[]): string[] {
  const order = (t: LegacyTable) => LEGACY_TABLES.indexOf(t);
  const sorted = [...refused].sort((a, b) => order(a.table) - order(b.table) || a.id - b.id);
  const lines: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (
      j + 1 < sorted.length &&
      sorted[j + 1].table === sorted[i].table &&
      sorted[j + 1].reason === sorted[i].reason &&
      sorted[j + 1].id === sorted[j].id + 1
    )
      j++;
    const { table, id, reason } = sorted[i];
    const ids = j > i ? `${id}-${sorted[j].id} (${j - i + 1} rows)` : `${id}`;
    lines.push(`  ${table} ${ids}: ${reason}`);
    i = j + 1;
  }
  return lines;
}

const pad = (value: string | number, width: number) => String(value).padStart(width);

export function formatReport(summary: ImportSummary): string {
  const { counts } = summary;
  const lines = [
    summary.apply
      ? 'import:sqlite: APPLIED'
      : 'import:sqlite: DRY RUN: nothing was written; run again with --apply to import',
    `file: ${summary.file}`,
    `source: ${summary.source}`,
    '',
    `${'table'.padEnd(14)}${pad('rows', 10)}${pad(summary.apply ? 'imported' : 'to import', 11)}${pad('already here', 14)}${pad('refused', 9)}`,
    ...LEGACY_TABLES.map(
      (t) =>
        `${t.padEnd(14)}${pad(counts[t].rows, 10)}${pad(counts[t].imported, 11)}${pad(counts[t].already, 14)}${pad(counts[t].refused, 9)}`,
    ),
  ];
  const refused = refusalLines(summary.refused);
  if (refused.length) lines.push('', 'refused rows (table legacy-id: reason):', ...refused);
  if (summary.notes.length) lines.push('', 'notes:', ...summary.notes.map((n) => `  ${n}`));
  const rows = LEGACY_TABLES.reduce((sum, t) => sum + counts[t].rows, 0);
  const written = LEGACY_TABLES.reduce((sum, t) => sum + counts[t].imported, 0);
  const perSecond = Math.round(rows / Math.max(summary.seconds, 0.001));
  lines.push(
    '',
    `${summary.apply ? `imported ${written} rows; ` : ''}went through ${rows} legacy rows in ${summary.seconds.toFixed(2)} s: ${perSecond} rows/s`,
  );
  return lines.join('\n');
}
