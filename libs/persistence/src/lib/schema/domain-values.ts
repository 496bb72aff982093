// Allowed values of the enumerated columns, defined in libs/contracts (browser-safe: the
// dashboard's forms read them too). The migrations hold the same lists as CHECK constraints,
// and domain-values.integration-spec.ts keeps the two in step.
export {
  BacktestStatuses,
  BotActionKinds,
  BotActionStatuses,
  BotDesiredStates,
  BotModes,
  OrderSides,
  OrderStatuses,
  OrderTypes,
  SubscriptionPlans,
  UserRoles,
} from '@platform/contracts';
export type {
  BacktestStatus,
  BotActionKind,
  BotActionStatus,
  BotDesiredState,
  BotMode,
  Decimal,
  OrderSide,
  OrderStatus,
  OrderType,
  SubscriptionPlan,
  UserRole,
} from '@platform/contracts';
