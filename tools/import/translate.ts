// One legacy row into the row it becomes here, or the reason it is refused. Pure: what depends
// on other rows (duplicates, owners, plan limits) is decided in import-plan.ts.
import { CreateExchangeAccountBody, RegisterBody } from '@platform/api-schemas';
import type { SubscriptionPlan } from '@platform/contracts';
import type { ExchangeCredentials } from '@platform/exchange';
import { randomBytes } from 'node:crypto';
import type { LegacyRow } from './legacy-file';

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };
export const refuse = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

const text = (cell: unknown): string | null =>
  cell === null || cell === undefined ? null : String(cell);
/** SQLAlchemy's Boolean in SQLite: 0/1 (some apps wrote 'true'/'false'). */
export const flag = (cell: unknown, fallback: boolean): boolean =>
  cell === null || cell === undefined
    ? fallback
    : ['1', 'true', 't', 'yes'].includes(String(cell).toLowerCase());

/**
 * SQLAlchemy's DateTime in SQLite is naive text, `2024-03-01 12:00:00.123456`, written in UTC
 * by the old app (datetime.utcnow); ISO 8601 with a zone is taken as it says. Null: unreadable.
 */
export function legacyTime(cell: unknown): string | null {
  const value = text(cell)?.trim();
  if (!value) return null;
  const match =
    /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(
      value,
    );
  if (!match) return null;
  const [, date, time, zone] = match;
  const parsed = new Date(`${date}T${time.slice(0, 12)}${zone ?? 'Z'}`);
  return Number.isNaN(parsed.getTime()) ? null : parsed.toISOString();
}

/** A positive decimal as Postgres numeric text; null when it is not one. */
function decimal(cell: unknown, allowZero = false): string | null {
  const value =
    typeof cell === 'bigint' ? Number(cell) : typeof cell === 'string' ? Number(cell.trim()) : cell;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < 0 ||
    (!allowZero && value === 0)
  )
    return null;
  return String(value);
}

// ---------------------------------------------------------------- users

export interface ImportedUser {
  email: string;
  passwordHash: string;
  /** False: the legacy hash is not one the gateway verifies; this one matches no password. */
  passwordKept: boolean;
  disabled: boolean;
  createdAt: string | null;
}

// What the gateway's argon2.verify accepts: PHC strings of argon2id (passlib's argon2 writes them).
const ARGON2ID =
  /^\$argon2id\$v=19\$[mtp]=\d+,[mtp]=\d+,[mtp]=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;

/**
 * A well-formed argon2id hash of nothing anyone knows (random salt and digest): sign-in with
 * it fails like a wrong password (401, same cost), never as an error, until a new password is set.
 */
function lockedPasswordHash(): string {
  const b64 = (n: number) => randomBytes(n).toString('base64').replace(/=+$/, '');
  return `$argon2id$v=19$m=19456,t=2,p=1$${b64(16)}$${b64(32)}`;
}

export function translateUser(row: LegacyRow): Checked<ImportedUser> {
  const email = RegisterBody.shape.email.safeParse(text(row['email']) ?? '');
  if (!email.success) return refuse('email is not an email address');
  const hash = text(row['hashed_password'])?.trim() ?? '';
  const passwordKept = ARGON2ID.test(hash);
  return {
    ok: true,
    value: {
      email: email.data,
      passwordHash: passwordKept ? hash : lockedPasswordHash(),
      passwordKept,
      disabled: !flag(row['is_active'], true),
      createdAt: legacyTime(row['created_at']),
    },
  };
}

// ---------------------------------------------------------------- subscriptions

/** The old app's plan names and ours (PLAN_LIMITS). */
export const LEGACY_PLANS: Readonly<Record<string, SubscriptionPlan>> = {
  free: 'free',
  trial: 'pro',
  basic: 'pro',
  pro: 'pro',
  premium: 'enterprise',
  business: 'enterprise',
  enterprise: 'enterprise',
};

