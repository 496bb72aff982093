import { SubscriptionPlans, UserRoles } from '@platform/contracts';
import { z } from 'zod';
import { cursorParam, decodeTimeCursor, limitParam, nextCursorField } from './paging';
import { text } from './text';

export const AdminUserListQuery = z
  .object({
    email: text({ max: 254 })
      .toLowerCase()
      .optional()
      .describe('only users whose email contains this (case-insensitive)'),
    limit: limitParam,
    cursor: cursorParam(decodeTimeCursor),
  })
  .strict();
export type AdminUserListQuery = z.infer<typeof AdminUserListQuery>;

export const AdminUserParams = z.object({ id: z.uuid('must be a UUID') }).strict();
export type AdminUserParams = z.infer<typeof AdminUserParams>;

export const ChangePlanBody = z
  .object({
    plan: z.enum(SubscriptionPlans),
    validUntil: z.iso
      .datetime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2030-01-31T00:00:00Z' })
      .refine((at) => Date.parse(at) > Date.now(), {
        message: 'must be in the future',
        when: (payload) => payload.issues.length === 0, // not a date at all: said already
      })
      .nullable()
      .optional()
      .describe('when a paid plan ends (then the free limits apply); omitted or null: never'),
  })
  .strict()
  .superRefine((body, context) => {
    if (body.plan === 'free' && body.validUntil)
      context.addIssue({
        code: 'custom',
        path: ['validUntil'],
        message: 'the free plan does not expire: leave validUntil out',
      });
  });
export type ChangePlanBody = z.infer<typeof ChangePlanBody>;

export const ChangeRoleBody = z.object({ role: z.enum(UserRoles) }).strict();
export type ChangeRoleBody = z.infer<typeof ChangeRoleBody>;

export const DISABLED_REASON_MAX = 500;

export const ChangeUserStatusBody = z
  .object({
    disabled: z
      .boolean('must be true (disable) or false (enable)')
      .describe(
        'true: sign-in refused, every session ended, every bot stopped; false: may sign in again (bots stay stopped)',
      ),
    reason: text({ min: 0, max: DISABLED_REASON_MAX })
      .optional()
      .describe('why, for the other operators (never shown to the user); with disabled: true'),
  })
  .strict()
  .superRefine((body, context) => {
    if (body.disabled === false && body.reason)
      context.addIssue({
        code: 'custom',
        path: ['reason'],
        message: 'only a disable takes a reason: leave it out',
      });
  });
export type ChangeUserStatusBody = z.infer<typeof ChangeUserStatusBody>;

const count = z.number().int();
export const AdminUserView = z.object({
  id: z.uuid(),
  email: z.string(),
  role: z.enum(UserRoles),
  createdAt: z.iso.datetime(),
  disabled: z.boolean().describe('an operator disabled the account: it cannot sign in'),
  disabledAt: z.iso.datetime().nullable().describe('since when (null: enabled)'),
  disabledReason: z.string().nullable().describe('why, as the operator wrote it'),
  subscription: z
    .object({
      plan: z.enum(SubscriptionPlans),
      validUntil: z.iso.datetime().nullable(),
      expired: z.boolean().describe('an expired paid plan has the free plan’s limits'),
      maxRunningBots: count,
      maxBots: count,
      maxExchangeAccounts: count,
    })
    .describe('the stored limits (an expired plan: the free limits apply)')
    .nullable(),
  usage: z.object({ bots: count, runningBots: count, exchangeAccounts: count }),
});
export type AdminUserView = z.infer<typeof AdminUserView>;

export const AdminUserStatusView = AdminUserView.extend({
  stoppedBots: count.describe('bots this request stopped (they were set to run)'),
  endedSessions: count.describe('sessions this request ended, on every gateway'),
});
export type AdminUserStatusView = z.infer<typeof AdminUserStatusView>;

export const AdminUserList = z.object({
  items: z.array(AdminUserView),
  nextCursor: nextCursorField,
});

const seconds = z.number().int().min(0);
export const AdminBudgetsView = z.object({
  exchanges: z
    .array(
      z.object({
        exchangeId: z.string(),
        weightUsed: count.describe('request weight the whole cluster spent this minute'),
        weightLimit: count
          .nullable()
          .describe(
            'the cluster’s budget per minute (EXCHANGE_WEIGHT_BUDGETS); null: not set here',
          ),
        exchangeWeightLimit: count.describe('what the exchange itself allows per minute'),
        windowEndsInSeconds: seconds.describe('when this minute’s count starts again at 0'),
        pause: z
          .object({ secondsLeft: seconds })
          .nullable()
          .describe('after a 429 or 418 nobody in the cluster calls the exchange until it ends'),
      }),
    )
    .describe('each exchange’s request weight budget, shared by every process (Redis)'),
  orderBudgets: z
    .array(
      z.object({
        accountId: z.uuid(),
        exchangeId: z.string(),
        apiKeyMasked: z.string().describe('the only trace of the key shown anywhere'),
        liveBots: count,
        runningBots: count,
        ordersUsed: count.describe('orders and cancels sent with this key in the current window'),
        exchangeOrderLimit: count
          .nullable()
          .describe('what the exchange allows per key and window; null: no known limit'),
      }),
    )
    .describe(
      'the order budget of each API key live bots trade with (bot-workers hold it under ORDER_BUDGET_PER_10S)',
    ),
  orderWindow: z.object({
    seconds: seconds.describe('the order budget’s window'),
    endsInSeconds: seconds,
  }),
  truncated: z
    .boolean()
    .describe('more keys than the read-out lists (those with running bots first)'),
});
export type AdminBudgetsView = z.infer<typeof AdminBudgetsView>;
