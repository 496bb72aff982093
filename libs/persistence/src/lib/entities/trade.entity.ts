import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { BotEntity } from './bot.entity';
import type { Decimal, OrderSide } from './domain-values';
import { OrderEntity } from './order.entity';

/** One fill of an order, with its fee. Unique per (order, exchange trade id): no fill twice. */
@Entity({ name: 'trades' })
export class TradeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId!: string;

  @ManyToOne(() => OrderEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'order_id' })
  order?: OrderEntity;

  @Column({ name: 'bot_id', type: 'uuid' })
  botId!: string;

  @ManyToOne(() => BotEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'bot_id' })
  bot?: BotEntity;

  @Column({ name: 'exchange_trade_id', type: 'text' })
  exchangeTradeId!: string;

  @Column({ type: 'text' })
  side!: OrderSide;

  @Column({ type: 'numeric' })
  price!: Decimal;

  @Column({ type: 'numeric' })
  amount!: Decimal;

  @Column({ type: 'numeric', default: '0' })
  fee!: Decimal;

  @Column({ name: 'fee_currency', type: 'text', nullable: true })
  feeCurrency!: string | null;

  @Column({ name: 'executed_at', type: 'timestamptz' })
  executedAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
