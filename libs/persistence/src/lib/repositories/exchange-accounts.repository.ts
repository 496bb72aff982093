import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface SealedAccount {
  id: string;
  exchangeId: string;
  encryptionKeyId: string;
  credentialsCiphertext: Buffer;
}

/** Exchange accounts as the services need them; the key material stays sealed here. */
@Injectable()
export class ExchangeAccountsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findSealed(id: string): Promise<SealedAccount | null> {
    const rows: {
      id: string;
      exchange_id: string;
      encryption_key_id: string;
      credentials_ciphertext: Buffer;
    }[] = await this.dataSource.query(
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
