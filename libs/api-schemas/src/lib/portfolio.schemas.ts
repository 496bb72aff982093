import { BotModes } from '@platform/contracts';
import { z } from 'zod';
import { BotStatusView } from './bot-activity.schemas';

const status = BotStatusView.shape;
const decimal = z.string().describe('exact decimal as text, in the quote currency');

/** One bot as GET /bots/:id/status shows it, without the paper balances. */
export const PortfolioBot = z.object({
  id: z.uuid(),
  name: z.string(),
  exchangeId: z.string(),
  symbol: z.string(),
  mode: z.enum(BotModes),
  strategy: z.string(),
  desiredState: status.desiredState,
  actualState: status.actualState,
  worker: status.worker,
  position: status.position,
  price: status.price.describe(
    'the market snapshot market-data keeps in Redis; null when there is none (nobody runs a bot on that market)',
  ),
  unrealizedProfit: status.unrealizedProfit,
  lastError: status.lastError,
  lastErrorAt: status.lastErrorAt,
});
export type PortfolioBot = z.infer<typeof PortfolioBot>;

export const PortfolioTotal = z.object({
  mode: z.enum(BotModes).describe('paper and live money are never added up'),
  quoteCurrency: z.string().describe('the quote of the bots’ symbols, e.g. USDT of BTC/USDT'),
  bots: z.number().int(),
  realizedProfit: decimal,
  feesQuote: decimal,
  unrealizedProfit: decimal.describe('of the bots with a price'),
  unpricedBots: z
    .number()
    .int()
    .describe('bots holding a position without a price: missing from unrealizedProfit'),
});
export type PortfolioTotal = z.infer<typeof PortfolioTotal>;

export const PortfolioView = z.object({
  bots: z.array(PortfolioBot).describe('newest first'),
  totals: z.array(PortfolioTotal).describe('per mode and quote currency, over `bots`'),
  truncated: z
    .boolean()
    .describe('more bots exist than the largest plan may store: only the newest are here'),
});
export type PortfolioView = z.infer<typeof PortfolioView>;
