import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  OneToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { SubscriptionPlan } from './domain-values';
import { UserEntity } from './user.entity';

/** A user's plan and its limits (running bots, stored bots, exchange accounts). One per user. */
@Entity({ name: 'subscriptions' })
export class SubscriptionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @OneToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ type: 'text', default: 'free' })
  plan!: SubscriptionPlan;

  @Column({ name: 'max_running_bots', type: 'integer' })
  maxRunningBots!: number;

  /** Bots not deleted. */
  @Column({ name: 'max_bots', type: 'integer' })
  maxBots!: number;

  @Column({ name: 'max_exchange_accounts', type: 'integer' })
  maxExchangeAccounts!: number;

  /** Null: does not expire. */
  @Column({ name: 'valid_until', type: 'timestamptz', nullable: true })
  validUntil!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
