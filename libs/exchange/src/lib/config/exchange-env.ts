import { env } from '@platform/service-kit';
import { KeyRing } from '../crypto/key-ring';
import { DESCRIBED_EXCHANGES, exchangeDescriptor } from '../descriptor/exchange-registry';

// half of what each described exchange allows: room for other tools sharing the IP
const defaultBudgets = DESCRIBED_EXCHANGES.map(
  (id) => `${id}=${exchangeDescriptor(id).weightPerMinute / 2}`,
).join(',');

/** `binance=http://127.0.0.1:8090`: where to reach an exchange instead of its public API. */
const exchangeUrl = (entry: string) => {
  const [exchangeId, url] = entry.split('=');
  if (!exchangeId || !url || !/^https?:\/\//.test(url))
    throw new Error(`"${entry}" is not <exchange>=<http(s) URL>`);
  return { exchangeId, url };
};

/** The environment of every service that talks to exchanges (market-data, bot-worker). */
export const exchangeEnv = {
  EXCHANGE_BASE_URLS: env.list({
    description:
      'exchanges reached at another address (simulator, testnet), e.g. binance=http://127.0.0.1:8090',
    default: '',
    item: exchangeUrl,
  }),
  EXCHANGE_WEIGHT_BUDGETS: env.list({
    description:
      'request weight per minute the whole cluster may spend per exchange, <exchange>=<weight> (binance allows 6000; default half of it)',
    default: defaultBudgets,
    item: (entry: string) => {
      const [exchangeId, weight] = entry.split('=');
      if (!exchangeId || !/^\d+$/.test(weight ?? ''))
        throw new Error(`"${entry}" is not <exchange>=<weight>`);
      return { exchangeId, weight: Number(weight) };
    },
  }),
};

/** Master keys that seal exchange API keys (gateway seals, market-data and bot-worker open). */
export const encryptionKeysEnv = {
  ENCRYPTION_KEYS: env.custom(
    {
      description:
        'master keys that seal exchange keys, <id>:<base64 32 bytes>, newest first (openssl rand -base64 32); empty: exchange keys cannot be used',
      default: '',
      secret: true,
    },
    (raw) => (raw === '' ? null : KeyRing.parse(raw)),
  ),
};
