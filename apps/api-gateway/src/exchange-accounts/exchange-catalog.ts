/** Exchanges users may connect; market-data and the bot-workers must know them too. */
export const SUPPORTED_EXCHANGES = ['binance'] as const;
export type SupportedExchange = (typeof SUPPORTED_EXCHANGES)[number];

interface CredentialRule {
  pattern: RegExp;
  hint: string;
}

/**
 * What each exchange's keys look like, to refuse pasted junk (a truncated key, a secret with a
 * stray space) before it is sealed and stored. Checked only, never echoed in an error.
 */
export const CREDENTIAL_RULES: Record<
  SupportedExchange,
  {
    apiKey: CredentialRule;
    secret: CredentialRule;
    passphrase: 'required' | 'forbidden' | 'optional';
  }
> = {
  // Binance HMAC keys: 64 letters and digits each; no passphrase.
  binance: {
    apiKey: { pattern: /^[A-Za-z0-9]{64}$/, hint: 'binance API keys are 64 letters and digits' },
    secret: { pattern: /^[A-Za-z0-9]{64}$/, hint: 'binance secrets are 64 letters and digits' },
    passphrase: 'forbidden',
  },
};
