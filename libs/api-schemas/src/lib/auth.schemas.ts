import { UserRoles } from '@platform/contracts';
import { z } from 'zod';
import { text } from './text';

// Normalised before it is checked, so ' Ann@Example.COM ' signs up and in as ann@example.com.
const Email = text({ min: 0, max: 254 }).toLowerCase().check(z.email('must be an email address'));
// Passwords are only ever hashed (never stored, shown or logged), so unlike text() any
// character may be in one.
const NewPassword = z
  .string()
  .min(10, 'must have at least 10 characters')
  .max(200, 'must have at most 200 characters');
// Sign-in does not reveal the password rules; a short password is just a wrong one.
const GivenPassword = z.string().min(1, 'is required').max(200, 'must have at most 200 characters');

export const RegisterBody = z.object({ email: Email, password: NewPassword }).strict();
export const LoginBody = z
  .object({ email: text({ max: 254 }).toLowerCase(), password: GivenPassword })
  .strict();
export const ChangePasswordBody = z
  .object({ currentPassword: GivenPassword, newPassword: NewPassword })
  .strict();

export type RegisterBody = z.infer<typeof RegisterBody>;
export type LoginBody = z.infer<typeof LoginBody>;
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;

export const UserView = z.object({ id: z.uuid(), email: z.string(), role: z.enum(UserRoles) });
export const SessionView = z.object({
  token: z.string().describe('send as Authorization: Bearer <token>'),
  expiresAt: z.iso.datetime(),
  user: UserView,
});
export const ProfileView = UserView.extend({
  createdAt: z.iso.datetime(),
  subscription: z
    .object({
      plan: z.string(),
      maxRunningBots: z.number().int(),
      maxBots: z.number().int().describe('bots you may keep (not deleted)'),
      maxExchangeAccounts: z.number().int(),
      validUntil: z.iso.datetime().nullable(),
      expired: z.boolean().describe('an expired paid plan has the free plan’s limits'),
    })
    .describe('the limits that apply now')
    .nullable(),
});

export type UserView = z.infer<typeof UserView>;
export type SessionView = z.infer<typeof SessionView>;
export type ProfileView = z.infer<typeof ProfileView>;
