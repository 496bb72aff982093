import { Controller, Get } from '@nestjs/common';
import { StrategyList } from '@platform/api-schemas';
import { Route } from '../routes/route.decorator';
import { strategyCatalog } from './strategy-catalog';

@Controller('strategies')
export class StrategiesController {
  // The registry is fixed at build time: one answer for the process's life.
  private readonly catalog: StrategyList = { items: strategyCatalog() };

  @Get()
  @Route({
    summary:
      'The strategies a bot can run: their params (JSON Schema, defaults filled in) and the candles they need',
    auth: 'user',
    response: StrategyList,
  })
  list(): StrategyList {
    return this.catalog;
  }
}
