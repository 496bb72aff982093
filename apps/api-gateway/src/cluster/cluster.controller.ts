import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { ClusterBotParams, ClusterView } from '@platform/api-schemas';
import { Route } from '../routes/route.decorator';
import { ClusterService } from './cluster.service';

/** Operators' view of the cluster (admins only). */
@Controller('cluster')
export class ClusterController {
  constructor(private readonly cluster: ClusterService) {}

  @Get()
  @Route({
    summary:
      'Live bot-workers (host, bots), market-data replicas and the feeds each polls, gateways',
    auth: 'admin',
    response: ClusterView,
  })
  async overview() {
    const [workers, marketData, gateways] = await Promise.all([
      this.cluster.workers(),
      this.cluster.marketData(),
      this.cluster.gateways(),
    ]);
    return {
      workers,
      marketData,
      gateways,
      totals: {
        workers: workers.length,
        gateways: gateways.length,
        bots: workers.reduce((n, w) => n + w.botCount, 0),
        marketData: marketData.length,
        feeds: new Set(marketData.flatMap((m) => m.feeds)).size,
      },
    };
  }

  @Get('bots/:botId')
  @Route({
    summary: 'Which worker and host runs a bot, since when',
    auth: 'admin',
    params: ClusterBotParams,
  })
  async bot(@Param() { botId }: ClusterBotParams) {
    const placement = await this.cluster.placementOf(botId);
    if (!placement) throw new NotFoundException(`bot ${botId} is not running on any worker`);
    return {
      botId,
      workerId: placement.workerId,
      host: placement.host,
      since: new Date(placement.claimedAt).toISOString(),
      lastTickAt: placement.lastTickAt ? new Date(placement.lastTickAt).toISOString() : null,
      fenceToken: placement.fenceToken,
    };
  }
}
