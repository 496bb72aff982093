import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { UserEntity } from './user.entity';

/**
 * A user's API keys on one exchange. The key, secret and passphrase are stored only as one
 * AES-256-GCM ciphertext (with the id of the master key that sealed it, so master keys can
 * rotate); there is no plaintext column. `apiKeyMasked` (first and last 4 characters) is what
 * responses show.
 */
@Entity({ name: 'exchange_accounts' })
export class ExchangeAccountEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  /** ccxt exchange id, e.g. `binance`. */
  @Column({ name: 'exchange_id', type: 'text' })
  exchangeId!: string;

  @Column({ type: 'text' })
  label!: string;

  /** Id of the master key in ENCRYPTION_KEYS that sealed `credentialsCiphertext`. */
  @Column({ name: 'encryption_key_id', type: 'text' })
  encryptionKeyId!: string;

  /** nonce + ciphertext + auth tag of the JSON credentials. */
  @Column({ name: 'credentials_ciphertext', type: 'bytea' })
  credentialsCiphertext!: Buffer;

  @Column({ name: 'api_key_masked', type: 'text' })
  apiKeyMasked!: string;

  /** Set when a signed call with these keys succeeded; live bots need it. */
  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true })
  verifiedAt!: Date | null;

  /** Whether the exchange says the key may withdraw (null: unknown). */
  @Column({ name: 'can_withdraw', type: 'boolean', nullable: true })
  canWithdraw!: boolean | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
