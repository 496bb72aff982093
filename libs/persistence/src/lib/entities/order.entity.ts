import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { BotEntity } from './bot.entity';
import type { BotMode, Decimal, OrderSide, OrderStatus, OrderType } from './domain-values';

/**
 * An order, first written as an `intent` with a deterministic client order id, then sent,
 * then updated with the exchange's answer (rule 4). The unique client order id is what stops
 * a duplicate: the exchange only rejects duplicates among its open orders.
 */
@Entity({ name: 'orders' })
export class OrderEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'bot_id', type: 'uuid' })
  botId!: string;

  @ManyToOne(() => BotEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'bot_id' })
  bot?: BotEntity;

  @Column({ name: 'client_order_id', type: 'text', unique: true })
  clientOrderId!: string;

  /** The owner's fencing token when the intent was written. */
  @Column({ name: 'fence_token', type: 'bigint' })
  fenceToken!: string;

  @Column({ name: 'exchange_id', type: 'text' })
  exchangeId!: string;

  @Column({ type: 'text' })
  symbol!: string;

  /** Paper orders live in the bot's own ledger; live ones at the exchange. */
  @Column({ type: 'text' })
  mode!: BotMode;

  /** The account a live order was sent with (its ids are unique per account and symbol). */
  @Column({ name: 'exchange_account_id', type: 'uuid', nullable: true })
  exchangeAccountId!: string | null;

  /** The exchange's own id, known once the exchange has answered. */
  @Column({ name: 'exchange_order_id', type: 'text', nullable: true })
  exchangeOrderId!: string | null;

  @Column({ type: 'text' })
  side!: OrderSide;

  @Column({ type: 'text' })
  type!: OrderType;

  @Column({ type: 'numeric' })
  amount!: Decimal;

  /** Limit price; null for market orders. */
  @Column({ type: 'numeric', nullable: true })
  price!: Decimal | null;

  @Column({ type: 'numeric', default: '0' })
  filled!: Decimal;

  @Column({ name: 'average_price', type: 'numeric', nullable: true })
  averagePrice!: Decimal | null;

  @Column({ type: 'text', default: 'intent' })
  status!: OrderStatus;

  /** What made the strategy place it, e.g. `sma-cross-up`. */
  @Column({ type: 'text', nullable: true })
  signal!: string | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
