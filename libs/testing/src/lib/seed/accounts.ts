import { randomUUID } from 'node:crypto';
import { idOf, type Ref, rowsOf, type SeedDb, unique } from './seed-db';

/** An API key as the gateway stores it: what `sealCredentials` of @platform/exchange returns. */
export interface SealedKey {
  keyId: string;
  ciphertext: Buffer;
  apiKeyMasked: string;
}

export interface AccountSeed {
  id?: string;
  exchangeId?: string;
  /** Unique per user; `account-<hex>` by default. */
  label?: string;
  /** Verified now (live bots start only on a verified account); unverified by default, as added. */
  verified?: boolean;
  /**
   * The key, sealed for the new account's id (the seal is bound to it), for tests whose
   * services open it: `(id) => sealCredentials(ring, id, simulatorKey)`. Without it the
   * account holds a placeholder that no service can open.
   */
  sealedFor?: (accountId: string) => SealedKey;
}

export interface SeededAccount {
  id: string;
  userId: string;
  exchangeId: string;
  label: string;
}

const PLACEHOLDER: SealedKey = {
  keyId: 'k1',
  ciphertext: Buffer.from([0]),
  apiKeyMasked: 'abcd...wxyz',
};

/** An exchange account of `user`. */
export async function seedAccount(
  db: SeedDb,
  user: Ref,
  seed: AccountSeed = {},
): Promise<SeededAccount> {
  const id = seed.id ?? randomUUID();
  const key = seed.sealedFor?.(id) ?? PLACEHOLDER;
  const [row] = await rowsOf<{ id: string; user_id: string; exchange_id: string; label: string }>(
    db,
    `INSERT INTO exchange_accounts (id, user_id, exchange_id, label, encryption_key_id,
       credentials_ciphertext, api_key_masked, verified_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $8::boolean THEN now() END)
     RETURNING id, user_id, exchange_id, label`,
    [
      id,
      idOf(user),
      seed.exchangeId ?? 'binance',
      seed.label ?? `account-${unique()}`,
      key.keyId,
      key.ciphertext,
      key.apiKeyMasked,
      seed.verified ?? false,
    ],
  );
  return { id: row.id, userId: row.user_id, exchangeId: row.exchange_id, label: row.label };
}
