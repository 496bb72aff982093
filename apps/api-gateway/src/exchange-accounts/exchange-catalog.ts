import { type CredentialRules, credentialRulesOf } from '@platform/exchange';

/** Exchanges users may connect; market-data and the bot-workers must know them too. */
export const SUPPORTED_EXCHANGES = ['binance'] as const;
export type SupportedExchange = (typeof SUPPORTED_EXCHANGES)[number];

/**
 * What each exchange's keys look like, to refuse pasted junk (a truncated key, a secret with a
 * stray space) before it is sealed and stored. Checked only, never echoed in an error. The
 * rules are the exchange's facts: its descriptor in @platform/exchange holds them.
 */
export const CREDENTIAL_RULES = Object.fromEntries(
  SUPPORTED_EXCHANGES.map((exchangeId) => [exchangeId, credentialRulesOf(exchangeId)]),
) as Record<SupportedExchange, CredentialRules>;

type KeyField = 'apiKey' | 'secret' | 'passphrase';
const PASSPHRASE_RULES = {
  required: 'keys need a passphrase',
  forbidden: 'keys have no passphrase',
  optional: 'keys may have a passphrase',
} as const;

/** Each exchange's rule for one key field, as the API documents it (the same rules it checks). */
export function credentialRulesText(field: KeyField): string {
  return SUPPORTED_EXCHANGES.map((exchange) => {
    const rules = CREDENTIAL_RULES[exchange];
    if (field === 'passphrase') return `${exchange} ${PASSPHRASE_RULES[rules.passphrase]}`;
    return `${rules[field].hint} (${rules[field].pattern.source})`;
  }).join('; ');
}
