import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runMigrations } from '@platform/persistence';
import {
  createTestDatabase,
  seedAccount,
  seedBotEquity,
  seedBotEvent,
  seedBots,
  seedOrder,
  seedTrade,
  seedUser,
  type TestDatabase,
  withPgClient,
  workspaceRoot,
} from '@platform/testing';
import { Pool } from 'pg';

const run = promisify(execFile);

/** `npm run db:backup` / `db:restore` as the operator runs them: a child process on DATABASE_URL. */
async function dbScript(
  script: 'backup' | 'restore',
  env: Record<string, string>,
  args: string[] = [],
) {
  const root = workspaceRoot();
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [join(root, 'tools/scripts/run-ts.mjs'), join(root, `tools/db/${script}.ts`), ...args],
      { cwd: root, env: { ...process.env, ...env } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Each table's row count and the md5 of all its rows in primary-key order. */
function tableChecksums(url: string): Promise<Record<string, { rows: number; md5: string }>> {
  return withPgClient(url, async (client) => {
    const { rows: tables } = await client.query<{ name: string; key: string | null }>(
      `SELECT t.tablename AS name,
              (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.ord)
                 FROM pg_index i
                 CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                WHERE i.indrelid = format('public.%I', t.tablename)::regclass AND i.indisprimary) AS key
         FROM pg_tables t WHERE t.schemaname = 'public' ORDER BY 1`,
    );
    const sums: Record<string, { rows: number; md5: string }> = {};
    for (const { name, key } of tables) {
      const { rows } = await client.query<{ rows: number; md5: string }>(
        `SELECT count(*)::int AS rows,
                coalesce(md5(string_agg(t::text, E'\\n' ORDER BY ${key ?? 't::text'})), '') AS md5
           FROM public.${JSON.stringify(name)} t`,
      );
      sums[name] = rows[0];
    }
    return sums;
  });
}

describe('db:backup and db:restore (child processes on real databases)', () => {
  let source: TestDatabase;
  const targets: TestDatabase[] = [];
  let dir: string;
  let backupFile: string;

  beforeAll(async () => {
    source = await createTestDatabase(runMigrations);
    dir = mkdtempSync(join(tmpdir(), 'db-backups-'));
    const pool = new Pool({ connectionString: source.url, max: 4 });
    try {
      for (let u = 0; u < 10; u++) {
        const user = await seedUser(pool, {
          plan: { plan: 'pro', maxRunningBots: 20, maxBots: 100, maxExchangeAccounts: 10 },
        });
        const account = await seedAccount(pool, user, { verified: true });
        const bots = await seedBots(pool, 10, {
          user,
          account: (n) => (n % 2 ? account : null),
          state: (n) => (n % 3 ? 'running' : 'stopped'),
        });
        for (const bot of bots) {
          await seedBotEquity(pool, bot, { from: new Date('2026-01-01T00:00:00Z'), count: 60 });
          await seedBotEvent(pool, bot, { type: 'bot.claimed', fenceToken: 1, data: { u } });
          await Promise.all(
            Array.from({ length: 10 }, async (_, n) => {
              const order = await seedOrder(pool, bot, { side: n % 2 ? 'sell' : 'buy' });
              await seedTrade(pool, order, { fee: '0.01', feeCurrency: 'USDT' });
            }),
          );
        }
      }
    } finally {
      await pool.end();
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all([source, ...targets].map((db) => db?.drop()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('backs up to a timestamped custom-format file in BACKUP_DIR and says where and how big', async () => {
    const result = await dbScript('backup', { DATABASE_URL: source.url, BACKUP_DIR: dir });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const files = readdirSync(dir);
    expect(files).toEqual([
      expect.stringMatching(new RegExp(`^${source.name}-\\d{8}T\\d{9}Z\\.dump$`)),
    ]);
    backupFile = join(dir, files[0]);
    expect(result.stdout).toContain(files[0]);
    expect(result.stdout).toMatch(/\(\d+(\.\d)? (B|kB|MB)\)/);
    console.log(result.stdout.trim()); // the figures: size and time of the seeded database
  });

  it('restores into a fresh database: every table has the same rows, by count and checksum', async () => {
    const target = await createTestDatabase();
    targets.push(target);
    const result = await dbScript('restore', { DATABASE_URL: target.url }, [backupFile]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    console.log(result.stdout.trim());

    const [before, after] = await Promise.all([
      tableChecksums(source.url),
      tableChecksums(target.url),
    ]);
    expect(Object.keys(before)).toEqual(
      expect.arrayContaining([
        'users',
        'exchange_accounts',
        'bots',
        'orders',
        'trades',
        'bot_equity',
      ]),
    );
    expect(before['orders'].rows).toBe(1000);
    expect(before['trades'].rows).toBe(1000);
    expect(after).toEqual(before);
  });

  it('refuses a database that is not empty with one clear line, and replaces it with --clean', async () => {
    const target = await createTestDatabase(runMigrations);
    targets.push(target);
    await withPgClient(target.url, (client) =>
      seedUser(client, { email: 'only-here@example.com' }),
    );

    const refused = await dbScript('restore', { DATABASE_URL: target.url }, [backupFile]);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^db:restore: .* is not empty \(\d+ tables, views or sequences\): .*--clean/,
      ),
    ]);
    const untouched = await withPgClient(target.url, async (client) =>
      (await client.query(`SELECT email FROM users`)).rows.map((r) => r.email),
    );
    expect(untouched).toEqual(['only-here@example.com']);

    const cleaned = await dbScript('restore', { DATABASE_URL: target.url }, [
      backupFile,
      '--clean',
    ]);
    expect(cleaned).toMatchObject({ code: 0, stderr: '' });
    expect(await tableChecksums(target.url)).toEqual(await tableChecksums(source.url));
  });

  it('keeps only the newest BACKUP_KEEP backups', async () => {
    const keepDir = mkdtempSync(join(dir, 'keep-'));
    const env = { DATABASE_URL: source.url, BACKUP_DIR: keepDir, BACKUP_KEEP: '2' };
    const names: string[] = [];
    for (let n = 0; n < 3; n++) {
      expect((await dbScript('backup', env)).code).toBe(0);
      names.push(...readdirSync(keepDir).filter((name) => !names.includes(name)));
    }
    expect(names).toHaveLength(3);
    expect(readdirSync(keepDir).sort()).toEqual(names.slice(1).sort());
  });
});