export interface ImportedSubscription {
  plan: SubscriptionPlan;
  validUntil: string | null;
}

export function translateSubscription(row: LegacyRow): Checked<ImportedSubscription> {
  const name = (text(row['plan']) ?? '').trim().toLowerCase();
  const plan = Object.hasOwn(LEGACY_PLANS, name) ? LEGACY_PLANS[name] : undefined;
  if (!plan)
    return refuse(
      `unknown plan "${name.slice(0, 40)}" (known: ${Object.keys(LEGACY_PLANS).join(', ')})`,
    );
  const rawUntil = text(row['valid_until']);
  const validUntil = legacyTime(rawUntil);
  if (rawUntil !== null && rawUntil.trim() !== '' && validUntil === null)
    return refuse('valid_until is not a date and time');
  return { ok: true, value: { plan, validUntil } };
}

// ---------------------------------------------------------------- api_keys

export interface ImportedKey {
  exchangeId: string;
  /** The legacy label, or one made up; made unique per user by the plan. */
  label: string;
  credentials: ExchangeCredentials;
  createdAt: string | null;
}

// Fernet tokens (Python's cryptography) start with version byte 0x80: "gAAAAA" in base64.
const FERNET = /^gAAAAA[A-Za-z0-9_-]{40,}={0,2}$/;

/** Keys as the old app stored them: in clear (docs/legacy-sqlite-schema.md). Errors never quote them. */
export function translateKey(row: LegacyRow): Checked<ImportedKey> {
  const apiKey = text(row['api_key'])?.trim() ?? '';
  const secret = text(row['api_secret'])?.trim() ?? '';
  const passphrase = text(row['passphrase'])?.trim() || undefined;
  if (FERNET.test(apiKey) || FERNET.test(secret))
    return refuse(
      'the key is encrypted (a Fernet token): export it in clear from the old app first',
    );
  const exchangeId = (text(row['exchange']) ?? '').trim().toLowerCase();
  const label = (text(row['label']) ?? '').trim().slice(0, 80) || `${exchangeId} key ${row.id}`;
  const body = CreateExchangeAccountBody.safeParse({
    exchangeId,
    label,
    apiKey,
    secret,
    ...(passphrase && { passphrase }),
  });
  if (!body.success)
    return refuse(
      body.error.issues
        .map((issue) => `${issue.path.join('.') || 'key'}: ${issue.message}`)
        .join('; '),
    );
  return {
    ok: true,
    value: {
      exchangeId: body.data.exchangeId,
      label: body.data.label,
      credentials: { apiKey, secret, ...(passphrase && { passphrase }) },
      createdAt: legacyTime(row['created_at']),
    },
  };
}

// ---------------------------------------------------------------- trades

export interface ImportedTrade {
  side: 'buy' | 'sell';
  price: string;
  amount: string;
  fee: string;
  feeCurrency: string | null;
  exchangeTradeId: string;
  executedAt: string;
}

export function translateTrade(row: LegacyRow): Checked<ImportedTrade> {
  const side = (text(row['side']) ?? '').trim().toLowerCase();
  if (side !== 'buy' && side !== 'sell') return refuse('side is neither buy nor sell');
  const price = decimal(row['price']);
  if (price === null) return refuse('price is not a positive number');
  const amount = decimal(row['amount']);
  if (amount === null) return refuse('amount is not a positive number');
  const fee = row['fee'] === null ? '0' : decimal(row['fee'], true);
  if (fee === null) return refuse('fee is not a number >= 0');
  const executedAt = legacyTime(row['executed_at']);
  if (executedAt === null) return refuse('executed_at is not a date and time');
  return {
    ok: true,
    value: {
      side,
      price,
      amount,
      fee,
      feeCurrency: text(row['fee_currency'])?.trim().slice(0, 20) || null,
      exchangeTradeId: text(row['exchange_trade_id'])?.trim().slice(0, 100) || `legacy-${row.id}`,
      executedAt,
    },
  };
}
