// One import (or dry run) of a legacy file: plan, then each table in dependency order, in
// batches. A batch skips what an earlier run wrote and is written in one transaction; a row
// whose parent did not make it into Postgres is refused, never written half.
import type { KeyRing } from '@platform/exchange';
import type { Sql } from '@platform/persistence';
import {
  type ImportPlan,
  legacyEmails,
  planImport,
  planTrade,
  type PlannedTrade,
  type Refusal,
} from './import-plan';
import { emptyCounts, type ImportSummary } from './import-report';
import { ImportWriter, type TargetTable } from './import-writer';
import { LEGACY_TABLES, type LegacyFile, type LegacyTable } from './legacy-file';
import { Progress, type ProgressOutput } from './progress';

export interface RunOptions {
  file: LegacyFile;
  fileName: string;
  source: string;
  apply: boolean;
  start: boolean;
  batchSize: number;
  /** Needed to apply when the file holds keys to import. */
  ring: KeyRing | null;
  progress?: ProgressOutput;
}

/** The operator must fix the setup first (nothing was written). */
export class ImportSetupError extends Error {}

function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

export async function runImport(sql: Sql, options: RunOptions): Promise<ImportSummary> {
  const started = Date.now();
  const { file, source, apply } = options;
  const writer = new ImportWriter(sql);
  const counts = emptyCounts();
  for (const table of LEGACY_TABLES) counts[table].rows = file.count(table);

  const plan = planImport(file, {
    source,
    start: options.start,
    registered: await writer.registered(legacyEmails(file)),
  });
  if (apply && plan.keys.length > 0 && !options.ring)
    throw new ImportSetupError(
      `the file holds ${plan.keys.length} exchange keys to import: set ENCRYPTION_KEYS (the gateway's key ring) to seal them`,
    );
  const refused: Refusal[] = [...plan.refused];
  const refuse = (table: LegacyTable, id: number, reason: string) =>
    refused.push({ table, id, reason });

  const progress = new Progress(
    LEGACY_TABLES.reduce((sum, t) => sum + counts[t].rows, 0),
    options.progress,
  );
  progress.advance(counts.subscriptions.rows, 'subscriptions');

  /**
   * One table's planned rows in batches: those already in Postgres counted, the others written
   * (apply) and any that could not be (its parent missing) refused with `lostReason`.
   */
  const importRows = async <T extends { legacyId: number }>(
    legacyTable: LegacyTable,
    target: TargetTable,
    batches: Iterable<T[]>,
    idOf: (row: T) => string,
    write: (batch: T[]) => Promise<Set<string>>,
    lostReason: (row: T) => string,
    done: (row: T, outcome: 'imported' | 'already' | 'lost') => void = () => undefined,
  ) => {
    let plannedCount = 0;
    for (const batch of batches) {
      plannedCount += batch.length;
      const ids = batch.map(idOf);
      const existing = await alreadyThere(writer, target, ids, apply);
      const todo = batch.filter((r) => !existing.has(idOf(r)));
      const written = apply && todo.length ? await write(todo) : new Set(todo.map(idOf));
      await alsoWrittenMeanwhile(writer, target, todo.map(idOf), written, existing);
      for (const row of batch) {
        if (existing.has(idOf(row))) {
          counts[legacyTable].already++;
          done(row, 'already');
        } else if (written.has(idOf(row))) {
          counts[legacyTable].imported++;
          done(row, 'imported');
        } else {
          refuse(legacyTable, row.legacyId, lostReason(row));
          done(row, 'lost');
        }
      }
      progress.advance(batch.length, legacyTable);
    }
    progress.advance(counts[legacyTable].rows - plannedCount, legacyTable);
  };

  const subscriptionOf = new Map(plan.users.map((u) => [u.legacyId, u.legacySubscriptionId]));
  const batchesOf = <T>(rows: T[]) => chunks(rows, options.batchSize);
  const byId = (row: { id: string }) => row.id;
  await importRows(
    'users',
    'users',
    batchesOf(plan.users),
    byId,
    (b) => writer.writeUsers(b),
    () => 'its email was registered on this platform while the import ran',
    (user, outcome) => {
      const subscription = subscriptionOf.get(user.legacyId);
      if (subscription === null || subscription === undefined) return;
      if (outcome === 'lost')
        refuse(
          'subscriptions',
          subscription,
          `its user (legacy id ${user.legacyId}) was not imported`,
        );
      else counts.subscriptions[outcome]++;
    },
  );
  await importRows(
    'api_keys',
    'exchange_accounts',
    batchesOf(plan.keys),
    byId,
    (b) => writer.writeKeys(b, options.ring as KeyRing),
    () => 'its user was not imported',
  );
  await importRows(
    'bots',
    'bots',
    batchesOf(plan.bots),
    byId,
    (b) => writer.writeBots(b, source),
    () => 'its user or API key was not imported',
  );
  // trades stream from the file (there may be millions): one batch is held at a time
  await importRows(
    'trades',
    'trades',
    tradeBatches(plan, options, refuse),
    (t) => t.tradeId,
    (b) => writer.writeTrades(b),
    (t) => `its bot (legacy id ${t.bot.legacyId}) was not imported`,
  );
  progress.end();

  for (const table of LEGACY_TABLES)
    counts[table].refused = refused.filter((r) => r.table === table).length;
  return {
    apply,
    file: options.fileName,
    source,
    counts,
    refused,
    notes: notesOf(plan, options.start),
    seconds: (Date.now() - started) / 1000,
  };
}

