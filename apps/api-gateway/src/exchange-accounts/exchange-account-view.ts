import type { ExchangeAccountView } from '@platform/api-schemas';
import type { ExchangeAccountRecord } from '@platform/persistence';

const CAN_WITHDRAW_WARNING =
  'this API key can withdraw funds: if it leaked, the funds could leave the exchange; create a key without withdrawal permission';

/** An account as its owner sees it, with what they should fix. */
export const toExchangeAccountView = (account: ExchangeAccountRecord): ExchangeAccountView => ({
  id: account.id,
  exchangeId: account.exchangeId,
  label: account.label,
  apiKeyMasked: account.apiKeyMasked,
  verifiedAt: account.verifiedAt ? account.verifiedAt.toISOString() : null,
  canWithdraw: account.canWithdraw,
  warnings: account.canWithdraw ? [CAN_WITHDRAW_WARNING] : [],
  createdAt: account.createdAt.toISOString(),
});
