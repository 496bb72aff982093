import { Injectable } from '@nestjs/common';
import { type WorkerInfo, WorkerRegistry } from '@platform/cluster';
import { MarketDataPatterns, type MarketDataPingReply } from '@platform/contracts';
import { type BotClaim, BotsRepository } from '@platform/persistence';
import { PeerCensus } from '../peers/peer-census';
import { GatewayRegistry } from './gateway-registry';

export interface ClusterBotView {
  botId: string;
  /** Null only for an id the database does not know. */
  name: string | null;
  owner: { id: string; email: string } | null;
  /** When this worker claimed it (ISO-8601). */
  since: string | null;
  lastTickAt: string | null;
  fenceToken: string | null;
}

/** A live worker as the registry has it, with its bots' placements instead of bare ids. */
export type ClusterWorkerView = Omit<WorkerInfo, 'botIds'> & {
  botCount: number;
  bots: ClusterBotView[];
};

/** A market-data replica, the feeds (`exchange:symbol:timeframe`) it reads and each one's source. */
export type MarketDataView = Pick<
  MarketDataPingReply,
  'instanceId' | 'host' | 'pid' | 'startedAt' | 'feeds'
> &
  Required<Pick<MarketDataPingReply, 'feedSources'>>;

const iso = (date: Date | null | undefined) => (date ? new Date(date).toISOString() : null);

/**
 * Live workers (from the Redis registry) with their bots (placements from Postgres), the
 * market-data replicas that answer a census, and the gateways that list themselves.
 */
@Injectable()
export class ClusterService {
  constructor(
    private readonly registry: WorkerRegistry,
    private readonly bots: BotsRepository,
    private readonly census: PeerCensus,
    private readonly gatewayRegistry: GatewayRegistry,
  ) {}

  gateways() {
    return this.gatewayRegistry.list();
  }

  /** Every market-data replica that answers the ping in time, with its feeds. */
  async marketData(): Promise<MarketDataView[]> {
    const replies = await this.census.gather<MarketDataPingReply>(MarketDataPatterns.Ping);
    return replies
      .map(({ instanceId, host, pid, startedAt, feeds, feedSources }) => ({
        instanceId,
        host,
        pid,
        startedAt,
        feeds: [...(feeds ?? [])].sort(),
        // a replica of an older build does not say: its feeds are polled
        feedSources: [
          ...(feedSources ?? (feeds ?? []).map((feed) => ({ feed, source: 'poll' as const }))),
        ].sort((a, b) => a.feed.localeCompare(b.feed)),
      }))
      .sort((a, b) => a.instanceId.localeCompare(b.instanceId));
  }

  /** The workers with their bots named and owned: one query for every bot of every worker. */
  async workers(): Promise<ClusterWorkerView[]> {
    const workers = await this.registry.list();
    const placements = new Map(
      (await this.bots.placements(workers.flatMap((w) => w.botIds))).map(
        (p) => [p.botId, p] as const,
      ),
    );
    return workers.map(({ botIds, ...worker }) => ({
      ...worker,
      botCount: botIds.length,
      bots: botIds.map((botId) => {
        const placement = placements.get(botId);
        const claim = placement?.claim;
        return {
          botId,
          name: placement?.name ?? null,
          owner: placement ? { id: placement.ownerId, email: placement.ownerEmail } : null,
          since: iso(claim?.claimedAt),
          lastTickAt: iso(claim?.lastTickAt),
          fenceToken: claim?.fenceToken ?? null,
        };
      }),
    }));
  }

  /** Where one bot runs now, or null when no worker runs it. */
  async placementOf(botId: string): Promise<BotClaim | null> {
    const [placement] = await this.bots.placements([botId]);
    return placement?.claim ?? null;
  }
}
