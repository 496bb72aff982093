import { EXCHANGE_LISTINGS, SUPPORTED_EXCHANGES } from '@platform/contracts';

type KeyField = 'apiKey' | 'secret' | 'passphrase';
const PASSPHRASE_RULES = {
  required: 'keys need a passphrase',
  forbidden: 'keys have no passphrase',
  optional: 'keys may have a passphrase',
} as const;

/** Each exchange's rule for one key field, as the API documents it (the same rules it checks). */
export function credentialRulesText(field: KeyField): string {
  return SUPPORTED_EXCHANGES.map((exchange) => {
    const rules = EXCHANGE_LISTINGS[exchange].credentials;
    if (field === 'passphrase') return `${exchange} ${PASSPHRASE_RULES[rules.passphrase]}`;
    return `${rules[field].hint} (${rules[field].pattern.source})`;
  }).join('; ');
}
