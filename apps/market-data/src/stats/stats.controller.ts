import { Controller, Get } from '@nestjs/common';
import { FeedsService } from '../feeds/feeds.service';

/**
 * `GET /stats`: the streams' figures since start (connected exchanges, reconnects, fallbacks to
 * polling and back, updates streamed and polled) and each held feed's source now.
 */
@Controller('stats')
export class StatsController {
  constructor(private readonly feeds: FeedsService) {}

  @Get()
  read() {
    return this.feeds.report();
  }
}
