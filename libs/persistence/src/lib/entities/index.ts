import { BotEventEntity } from './bot-event.entity';
import { BotEntity } from './bot.entity';
import { ExchangeAccountEntity } from './exchange-account.entity';
import { OrderEntity } from './order.entity';
import { SubscriptionEntity } from './subscription.entity';
import { TradeEntity } from './trade.entity';
import { UserEntity } from './user.entity';

export const entities = [
  UserEntity,
  SubscriptionEntity,
  ExchangeAccountEntity,
  BotEntity,
  OrderEntity,
  TradeEntity,
  BotEventEntity,
];

export {
  BotEventEntity,
  BotEntity,
  ExchangeAccountEntity,
  OrderEntity,
  SubscriptionEntity,
  TradeEntity,
  UserEntity,
};
export * from './domain-values';
