import { z } from 'zod';

export interface CreateAdminOptions {
  email: string;
  /** Null: generate one (only for a new user; an existing user keeps theirs). */
  password: string | null;
}

export const USAGE = `usage: npm run admin:create -- --email <email> [--password <password>]
  Creates an admin account (a generated password is printed once when none is given), or
  makes an existing account an admin (its password stays). Reads DATABASE_URL.`;

/** Input the operator can fix; the tool prints it with the usage and exits 2. */
export class UsageError extends Error {}

// The same rules as the gateway's sign-up (auth.schemas.ts), so the admin can sign in there.
const Email = z.string().trim().toLowerCase().max(254).pipe(z.email());
const Password = z.string().min(10).max(200);

/** `--email a@b.c`, `--email=a@b.c`, `--password ...`; anything else is a UsageError. */
export function parseCreateAdminArgs(args: string[]): CreateAdminOptions | 'help' {
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') return 'help';
    const [flag, inline] = arg.split(/=(.*)/s, 2);
    if (flag !== '--email' && flag !== '--password')
      throw new UsageError(`unknown argument "${arg}"`);
    if (values.has(flag)) throw new UsageError(`${flag} is given twice`);
    const value = inline ?? args[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--')))
      throw new UsageError(`${flag} needs a value`);
    values.set(flag, value);
  }
  const rawEmail = values.get('--email');
  if (rawEmail === undefined) throw new UsageError('--email is required');
  const email = Email.safeParse(rawEmail);
  if (!email.success) throw new UsageError(`--email "${rawEmail}" is not an email address`);
  const password = values.get('--password') ?? null;
  if (password !== null && !Password.safeParse(password).success)
    throw new UsageError('--password must have 10 to 200 characters');
  return { email: email.data, password };
}
