// `npm run admin:create -- --email a@b.c [--password ...]`: the first admin (or another one).
// Creates the account with a free plan and the admin role, or promotes an existing account.
// Reads DATABASE_URL like tools/db/db.ts; the SQL is in libs/persistence (users.queries.ts).
import { messageOf } from '@platform/contracts';
import { randomBytes } from 'node:crypto';
import {
  createDataSource,
  findUserByEmail,
  insertUser,
  setUserRole,
  type Sql,
  sqlOver,
  SqlStates,
  sqlStateOf,
} from '@platform/persistence';
import * as argon2 from 'argon2';
import { type CreateAdminOptions, parseCreateAdminArgs, USAGE, UsageError } from './admin-options';

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/trading';
// The gateway's parameters (apps/api-gateway/src/auth/password-hasher.ts: OWASP's baseline).
const HASH_OPTIONS: argon2.HashOptions = {
  type: argon2.argon2id,
  memoryCost: 19 * 1024,
  timeCost: 2,
  parallelism: 1,
};

async function createOrPromote(db: Sql, { email, password }: CreateAdminOptions) {
  const existing = await findUserByEmail(db, email);
  if (existing) {
    if (password !== null)
      throw new UsageError(
        `${email} already exists: leave out --password to make it an admin (its password stays; change it with POST /auth/password)`,
      );
    if (existing.role === 'admin') return console.log(`${email} is already an admin`);
    await setUserRole(db, existing.id, 'admin');
    return console.log(`${email} is now an admin: sign in again to get an admin session`);
  }
  const chosen = password ?? randomBytes(18).toString('base64url');
  const passwordHash = await argon2.hash(chosen, HASH_OPTIONS);
  const created = await insertUser(db, { email, passwordHash, role: 'admin' });
  if (!created) throw new Error(`${email} was registered meanwhile: run the command again`);
  console.log(`created admin ${email} (free plan)`);
  if (password === null)
    console.log(`password: ${chosen}\n(shown only now; change it with POST /auth/password)`);
}

async function main(args: string[]) {
  const options = parseCreateAdminArgs(args);
  if (options === 'help') return console.log(USAGE);
  const url = process.env['DATABASE_URL'] || DEFAULT_URL;
  const dataSource = createDataSource({ url, applicationName: 'admin-create', poolSize: 1 });
  await dataSource.initialize().catch((error: Error) => {
    const where = new URL(url);
    where.password = where.password ? '***' : '';
    throw new Error(`cannot reach the database ${where} (DATABASE_URL): ${error.message}`);
  });
  try {
    await createOrPromote(sqlOver(dataSource), options);
  } catch (error) {
    if (sqlStateOf(error) === SqlStates.undefinedTable)
      throw new Error('the database has no schema yet: run npm run db:migrate first');
    throw error;
  } finally {
    await dataSource.destroy();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const usage = error instanceof UsageError;
  console.error(`admin:create: ${messageOf(error)}`);
  if (usage) console.error(USAGE);
  process.exit(usage ? 2 : 1);
});
