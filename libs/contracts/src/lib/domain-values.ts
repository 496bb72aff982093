// Allowed values of the enumerated columns, the one definition shared by the services and the
// dashboard (this lib is browser-safe). libs/persistence's migrations hold the same lists as
// CHECK constraints, and its domain-values.integration-spec.ts keeps the two in step.
export const UserRoles = ['user', 'admin'] as const;
export type UserRole = (typeof UserRoles)[number];

export const SubscriptionPlans = ['free', 'pro', 'enterprise'] as const;
export type SubscriptionPlan = (typeof SubscriptionPlans)[number];

export const BotModes = ['paper', 'live'] as const;
export type BotMode = (typeof BotModes)[number];

export const BotDesiredStates = ['running', 'stopped'] as const;
export type BotDesiredState = (typeof BotDesiredStates)[number];

export const OrderSides = ['buy', 'sell'] as const;
export type OrderSide = (typeof OrderSides)[number];

export const OrderTypes = ['market', 'limit'] as const;
export type OrderType = (typeof OrderTypes)[number];

/**
 * `intent`: written before the order is sent (docs/architecture.md rule 4: intent before order);
 * `unknown`: sent, but the exchange's answer was lost; resolved by client order id.
 */
export const OrderStatuses = [
  'intent',
  'open',
  'partially_filled',
  'filled',
  'canceled',
  'rejected',
  'expired',
  'unknown',
] as const;
export type OrderStatus = (typeof OrderStatuses)[number];

/** Exact decimal as text (Postgres `numeric`): money and amounts are never floats. */
export type Decimal = string;
