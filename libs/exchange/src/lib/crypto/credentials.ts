import type { KeyRing, Sealed } from './key-ring';

/** API credentials of an exchange account; only ever plaintext in memory. */
export interface ExchangeCredentials {
  apiKey: string;
  secret: string;
  /** Some exchanges (OKX, KuCoin, ...) need one. */
  passphrase?: string;
}

/** What responses may show of a key: its first and last four characters. */
export function maskApiKey(apiKey: string): string {
  if (apiKey.length <= 8) return '*'.repeat(apiKey.length);
  return `${apiKey.slice(0, 4)}...${apiKey.slice(-4)}`;
}

/** Seals credentials for the exchange_accounts row identified by `accountId`. */
export function sealCredentials(
  ring: KeyRing,
  accountId: string,
  credentials: ExchangeCredentials,
): Sealed & { apiKeyMasked: string } {
  const sealed = ring.seal(JSON.stringify(credentials), `exchange_account:${accountId}`);
  return { ...sealed, apiKeyMasked: maskApiKey(credentials.apiKey) };
}

export function openCredentials(
  ring: KeyRing,
  accountId: string,
  sealed: Sealed,
): ExchangeCredentials {
  return JSON.parse(
    ring.open(sealed, `exchange_account:${accountId}`).toString('utf8'),
  ) as ExchangeCredentials;
}
