import { Inject, Injectable } from '@nestjs/common';
import { SQL, type Sql } from '../sql/sql';

export interface SealedAccount {
  id: string;
  exchangeId: string;
  encryptionKeyId: string;
  credentialsCiphertext: Buffer;
}

/** Exchange accounts as the services need them; the key material stays sealed here. */
@Injectable()
export class ExchangeAccountsRepository {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  async findSealed(id: string): Promise<SealedAccount | null> {
    const rows = await this.sql.query<{
      id: string;
      exchange_id: string;
      encryption_key_id: string;
      credentials_ciphertext: Buffer;
    }>(
      `SELECT id, exchange_id, encryption_key_id, credentials_ciphertext FROM exchange_accounts WHERE id = $1`,
      [id],
    );
    const row = rows[0];
    return row
      ? {
          id: row.id,
          exchangeId: row.exchange_id,
          encryptionKeyId: row.encryption_key_id,
          credentialsCiphertext: row.credentials_ciphertext,
        }
      : null;
  }
}
