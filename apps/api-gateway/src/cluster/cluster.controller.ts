import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { Route } from '../routes/route.decorator';
import { ClusterBotParams } from './cluster.schemas';
import { ClusterService } from './cluster.service';

/** Operators' view of the cluster (admins only). */
@Controller('cluster')
export class ClusterController {
  constructor(private readonly cluster: ClusterService) {}

  @Get()
  @Route({ summary: 'Live bot-workers and the bots each runs', auth: 'admin' })
  async overview() {
    const workers = await this.cluster.workers();
    return {
      workers,
      totals: { workers: workers.length, bots: workers.reduce((n, w) => n + w.bots.length, 0) },
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
