// What a user may ask a bot to do at once, besides start and stop (POST /bots/{id}/cancel-orders
// and /liquidate). The request is a row in Postgres (`bot_actions`) that the bot's owner reads on
// its reconcile pass (rule 1): the transport only hints. Column values, like domain-values.ts.

/**
 * `cancel_orders`: cancel the bot's open orders at the exchange. `liquidate`: cancel them, sell
 * the whole position at the market, then stop the bot.
 */
export const BotActionKinds = ['cancel_orders', 'liquidate'] as const;
export type BotActionKind = (typeof BotActionKinds)[number];

/** `pending` until the owner finished it: `done`, or `failed` with the reason. */
export const BotActionStatuses = ['pending', 'done', 'failed'] as const;
export type BotActionStatus = (typeof BotActionStatuses)[number];
