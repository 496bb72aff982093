import { Controller, Get } from '@nestjs/common';
import { EngineStats } from './engine-stats';

/** `GET /stats`: the engine's figures since the previous read (benchmarks, operators). */
@Controller('stats')
export class StatsController {
  constructor(private readonly stats: EngineStats) {}

  @Get()
  read() {
    return this.stats.read();
  }
}
