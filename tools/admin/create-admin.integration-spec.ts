import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runMigrations } from '@platform/persistence';
import { createTestDatabase, seedUser, type TestDatabase, workspaceRoot } from '@platform/testing';
import * as argon2 from 'argon2';
import { Client } from 'pg';

const run = promisify(execFile);

/** `npm run admin:create` as the operator runs it: a child process on DATABASE_URL. */
async function createAdmin(url: string, ...args: string[]) {
  const root = workspaceRoot();
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [join(root, 'tools/scripts/run-ts.mjs'), join(root, 'tools/admin/create-admin.ts'), ...args],
      { cwd: root, env: { ...process.env, DATABASE_URL: url } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('admin:create (a child process on a real database)', () => {
  let db: TestDatabase;
  let sql: Client;
  const userRow = async (email: string) =>
    (
      await sql.query(
        `SELECT u.role, u.password_hash, s.plan, s.max_bots FROM users u
           LEFT JOIN subscriptions s ON s.user_id = u.id WHERE u.email = $1`,
        [email],
      )
    ).rows[0];

  beforeAll(async () => {
    db = await createTestDatabase(runMigrations);
    sql = new Client({ connectionString: db.url });
    await sql.connect();
  });

  afterAll(async () => {
    await sql?.end();
    await db?.drop();
  });

  it('creates an admin with a generated password, printed once; argon2id as the gateway hashes', async () => {
    const result = await createAdmin(db.url, '--email', ' First@Example.COM ');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const password = /password: (\S+)/.exec(result.stdout)?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(20);
    const row = await userRow('first@example.com');
    expect(row).toMatchObject({ role: 'admin', plan: 'free', max_bots: 10 });
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(await argon2.verify(row.password_hash, password)).toBe(true);
  }, 120_000);

  it('takes a given password without echoing it; a second run changes nothing', async () => {
    const password = 'an operator chosen passphrase';
    const result = await createAdmin(db.url, '--email=second@example.com', '--password', password);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain(password);
    const row = await userRow('second@example.com');
    expect(await argon2.verify(row.password_hash, password)).toBe(true);
    const again = await createAdmin(db.url, '--email', 'second@example.com');
    expect(again).toMatchObject({ code: 0, stdout: expect.stringContaining('already an admin') });
  }, 120_000);

  it('promotes an existing user, keeping the password; refuses a new password for it', async () => {
    await seedUser(sql, { email: 'existing@example.com', passwordHash: 'kept-hash' });
    const refused = await createAdmin(
      db.url,
      '--email',
      'existing@example.com',
      '--password',
      'some new password',
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('already exists: leave out --password');
    expect((await userRow('existing@example.com')).role).toBe('user');

    const promoted = await createAdmin(db.url, '--email', 'existing@example.com');
    expect(promoted).toMatchObject({ code: 0, stdout: expect.stringContaining('is now an admin') });
    expect(await userRow('existing@example.com')).toMatchObject({
      role: 'admin',
      password_hash: 'kept-hash',
    });
  }, 120_000);

  it('bad input: exit 2 with the reason and the usage, nothing written', async () => {
    const before = (await sql.query(`SELECT count(*)::int AS n FROM users`)).rows[0].n;
    for (const [args, reason] of [
      [[], '--email is required'],
      [['--email', 'nobody'], 'is not an email address'],
      [['--email', 'x@example.com', '--password', 'short'], '10 to 200 characters'],
    ] as const) {
      const result = await createAdmin(db.url, ...args);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toContain(reason);
      expect(result.stderr).toContain('usage: npm run admin:create');
    }
    expect((await sql.query(`SELECT count(*)::int AS n FROM users`)).rows[0].n).toBe(before);
  }, 120_000);

  it('a database without the schema: exit 1 saying to migrate first', async () => {
    const empty = await createTestDatabase();
    try {
      const result = await createAdmin(empty.url, '--email', 'early@example.com');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('run npm run db:migrate first');
    } finally {
      await empty.drop();
    }
  }, 120_000);
});
