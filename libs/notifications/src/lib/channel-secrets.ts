import type { KeyRing } from '@platform/exchange';
import type { SealedSecret } from '@platform/persistence';

// Bound to the channel's id: a ciphertext copied onto another channel's row does not open.
const context = (channelId: string) => `notification_channel:${channelId}`;

/** Seals a channel's secret (a Telegram bot token, a webhook signing secret) with the key ring. */
export const sealChannelSecret = (ring: KeyRing, channelId: string, secret: string): SealedSecret =>
  ring.seal(secret, context(channelId));

export const openChannelSecret = (ring: KeyRing, channelId: string, sealed: SealedSecret): string =>
  ring.open(sealed, context(channelId)).toString('utf8');
