import { EXCHANGE_LISTINGS, SUPPORTED_EXCHANGES } from '@platform/contracts';
import { z } from 'zod';
import { credentialRulesText } from './credential-rules-text';
import { text } from './text';

const VISIBLE_ASCII = /^[\x21-\x7E]+$/;
const keyMaterial = (min: number, max: number) =>
  z
    .string()
    .min(min, `must have at least ${min} characters`)
    .max(max, `must have at most ${max} characters`)
    .regex(VISIBLE_ASCII, 'must be printable ASCII without spaces');

export const CreateExchangeAccountBody = z
  .object({
    exchangeId: z.enum(SUPPORTED_EXCHANGES),
    label: text({ max: 100 }),
    apiKey: keyMaterial(16, 512).describe(
      `The exchange's API key. Per exchange: ${credentialRulesText('apiKey')}. This schema's length and pattern are only the bounds all exchanges share.`,
    ),
    secret: keyMaterial(16, 4096).describe(
      `The key's secret. Per exchange: ${credentialRulesText('secret')}. This schema's length and pattern are only the bounds all exchanges share.`,
    ),
    passphrase: keyMaterial(1, 128)
      .optional()
      .describe(`Per exchange: ${credentialRulesText('passphrase')}.`),
  })
  .strict()
  // Each exchange's key format refuses pasted junk (a truncated key, a secret with a stray
  // space) before it is sealed and stored; checked only, never echoed in an error.
  .superRefine((account, context) => {
    const rules = EXCHANGE_LISTINGS[account.exchangeId].credentials;
    for (const field of ['apiKey', 'secret'] as const) {
      if (!rules[field].pattern.test(account[field]))
        context.addIssue({ code: 'custom', path: [field], message: rules[field].hint });
    }
    if (rules.passphrase === 'required' && !account.passphrase)
      context.addIssue({
        code: 'custom',
        path: ['passphrase'],
        message: `${account.exchangeId} keys need a passphrase`,
      });
    if (rules.passphrase === 'forbidden' && account.passphrase !== undefined)
      context.addIssue({
        code: 'custom',
        path: ['passphrase'],
        message: `${account.exchangeId} keys have no passphrase`,
      });
  });
export type CreateExchangeAccountBody = z.infer<typeof CreateExchangeAccountBody>;

export const ExchangeAccountParams = z.object({ id: z.uuid('must be a UUID') }).strict();
export type ExchangeAccountParams = z.infer<typeof ExchangeAccountParams>;

/** All a response ever shows of an account: never the key, the secret or the ciphertext. */
export const ExchangeAccountView = z.object({
  id: z.uuid(),
  exchangeId: z.string(),
  label: z.string(),
  apiKeyMasked: z.string().describe('first and last four characters of the API key'),
  verifiedAt: z.iso
    .datetime()
    .nullable()
    .describe('when a signed call with these keys last succeeded'),
  canWithdraw: z
    .boolean()
    .nullable()
    .describe('the key may withdraw funds: use a trade-only key (null: unknown)'),
  warnings: z.array(z.string()).describe('what the user should fix, e.g. a key that can withdraw'),
  createdAt: z.iso.datetime(),
});
export type ExchangeAccountView = z.infer<typeof ExchangeAccountView>;

export const ExchangeAccountList = z.object({ items: z.array(ExchangeAccountView) });

export const BalanceView = z.object({
  exchangeAccountId: z.uuid(),
  balances: z.record(
    z.string(),
    z.object({ free: z.string(), used: z.string(), total: z.string() }),
  ),
  fetchedAt: z.iso.datetime().describe('balances are cached for up to 30 s'),
});
