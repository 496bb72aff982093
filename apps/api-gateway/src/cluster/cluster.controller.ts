import { Controller, Get, NotFoundException, Param, ParseUUIDPipe } from '@nestjs/common';
import { ClusterService } from './cluster.service';

/** Operators' view of the cluster (admin-only once authentication lands). */
@Controller('cluster')
export class ClusterController {
  constructor(private readonly cluster: ClusterService) {}

  @Get()
  async overview() {
    const workers = await this.cluster.workers();
    return {
      workers,
      totals: { workers: workers.length, bots: workers.reduce((n, w) => n + w.bots.length, 0) },
    };
  }

  @Get('bots/:botId')
  async bot(@Param('botId', new ParseUUIDPipe()) botId: string) {
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
