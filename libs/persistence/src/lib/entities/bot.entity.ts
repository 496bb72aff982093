import {
  Column,
  CreateDateColumn,
  DeleteDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { BotDesiredState, BotMode } from './domain-values';
import { ExchangeAccountEntity } from './exchange-account.entity';
import { UserEntity } from './user.entity';

/**
 * A configured bot. `desiredState` is the truth about whether it should run (rule 1); where it
 * actually runs is a lease in Redis. `fenceToken` is bumped by every new owner (rule 3) and
 * every write made on the bot's behalf is conditioned on it.
 */
@Entity({ name: 'bots' })
export class BotEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  /** Required for live bots; paper bots may trade without keys. */
  @Column({ name: 'exchange_account_id', type: 'uuid', nullable: true })
  exchangeAccountId!: string | null;

  @ManyToOne(() => ExchangeAccountEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'exchange_account_id' })
  exchangeAccount?: ExchangeAccountEntity | null;

  @Column({ type: 'text' })
  name!: string;

  /** ccxt exchange id, e.g. `binance`. */
  @Column({ name: 'exchange_id', type: 'text' })
  exchangeId!: string;

  /** Unified symbol, e.g. `BTC/USDT`. */
  @Column({ type: 'text' })
  symbol!: string;

  /** Candle interval, e.g. `1m`, `1h`. */
  @Column({ type: 'text' })
  timeframe!: string;

  @Column({ type: 'text' })
  strategy!: string;

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  params!: Record<string, unknown>;

  @Column({ type: 'text', default: 'paper' })
  mode!: BotMode;

  @Column({ name: 'desired_state', type: 'text', default: 'stopped' })
  desiredState!: BotDesiredState;

  /** Only workers carrying this tag (e.g. `region=sp`) may run the bot; null: any worker. */
  @Column({ name: 'placement_tag', type: 'text', nullable: true })
  placementTag!: string | null;

  /** bigint, as a string: JavaScript numbers lose precision past 2^53. */
  @Column({ name: 'fence_token', type: 'bigint', default: '0' })
  fenceToken!: string;

  /** A stop by the user cancels the bot's open orders first (false: they stay at the exchange). */
  @Column({ name: 'cancel_orders_on_stop', type: 'boolean', default: true })
  cancelOrdersOnStop!: boolean;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  /** When the engine stopped the bot on an error it must not retry (bad keys, no funds). */
  @Column({ name: 'last_error_at', type: 'timestamptz', nullable: true })
  lastErrorAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  /** Soft delete: a deleted bot keeps its orders and trades for the user's history. */
  @DeleteDateColumn({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;
}
