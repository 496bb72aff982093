import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { BotEntity } from './bot.entity';

/** Audit trail of a bot: started, stopped, claimed by a worker, order placed, error... */
@Entity({ name: 'bot_events' })
export class BotEventEntity {
  /** bigint identity, as a string; also the order of events. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ name: 'bot_id', type: 'uuid' })
  botId!: string;

  @ManyToOne(() => BotEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'bot_id' })
  bot?: BotEntity;

  /** The writer's fencing token; null for writes not made by a running bot (e.g. the API). */
  @Column({ name: 'fence_token', type: 'bigint', nullable: true })
  fenceToken!: string | null;

  /** Past tense, dotted: `bot.started`, `order.placed`, `lease.lost`... */
  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'text', default: '' })
  message!: string;

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  data!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
