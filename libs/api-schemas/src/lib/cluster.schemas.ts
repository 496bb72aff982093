import { z } from 'zod';

export const ClusterBotParams = z.object({ botId: z.uuid('must be a UUID') }).strict();
export type ClusterBotParams = z.infer<typeof ClusterBotParams>;

const iso = z.iso.datetime();

/** A live gateway, as it lists itself in the cluster registry. */
export const GatewayView = z.object({
  instanceId: z.string(),
  host: z.string(),
  pid: z.number().int(),
  startedAt: iso,
  version: z.string().describe('the version of the build it runs (package.json)'),
});
export type GatewayView = z.infer<typeof GatewayView>;

export const ClusterView = z.object({
  workers: z.array(
    z.object({
      id: z.string(),
      host: z.string(),
      pid: z.number().int(),
      capacity: z.number().int(),
      tags: z.array(z.string()),
      startedAt: iso,
      botCount: z.number().int(),
      bots: z.array(
        z.object({
          botId: z.uuid(),
          name: z.string().nullable().describe('null: no such bot in the database'),
          owner: z
            .object({ id: z.uuid(), email: z.string() })
            .nullable()
            .describe('the user the bot belongs to (null: no such bot in the database)'),
          since: iso.nullable(),
          lastTickAt: iso.nullable(),
          fenceToken: z.string().nullable(),
        }),
      ),
    }),
  ),
  marketData: z
    .array(
      z.object({
        instanceId: z.string(),
        host: z.string(),
        pid: z.number().int(),
        startedAt: iso,
        feeds: z.array(z.string()).describe('exchange:symbol:timeframe'),
        feedSources: z
          .array(z.object({ feed: z.string(), source: z.enum(['stream', 'poll']) }))
          .describe(
            "each feed's source now: the exchange's WebSocket stream, or REST polling (no stream for that exchange, MARKET_STREAMS=off, or its stream down or stale)",
          ),
      }),
    )
    .describe('replicas that answered a ping within the transport timeout'),
  gateways: z
    .array(GatewayView)
    .describe('gateways whose registry entry is live (rewritten every second, 5 s TTL)'),
  totals: z.object({
    workers: z.number().int(),
    gateways: z.number().int(),
    bots: z.number().int(),
    marketData: z.number().int(),
    feeds: z.number().int(),
  }),
});