/** The file's trades planned in batches; those that cannot be imported refused on the way. */
function* tradeBatches(
  plan: ImportPlan,
  options: RunOptions,
  refuse: (table: LegacyTable, id: number, reason: string) => void,
): Generator<PlannedTrade[]> {
  let batch: PlannedTrade[] = [];
  for (const row of options.file.rows('trades')) {
    const planned = planTrade(plan, options.source, row);
    if (!planned.ok) refuse('trades', Number(row.id), planned.reason);
    else batch.push(planned.value);
    if (batch.length >= options.batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/**
 * What of a batch is in Postgres before it is written. A dry run asks; an import tries to
 * write everything (ON CONFLICT DO NOTHING) and asks only about the rows that were not written
 * (alsoWrittenMeanwhile): one round trip fewer per batch when nothing is there yet.
 */
async function alreadyThere(
  writer: ImportWriter,
  target: TargetTable,
  ids: string[],
  apply: boolean,
): Promise<Set<string>> {
  return apply ? new Set<string>() : writer.existing(target, ids);
}

/**
 * Rows of a batch that were not written because they exist already (an earlier run, or another
 * import of the same file at the same time, wrote them) join `existing`: already here, not
 * refused.
 */
async function alsoWrittenMeanwhile(
  writer: ImportWriter,
  target: TargetTable,
  ids: string[],
  written: Set<string>,
  existing: Set<string>,
) {
  const missing = ids.filter((id) => !written.has(id));
  if (missing.length === 0) return;
  for (const id of await writer.existing(target, missing)) existing.add(id);
}

function notesOf(plan: ImportPlan, start: boolean): string[] {
  const notes: string[] = [];
  if (plan.passwordsLocked.length)
    notes.push(
      `${plan.passwordsLocked.length} users have a password hash that is not argon2id (legacy ids ${plan.passwordsLocked.slice(0, 20).join(', ')}${plan.passwordsLocked.length > 20 ? ', ...' : ''}): they are imported with a password nobody knows and need a new one (docs/legacy-sqlite-schema.md, "Passwords")`,
    );
  if (plan.activeImportedStopped)
    notes.push(
      start
        ? `${plan.activeImportedStopped} bots active in the old app are imported stopped: their plan's running limit is reached or their account is disabled`
        : `${plan.activeImportedStopped} bots active in the old app are imported stopped; --start starts them (within their plan)`,
    );
  notes.push(
    'positions and paper balances start empty: past trades are history only (docs/legacy-sqlite-schema.md)',
  );
  return notes;
}
