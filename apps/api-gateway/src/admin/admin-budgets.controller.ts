import { Controller, Get } from '@nestjs/common';
import { AdminBudgetsView } from '@platform/api-schemas';
import { Route } from '../routes/route.decorator';
import { AdminBudgetsService } from './admin-budgets.service';

/** The exchanges' request budgets as the cluster spends them (admins only). */
@Controller('admin/budgets')
export class AdminBudgetsController {
  constructor(private readonly budgets: AdminBudgetsService) {}

  @Get()
  @Route({
    summary: 'Exchange request budgets: weight this minute, pauses, orders per API key',
    description:
      'Read from Redis, where every market-data and bot-worker process spends them: each exchange’s request weight this minute against the cluster’s budget (EXCHANGE_WEIGHT_BUDGETS) and the exchange’s own limit, a pause after a 429 or 418 with its seconds left, and for each API key live bots trade with the orders sent in the current 10 s window (keys show as their account id and masked key only).',
    auth: 'admin',
    response: AdminBudgetsView,
  })
  read() {
    return this.budgets.budgets();
  }
}
