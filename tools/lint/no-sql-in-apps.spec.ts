import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '@platform/testing';
import { findSql } from './sql-in-source';

// libs/persistence is the only place that speaks SQL: apps call its stores and repositories.
// Tests may still write rows by hand.
const isTest = (path: string) =>
  /\.(spec|integration-spec|e2e-spec)\.ts$/.test(path) || path.includes('/test-support/');

function appSources(root: string): string[] {
  const apps = join(root, 'apps');
  return readdirSync(apps).flatMap((app) =>
    readdirSync(join(apps, app, 'src'), { recursive: true, encoding: 'utf8' })
      .map((path) => `apps/${app}/src/${path.split('\\').join('/')}`)
      .filter((path) => path.endsWith('.ts') && !isTest(path)),
  );
}

describe('no SQL in apps', () => {
  it('finds SQL in each form it looks for (self-test)', () => {
    const sample = [
      'const a = 1;',
      'sql.query(`SELECT id,',
      '  name FROM bots WHERE id = $1`, [id]);',
      "await tx.query('INSERT INTO bots (name) VALUES ($1)', [name]);",
      'const s = `UPDATE bots b SET name = $2`;',
      'const d = "DELETE FROM orders";',
      'const w = `WITH next AS (SELECT 1)`;',
      "await sql.query('SAVEPOINT bot_update');",
      'const rows = await this.db.query<Row>(text, params);',
      'const FROM = `bots b LEFT JOIN bot_runtime r ON r.bot_id = b.id`;',
      '// select the bots from the list, then update them: prose, not SQL',
      'const search = new URLSearchParams(baseline.query(operation));',
    ].join('\n');
    expect(findSql(sample).map(({ line }) => line)).toEqual([2, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('apps/*/src holds none outside tests', () => {
    const root = workspaceRoot();
    const sources = appSources(root);
    expect(sources.length).toBeGreaterThan(50);
    const offences = sources.flatMap((path) =>
      findSql(readFileSync(join(root, path), 'utf8')).map(
        ({ line, kind }) => `${path}:${line}: ${kind}`,
      ),
    );
    expect(offences).toEqual([]);
  });
});
