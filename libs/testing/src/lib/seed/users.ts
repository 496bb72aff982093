import { rowsOf, type SeedDb, unique } from './seed-db';

/** A subscription row: pass a plan's limits, e.g. `{ plan: 'pro', ...PLAN_LIMITS.pro }`. */
export interface PlanSeed {
  plan: 'free' | 'pro' | 'enterprise';
  maxRunningBots: number;
  maxBots: number;
  maxExchangeAccounts: number;
  validUntil?: Date | null;
}

export interface UserSeed {
  /** Lower-case (the table's CHECK); a unique `user-<hex>@example.com` by default. */
  email?: string;
  role?: 'user' | 'admin';
  /** Nobody signs in with a seeded user: sign up through the API for that. */
  passwordHash?: string;
  /**
   * Without one the user has no subscription row, so the API's plan checks allow it nothing;
   * bots, accounts and orders seeded for it are not counted against a plan anyway.
   */
  plan?: PlanSeed;
}

export interface SeededUser {
  id: string;
  email: string;
}

/** A user, and its subscription when `plan` is given, in one statement. */
export async function seedUser(db: SeedDb, seed: UserSeed = {}): Promise<SeededUser> {
  const [row] = await rowsOf<SeededUser>(
    db,
    `WITH new_user AS (
       INSERT INTO users (email, password_hash, role) VALUES ($1, $2, $3) RETURNING id, email),
     plan AS (
       INSERT INTO subscriptions (user_id, plan, max_running_bots, max_bots, max_exchange_accounts, valid_until)
       SELECT id, $4::text, $5::int, $6::int, $7::int, $8::timestamptz FROM new_user
        WHERE $4::text IS NOT NULL)
     SELECT id, email FROM new_user`,
    [
      seed.email ?? `user-${unique()}@example.com`,
      seed.passwordHash ?? 'h',
      seed.role ?? 'user',
      seed.plan?.plan ?? null,
      seed.plan?.maxRunningBots ?? null,
      seed.plan?.maxBots ?? null,
      seed.plan?.maxExchangeAccounts ?? null,
      seed.plan?.validUntil ?? null,
    ],
  );
  return row;
}
