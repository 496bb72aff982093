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

const count = z.number().int();
export const AdminUserView = z.object({
  id: z.uuid(),
  email: z.string(),
  role: z.enum(UserRoles),
  createdAt: z.iso.datetime(),
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

export const AdminUserList = z.object({
  items: z.array(AdminUserView),
  nextCursor: nextCursorField,
});
